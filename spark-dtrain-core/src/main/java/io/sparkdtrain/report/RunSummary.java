package io.sparkdtrain.report;

import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.events.EventLog;
import io.sparkdtrain.events.WorkerEvent;
import io.sparkdtrain.metrics.RoundRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row of the measured comparison table, in the shape of the product brief's table: method,
 * communication, staleness, wall-clock to a target accuracy and final accuracy, plus the final
 * objective, rounds and the share of worker time spent waiting. Everything comes from the run's
 * result and event log.
 *
 * @param secondsToTarget training wall-clock at the first evaluated round whose test accuracy reached
 *     the target, or {@code NaN} if none did (or there is no test set)
 * @param finalAccuracy final test accuracy, or {@code NaN} without a test set
 * @param meanStaleness mean staleness over the updates that have one, or {@code NaN} for none
 * @param maxStaleness largest staleness, or {@code -1} for none
 * @param waitShare waiting time over all worker time (receive, compute, wait, send), 0 without events
 */
public record RunSummary(String label, String method, int rounds, long bytesCommunicated, int workerEvents,
                         double meanStaleness, int maxStaleness, double secondsToTarget, double finalAccuracy,
                         double finalObjective, double wallClockSeconds, double waitShare) {

  /** The row of {@code run} for the target accuracy {@code target} (NaN = none). */
  public static RunSummary of(ReportRun run, double target) {
    TrainingResult r = run.result();
    EventLog log = r.events();
    int[] staleness = log.staleness();
    double mean = Double.NaN;
    int max = -1;
    if (staleness.length > 0) {
      long sum = 0;
      for (int s : staleness) {
        sum += s;
        max = Math.max(max, s);
      }
      mean = sum / (double) staleness.length;
    }
    double toTarget = Double.NaN;
    if (!Double.isNaN(target)) {
      for (RoundRecord rec : r.history()) {
        if (rec.test() != null && rec.test().accuracy() >= target) {
          toTarget = rec.seconds();
          break;
        }
      }
    }
    double wait = 0;
    double busy = 0;
    for (WorkerEvent e : log.events()) {
      wait += e.waitMs();
      busy += e.receiveMs() + e.computeMs() + e.waitMs() + e.sendMs();
    }
    return new RunSummary(run.label(), run.method(), r.rounds(), r.bytesCommunicated(), log.events().size(), mean,
        max, toTarget, r.finalTest() == null ? Double.NaN : r.finalTest().accuracy(), r.finalObjective(),
        r.wallClockSeconds(), busy > 0 ? wait / busy : 0);
  }

  /**
   * The default target accuracy of a comparison: 99% of the best final test accuracy among the runs
   * (NaN without test sets), so that the column compares how fast each run got close to the best.
   */
  public static double defaultTarget(List<ReportRun> runs) {
    double best = Double.NaN;
    for (ReportRun run : runs) {
      if (run.result().finalTest() != null) {
        double a = run.result().finalTest().accuracy();
        best = Double.isNaN(best) ? a : Math.max(best, a);
      }
    }
    return Double.isNaN(best) ? Double.NaN : Math.floor(best * 0.99 * 1000) / 1000;
  }

  /** Communication as text: megabytes and rounds. */
  public String communication() {
    return String.format(Locale.ROOT, "%.1f MB in %d rounds", bytesCommunicated / 1e6, rounds);
  }

  /** Staleness as text: "0 (barrier)" for synchronous runs, mean and max otherwise. */
  public String staleness() {
    if (workerEvents == 0) {
      return "n/a (no worker events)";
    }
    return maxStaleness < 0 ? "0 (barrier)" : String.format(Locale.ROOT, "mean %.1f, max %d", meanStaleness, maxStaleness);
  }

  /** Wall-clock to the target as text. */
  public String toTarget() {
    return Double.isNaN(secondsToTarget) ? "not reached" : String.format(Locale.ROOT, "%.2f s", secondsToTarget);
  }

  /** Final accuracy as text. */
  public String accuracy() {
    return Double.isNaN(finalAccuracy) ? "n/a" : String.format(Locale.ROOT, "%.4f", finalAccuracy);
  }

  /** The columns of {@link #cells()}. */
  public static List<String> header(double target) {
    return List.of("run", "method", "communication", "staleness",
        Double.isNaN(target) ? "wall-clock to target" : String.format(Locale.ROOT, "wall-clock to acc %.3f", target),
        "final accuracy", "final objective", "wall-clock", "workers waiting");
  }

  /** The row's cells, as text. */
  public List<String> cells() {
    return List.of(label, method, communication(), staleness(), toTarget(), accuracy(),
        String.format(Locale.ROOT, "%.5f", finalObjective), String.format(Locale.ROOT, "%.2f s", wallClockSeconds),
        String.format(Locale.ROOT, "%.0f%%", 100 * waitShare));
  }

  /** The rows as a Markdown table (also readable on a console). */
  public static String markdown(List<RunSummary> rows, double target) {
    List<List<String>> all = new ArrayList<>();
    all.add(header(target));
    rows.forEach(r -> all.add(r.cells()));
    int[] width = new int[all.get(0).size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < all.size(); r++) {
      sb.append('|');
      for (int i = 0; i < width.length; i++) {
        sb.append(' ').append(String.format("%-" + width[i] + "s", all.get(r).get(i))).append(" |");
      }
      sb.append('\n');
      if (r == 0) {
        sb.append('|');
        for (int w : width) {
          sb.append('-').append("-".repeat(w)).append("-|");
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
