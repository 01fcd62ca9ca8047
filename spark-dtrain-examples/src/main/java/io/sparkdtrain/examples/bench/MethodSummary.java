package io.sparkdtrain.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repeats of one method summarised: per gap, how many runs reached it and the spread of their
 * times, rounds, accuracy and bytes (over the runs that reached it); the spread of the per-round cost
 * and of the final test accuracy.
 */
public record MethodSummary(String method, String label, String settings, int runs, List<GapSummary> gaps,
                            Spread secondsPerRound, Spread perRoundRounds, Spread finalAccuracy,
                            Spread secondsPerExample) {

  /**
   * One gap across the repeats. When no run reached it, {@code rounds}, {@code accuracy} and
   * {@code gapAtEnd} describe the last checkpoints instead.
   */
  public record GapSummary(double gap, int reached, int runs, Spread seconds, Spread rounds,
                           Spread accuracy, Spread bytes, Spread gapAtEnd) {

    /** The summary as a JSON-ready map. */
    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("gap", gap);
      m.put("reached", reached);
      m.put("runs", runs);
      m.put("seconds", seconds.asMap());
      m.put("rounds", rounds.asMap());
      m.put("accuracy", accuracy.asMap());
      m.put("bytes", bytes.asMap());
      m.put("relative_gap_at_end", gapAtEnd.asMap());
      return m;
    }
  }

  /** Summarises {@code runs} (all of one method) against the optimum {@code fStar}. */
  public static MethodSummary of(BenchMethod m, List<MethodRun> runs, double fStar) {
    return of(m.id(), m.label(), m.settings(), runs, fStar);
  }

  /** Summarises {@code runs} (all of one method) against the optimum {@code fStar}. */
  public static MethodSummary of(String method, String label, String settings, List<MethodRun> runs,
                                 double fStar) {
    List<GapSummary> gaps = new ArrayList<>();
    int numGaps = runs.isEmpty() ? 0 : runs.get(0).gaps().size();
    for (int j = 0; j < numGaps; j++) {
      int n = runs.size();
      int reached = 0;
      double[] secs = new double[n];
      double[] rounds = new double[n];
      double[] acc = new double[n];
      double[] bytes = new double[n];
      double[] end = new double[n];
      for (int i = 0; i < n; i++) {
        GapPoint p = runs.get(i).gaps().get(j);
        reached += p.reached() ? 1 : 0;
        Checkpoint c = p.at();
        secs[i] = p.reached() && c != null ? c.seconds() : Double.NaN;
        end[i] = c == null ? Double.NaN : GapMath.relativeGap(c.objective(), fStar);
      }
      boolean any = reached > 0;
      for (int i = 0; i < n; i++) {
        GapPoint p = runs.get(i).gaps().get(j);
        Checkpoint c = p.at();
        boolean use = c != null && p.reached() == any;
        rounds[i] = use ? c.rounds() : Double.NaN;
        acc[i] = use ? c.accuracy() : Double.NaN;
        bytes[i] = use && c.bytes() >= 0 ? c.bytes() : Double.NaN;
      }
      gaps.add(new GapSummary(runs.get(0).gaps().get(j).gap(), reached, n, Spread.of(secs),
          Spread.of(rounds), Spread.of(acc), Spread.of(bytes), Spread.of(end)));
    }
    return new MethodSummary(method, label, settings, runs.size(), gaps,
        Spread.of(runs.stream().mapToDouble(MethodRun::secondsPerRound).toArray()),
        Spread.of(runs.stream().mapToDouble(r -> (double) r.perRoundRounds()).toArray()),
        Spread.of(runs.stream().mapToDouble(MethodRun::finalAccuracy).toArray()),
        Spread.of(runs.stream().mapToDouble(MethodRun::secondsPerExample).toArray()));
  }

  /** The summary of gap {@code gap}, or {@code null}. */
  public GapSummary gap(double gap) {
    return gaps.stream().filter(g -> g.gap() == gap).findFirst().orElse(null);
  }

  /** The summary as a JSON-ready map. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method);
    m.put("label", label);
    m.put("settings", settings);
    m.put("runs", runs);
    List<Map<String, Object>> g = new ArrayList<>();
    gaps.forEach(x -> g.add(x.asMap()));
    m.put("gaps", g);
    m.put("seconds_per_round", secondsPerRound.asMap());
    m.put("per_round_rounds", perRoundRounds.asMap());
    m.put("final_accuracy", finalAccuracy.asMap());
    m.put("seconds_per_example", secondsPerExample.asMap());
    return m;
  }
}
