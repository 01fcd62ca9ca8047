package io.sparkdtrain.ml;

import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.metrics.RoundRecord;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a {@code fit} recorded, available on the model it returned ({@code model.summary()}); a
 * model loaded from disk has none. A view of the strategy's {@link TrainingResult}: the per-round
 * history (round, seconds, objective, bytes), the final objective, rounds, bytes communicated and
 * the report map the command line writes as JSON.
 */
public final class DtrainTrainingSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TrainingResult result;

  DtrainTrainingSummary(TrainingResult result) {
    this.result = result;
  }

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

  /** The underlying result. */
  public TrainingResult result() { return result; }

  @Override
  public String toString() {
    return "DtrainTrainingSummary(strategy=" + strategy() + ", rounds=" + totalRounds()
        + ", finalObjective=" + finalObjective() + ", bytesCommunicated=" + bytesCommunicated()
        + ", stopReason=" + stopReason() + ")";
  }
}
