package io.sparkdtrain.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One repeat of one method: where it stands against each gap, its cost per round, the final model's
 * objective and test accuracy, and the raw checkpoints it was measured at.
 *
 * @param method the method's id ({@link BenchMethod#id()})
 * @param repeat 1-based repeat number
 * @param secondsPerRound training seconds per round (iteration), over {@code perRoundRounds} rounds
 * @param perRoundRounds the rounds the per-round cost was measured over
 * @param finalObjective training objective of the last model
 * @param finalAccuracy test accuracy of the last model ({@code NaN} without a test set)
 * @param trace the checkpoints, in increasing order of rounds
 * @param secondsPerExample compute seconds per training example processed (a gradient of one row
 *     and its update), {@code NaN} when the method does not say how many it processed
 */
public record MethodRun(String method, int repeat, List<GapPoint> gaps, double secondsPerRound,
                        long perRoundRounds, double finalObjective, double finalAccuracy,
                        List<Checkpoint> trace, double secondsPerExample) {

  public MethodRun {
    gaps = List.copyOf(gaps);
    trace = List.copyOf(trace);
  }

  /** Builds the run from checkpoints (rounds increasing): gap points and the last model's numbers. */
  public static MethodRun fromCheckpoints(String method, int repeat, List<Checkpoint> trace, double fStar,
                                          List<Double> gaps, double secondsPerRound) {
    return fromCheckpoints(method, repeat, trace, fStar, gaps, secondsPerRound, Double.NaN);
  }

  /** As {@link #fromCheckpoints(String, int, List, double, List, double)}, with the per-example cost. */
  public static MethodRun fromCheckpoints(String method, int repeat, List<Checkpoint> trace, double fStar,
                                          List<Double> gaps, double secondsPerRound, double secondsPerExample) {
    Checkpoint last = trace.isEmpty() ? null : trace.get(trace.size() - 1);
    return new MethodRun(method, repeat, GapMath.gapPoints(trace, fStar, gaps), secondsPerRound,
        last == null ? 0 : last.rounds(), last == null ? Double.NaN : last.objective(),
        last == null ? Double.NaN : last.accuracy(), trace, secondsPerExample);
  }

  /** One progress line: each gap's time and rounds (or where it stood), and the cost per round. */
  public String describe(double fStar) {
    StringBuilder sb = new StringBuilder(method + " repeat " + repeat + ":");
    for (GapPoint p : gaps) {
      sb.append(' ').append(BenchTables.sci(p.gap())).append(' ');
      if (p.reached()) {
        sb.append(String.format(Locale.ROOT, "in %.3f s (%d rounds)", p.at().seconds(), p.at().rounds()));
      } else if (p.at() != null) {
        sb.append(String.format(Locale.ROOT, "not reached (gap %.2e after %d rounds)",
            GapMath.relativeGap(p.at().objective(), fStar), p.at().rounds()));
      } else {
        sb.append("failed");
      }
      sb.append(';');
    }
    sb.append(String.format(Locale.ROOT, " %.4f s/round", secondsPerRound));
    return sb.toString();
  }

  /** The run as a JSON-ready map. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method);
    m.put("repeat", repeat);
    List<Map<String, Object>> g = new ArrayList<>();
    gaps.forEach(p -> g.add(p.asMap()));
    m.put("gaps", g);
    m.put("seconds_per_round", Json.number(secondsPerRound));
    m.put("per_round_rounds", perRoundRounds);
    m.put("seconds_per_example", Json.number(secondsPerExample));
    m.put("final_objective", Json.number(finalObjective));
    m.put("final_accuracy", Json.number(finalAccuracy));
    List<Map<String, Object>> t = new ArrayList<>();
    trace.forEach(c -> t.add(c.asMap()));
    m.put("trace", t);
    return m;
  }
}
