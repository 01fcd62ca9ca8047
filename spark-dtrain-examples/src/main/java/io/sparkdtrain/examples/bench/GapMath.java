package io.sparkdtrain.examples.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The relative objective gap {@code (F - F*) / |F*|} and its targets. A method reaches gap
 * {@code g} at the first checkpoint whose objective is at or below {@code F* + g |F*|}; for a positive
 * {@code F*} (every loss here) that is {@code (1 + g) F*}, the {@code targetObjective} handed to our
 * strategies, so both ways of stopping agree.
 */
public final class GapMath {
  private GapMath() {}

  /** The relative gap of {@code objective} to the optimum {@code fStar}. */
  public static double relativeGap(double objective, double fStar) {
    return (objective - fStar) / Math.abs(fStar);
  }

  /** The objective a method has to reach for gap {@code gap}. */
  public static double target(double fStar, double gap) {
    return fStar + gap * Math.abs(fStar);
  }

  /** Index of the first checkpoint reaching {@code gap}, or {@code -1}; NaN objectives never reach. */
  public static int firstReaching(List<Checkpoint> checkpoints, double fStar, double gap) {
    double t = target(fStar, gap);
    for (int i = 0; i < checkpoints.size(); i++) {
      if (checkpoints.get(i).objective() <= t) {
        return i;
      }
    }
    return -1;
  }

  /** One {@link GapPoint} per gap, from checkpoints in increasing order of rounds. */
  public static List<GapPoint> gapPoints(List<Checkpoint> checkpoints, double fStar, List<Double> gaps) {
    List<GapPoint> points = new ArrayList<>();
    for (double g : gaps) {
      int i = firstReaching(checkpoints, fStar, g);
      Checkpoint at = i >= 0 ? checkpoints.get(i)
          : checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
      points.add(new GapPoint(g, target(fStar, g), i >= 0, at));
    }
    return points;
  }

  /** True when every gap is reached by some checkpoint. */
  public static boolean allReached(List<Checkpoint> checkpoints, double fStar, List<Double> gaps) {
    for (double g : gaps) {
      if (firstReaching(checkpoints, fStar, g) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses a comma-separated list of gaps ("1e-2,1e-3"), each in (0, 1).
   *
   * @throws IllegalArgumentException naming the value that is not a number or out of range
   */
  public static List<Double> parseGaps(String spec) {
    List<Double> gaps = new ArrayList<>();
    for (String s : spec.split(",")) {
      String t = s.trim();
      double g;
      try {
        g = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid value '" + t + "' for option --gaps: not a number");
      }
      if (!(g > 0 && g < 1)) {
        throw new IllegalArgumentException("Invalid value '" + t + "' for option --gaps: each gap must be in (0, 1)");
      }
      gaps.add(g);
    }
    return gaps;
  }
}
