package io.sparkdtrain.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Budget sweeps, for optimisers that report no per-iteration timing (MLlib's
 * {@code LogisticRegression}, {@code GradientDescent.runMiniBatchSGD}): fit afresh with budgets
 * {@code k1 < k2 < ...} (maxIter, numIterations), time each fit, evaluate each model, and take the
 * first budget that reaches a gap. Both MLlib optimisers are deterministic for a fixed budget, so
 * the first repeat {@link #scan scans} and later repeats {@link #retimeBudgets re-time} only the
 * budgets that matter: the first reaching each gap and the last one scanned (for the per-iteration
 * cost).
 */
public final class Sweep {
  private Sweep() {}

  /** One fresh fit with the given budget, timed and evaluated. */
  @FunctionalInterface
  public interface Fit {
    Checkpoint fit(int budget);
  }

  /** Fits each budget in order, stopping after the first fit at which every gap has been reached. */
  public static List<Checkpoint> scan(int[] budgets, Fit fit, double fStar, List<Double> gaps) {
    List<Checkpoint> points = new ArrayList<>();
    for (int k : budgets) {
      points.add(fit.fit(k));
      if (GapMath.allReached(points, fStar, gaps)) {
        break;
      }
    }
    return points;
  }

  /** Fits each budget in order (a re-timing pass). */
  public static List<Checkpoint> run(int[] budgets, Fit fit) {
    List<Checkpoint> points = new ArrayList<>();
    for (int k : budgets) {
      points.add(fit.fit(k));
    }
    return points;
  }

  /** The budgets a later repeat re-times: the first reaching each gap, and the last scanned. */
  public static int[] retimeBudgets(List<Checkpoint> scan, double fStar, List<Double> gaps) {
    TreeSet<Integer> budgets = new TreeSet<>();
    for (double g : gaps) {
      int i = GapMath.firstReaching(scan, fStar, g);
      if (i >= 0) {
        budgets.add(scan.get(i).budget());
      }
    }
    if (!scan.isEmpty()) {
      budgets.add(scan.get(scan.size() - 1).budget());
    }
    return budgets.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Seconds per round of the last checkpoint (its fit's time over its rounds), NaN if none. */
  public static double secondsPerRound(List<Checkpoint> points) {
    if (points.isEmpty()) {
      return Double.NaN;
    }
    Checkpoint last = points.get(points.size() - 1);
    return last.rounds() > 0 ? last.seconds() / last.rounds() : Double.NaN;
  }

  /**
   * Parses a strictly increasing, comma-separated list of positive budgets ("10,20,50").
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  public static int[] parseBudgets(String option, String spec) {
    String[] parts = spec.split(",");
    int[] budgets = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String t = parts[i].trim();
      try {
        budgets[i] = Integer.parseInt(t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid value '" + t + "' for option " + option + ": not an integer");
      }
      if (budgets[i] < 1 || (i > 0 && budgets[i] <= budgets[i - 1])) {
        throw new IllegalArgumentException("Invalid value '" + spec + "' for option " + option
            + ": budgets must be >= 1 and strictly increasing");
      }
    }
    return budgets;
  }

  /** The budgets 1, 2, ..., {@code max}. */
  public static int[] upTo(int max) {
    int[] b = new int[max];
    for (int i = 0; i < max; i++) {
      b[i] = i + 1;
    }
    return b;
  }
}
