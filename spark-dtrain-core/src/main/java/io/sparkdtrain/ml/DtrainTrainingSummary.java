package io.sparkdtrain.ml;

import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.events.EventLog;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.report.ReportDirectory;
import io.sparkdtrain.report.ReportRun;
import io.sparkdtrain.report.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;

/**
 * What a {@code fit} recorded, available on the model it returned ({@code model.summary()}); a
 * model loaded from disk has none. Like MLlib's {@code LogisticRegressionTrainingSummary}: the
 * metrics of the model on its training data ({@link #predictions()}, {@link #accuracy()},
 * {@link #areaUnderROC()}, {@link #roc()}, see {@link DtrainPredictionSummary}),
 * {@link #objectiveHistory()} and {@link #totalIterations()}; beyond it, A view of the strategy's {@link TrainingResult}: the per-round
 * history (round, seconds, objective, bytes), the final objective, rounds, bytes communicated,
 * the report map the command line writes as JSON, and the per-worker event log (compute, waits,
 * staleness) from which {@link #writeReport} draws the HTML report of {@code dtrain --report-dir}.
 */
public final class DtrainTrainingSummary extends DtrainPredictionSummary {
  private static final long serialVersionUID = 1L;

  private final TrainingResult result;

  /**
   * The summary of {@code model}, trained on {@code training}, from the strategy's result; the
   * columns and class count as {@link DtrainPredictionSummary} takes them.
   */
  DtrainTrainingSummary(TrainingResult result, Transformer model, Dataset<?> training, String labelCol,
                        String weightCol, String predictionCol, String rawPredictionCol, int numClasses) {
    super(() -> model.transform(training), labelCol, weightCol, predictionCol, rawPredictionCol, numClasses);
    this.result = result;
  }

  /** The number of rounds run (MLlib's name; the same as {@link #totalRounds()}). */
  public int totalIterations() { return result.rounds(); }

  /** The strategy that trained the model ("sync", "local", ...). */
  public String strategy() { return result.strategy(); }

  /** One record per round: round number, seconds since the start, objective (NaN if not evaluated), bytes. */
  public List<RoundRecord> history() { return result.history(); }

  /** The training objective of every evaluated round, in order (MLlib's {@code objectiveHistory}). */
  public double[] objectiveHistory() {
    return result.history().stream().mapToDouble(RoundRecord::objective)
        .filter(v -> !Double.isNaN(v)).toArray();
  }

  /** The training objective of the final model over the whole training set. */
  public double finalObjective() { return result.finalObjective(); }

  /** Rounds run. */
  public int totalRounds() { return result.rounds(); }

  /** Bytes communicated (model down plus updates up, all workers). */
  public long bytesCommunicated() { return result.bytesCommunicated(); }

  /** Training wall-clock in seconds, evaluation passes excluded. */
  public double wallClockSeconds() { return result.wallClockSeconds(); }

  /** Why training stopped: "max_rounds", "converged", ... */
  public String stopReason() { return result.stopReason().name().toLowerCase(java.util.Locale.ROOT); }

  /** The JSON-ready report ({@link TrainingResult#asReport()}), strategy extras included. */
  public Map<String, Object> report() { return result.asReport(); }

  /**
   * The run's per-worker events (steps, barrier waits, pushes with their staleness), as
   * {@code events.json} of {@code --report-dir} holds them; empty for a strategy that records none.
   */
  public EventLog events() { return result.events(); }

  /**
   * Writes the report of this run into {@code dir} (created if needed), as {@code dtrain train
   * --report-dir} does: {@code report.html}, the charts (objective vs time, rounds and bytes,
   * staleness histogram, worker timeline) and {@code events.json}/{@code events.csv}.
   *
   * @return the summary row of the report's table
   */
  public RunSummary writeReport(Path dir) throws IOException {
    List<RunSummary> rows = ReportDirectory.write(dir, "spark-dtrain " + strategy(), Map.of(),
        List.of(new ReportRun(strategy(), strategy(), result)), Double.NaN);
    return rows.get(0);
  }

  /** The underlying result. */
  public TrainingResult result() { return result; }

  @Override
  public String toString() {
    return "DtrainTrainingSummary(strategy=" + strategy() + ", rounds=" + totalRounds()
        + ", finalObjective=" + finalObjective() + ", bytesCommunicated=" + bytesCommunicated()
        + ", stopReason=" + stopReason() + ")";
  }
}
