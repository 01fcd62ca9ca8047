package io.sparkdtrain.ml;

import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.metrics.RoundRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a {@link DtrainMultilayerPerceptronClassifier} {@code fit} recorded, on the model it returned
 * ({@code model.summary()}), like MLlib's {@code MultilayerPerceptronClassificationTrainingSummary}:
 * the metrics of the model on its training rows ({@link #predictions()}, {@link #accuracy()}, see
 * {@link DtrainPredictionSummary}), {@link #objectiveHistory()} and {@link #totalIterations()}; beyond
 * it, the history the strategy's training loop recorded round by round ({@link #history()}): seconds
 * of training since the start (evaluation passes excluded), bytes communicated so far, the training
 * objective and, when the classifier's {@code validationIndicatorCol} marked validation rows, their
 * accuracy. Nothing is recomputed: each entry is the engine's {@link RoundRecord} (the command
 * line's JSON {@code history}).
 *
 * <p>Like MLlib's summaries it is not saved: a model loaded from disk has none
 * ({@code hasSummary()} is false).
 */
public final class DtrainMultilayerPerceptronTrainingSummary extends DtrainPredictionSummary {
  private static final long serialVersionUID = 1L;

  private final TrainingResult result;
  private final boolean validated;

  /**
   * One round of training as the engine recorded it.
   *
   * @param round 0 for the starting model, then 1, 2, ...
   * @param seconds training seconds since the start, evaluation passes excluded
   * @param bytesCommunicated bytes communicated so far (model down plus updates up, all workers)
   * @param objective training objective (mean loss plus penalty over the training rows), NaN when
   *     the round was not evaluated
   * @param validationAccuracy accuracy on the validation rows, NaN without validation rows or when
   *     the round was not evaluated
   */
  public record Round(int round, double seconds, long bytesCommunicated, double objective,
                      double validationAccuracy) implements java.io.Serializable {}

  DtrainMultilayerPerceptronTrainingSummary(TrainingResult result, boolean validated,
                                            DtrainMultilayerPerceptronClassificationModel model,
                                            Dataset<?> training, String labelCol, String weightCol,
                                            String predictionCol, String rawPredictionCol) {
    super(() -> model.transform(training), labelCol, weightCol, predictionCol, rawPredictionCol,
        model.numClasses());
    this.result = result;
    this.validated = validated;
  }

  /** Rounds run (MLlib's name). */
  public int totalIterations() { return result.rounds(); }

  /** The strategy that trained the model ("sync", "local", "async", ...). */
  public String strategy() { return result.strategy(); }

  /** Whether the fit had validation rows ({@code validationIndicatorCol}). */
  public boolean hasValidation() { return validated; }

  /**
   * One entry per round, round 0 (the starting model, 0 seconds, 0 bytes) first, so
   * {@code totalIterations() + 1} entries. Which rounds are evaluated (objective and validation
   * accuracy not NaN) follows the engine's adaptive cadence (evaluation at most about 20% of the
   * time); the starting model and the last round are always evaluated.
   */
  public List<Round> history() {
    List<Round> rounds = new ArrayList<>(result.history().size());
    for (RoundRecord r : result.history()) {
      double accuracy = r.test() == null ? Double.NaN : r.test().accuracy();
      rounds.add(new Round(r.round(), r.seconds(), r.bytesCommunicated(), r.objective(), accuracy));
    }
    return rounds;
  }

  /**
   * {@link #history()} as a DataFrame of the active session, for SQL and charts: columns
   * {@code round}, {@code seconds}, {@code bytes_communicated}, {@code objective},
   * {@code validation_accuracy} (null where the entry is NaN).
   */
  public Dataset<Row> historyDataFrame() {
    StructType schema = new StructType().add("round", DataTypes.IntegerType)
        .add("seconds", DataTypes.DoubleType).add("bytes_communicated", DataTypes.LongType)
        .add("objective", DataTypes.DoubleType).add("validation_accuracy", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (Round r : history()) {
      rows.add(RowFactory.create(r.round(), r.seconds(), r.bytesCommunicated(), orNull(r.objective()),
          orNull(r.validationAccuracy())));
    }
    return SparkSession.active().createDataFrame(rows, schema);
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** The training objective of every evaluated round, round 0 first (MLlib's {@code objectiveHistory}). */
  public double[] objectiveHistory() {
    return result.history().stream().mapToDouble(RoundRecord::objective).filter(v -> !Double.isNaN(v)).toArray();
  }

  /** The training objective of the final model over the training rows. */
  public double finalObjective() { return result.finalObjective(); }

  /** The final model's accuracy on the validation rows, NaN without them. */
  public double finalValidationAccuracy() {
    return result.finalTest() == null ? Double.NaN : result.finalTest().accuracy();
  }

  /** Bytes communicated in the whole fit (model down plus updates up, all workers). */
  public long bytesCommunicated() { return result.bytesCommunicated(); }

  /** Training wall-clock in seconds, evaluation passes excluded. */
  public double wallClockSeconds() { return result.wallClockSeconds(); }

  /** Why training stopped: "max_rounds", "converged", ... */
  public String stopReason() { return result.stopReason().name().toLowerCase(Locale.ROOT); }

  /** The engine's result (the command line's JSON report: {@code result().asReport()}). */
  public TrainingResult result() { return result; }

  @Override
  public String toString() {
    return "DtrainMultilayerPerceptronTrainingSummary(strategy=" + strategy() + ", rounds=" + totalIterations()
        + ", finalObjective=" + finalObjective() + ", bytesCommunicated=" + bytesCommunicated()
        + ", finalValidationAccuracy=" + finalValidationAccuracy() + ")";
  }
}
