package io.sparkdtrain.examples;

import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.metrics.RoundRecord;
import java.io.PrintStream;

/**
 * A one-line progress bar on the console (standard error), redrawn every round:
 * {@code [#####.....] round 12/100  objective 0.3412  acc 0.8431  ETA 3s}.
 */
final class ConsoleProgress implements TrainingListener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean interactive;
  private int maxRounds;
  private double lastObjective = Double.NaN;
  private double lastAccuracy = Double.NaN;
  private String strategy = "";

  ConsoleProgress(PrintStream out) {
    this.out = out;
    this.interactive = System.console() != null;
  }

  @Override
  public void onStart(String strategy, int maxRounds) {
    this.strategy = strategy;
    this.maxRounds = maxRounds;
  }

  @Override
  public void onRound(RoundRecord r) {
    if (!Double.isNaN(r.objective())) {
      lastObjective = r.objective();
    }
    if (r.test() != null) {
      lastAccuracy = r.test().accuracy();
    }
    int filled = maxRounds == 0 ? 0 : (int) Math.min(WIDTH, (long) WIDTH * r.round() / maxRounds);
    double eta = r.round() == 0 ? Double.NaN : r.seconds() / r.round() * (maxRounds - r.round());
    String line = String.format("[%s%s] %s round %d/%d  objective %.5f%s  %s",
        "#".repeat(filled), ".".repeat(WIDTH - filled), strategy, r.round(), maxRounds, lastObjective,
        Double.isNaN(lastAccuracy) ? "" : String.format("  acc %.4f", lastAccuracy),
        Double.isNaN(eta) ? "" : String.format("ETA %.0fs", eta));
    if (interactive) {
      out.print("\r" + line);
    } else if (r.round() % Math.max(1, maxRounds / 10) == 0) {
      out.println(line);
    }
    out.flush();
  }

  @Override
  public void onEnd(TrainingResult result) {
    if (interactive) {
      out.println();
    }
  }
}
