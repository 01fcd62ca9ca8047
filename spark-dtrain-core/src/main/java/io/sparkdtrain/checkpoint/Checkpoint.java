package io.sparkdtrain.checkpoint;

import io.sparkdtrain.events.WorkerEvent;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.RoundRecord;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint holds: everything the {@link io.sparkdtrain.engine.TrainingLoop} and the strategy
 * need to continue a run after round {@code round} as if it had never stopped.
 *
 * @param strategy the strategy's name ("sync", "local", ...)
 * @param fingerprint the settings a resumed run must share with this one, by key (dimension,
 *     objective, seed, partitions, learning rate, the strategy's own settings, ...)
 * @param round the last completed round
 * @param bytes bytes communicated up to and including {@code round}
 * @param trainingSeconds training wall-clock at the end of {@code round} (evaluation excluded)
 * @param evaluationSeconds seconds spent in evaluation passes so far
 * @param eventClockMs the event log's clock when the checkpoint was taken
 * @param initialObjective the objective of the starting model (for the divergence guard)
 * @param lastObjective the latest evaluated objective
 * @param lastTest the latest held-out metrics, or null
 * @param lastEvaluatedRound the round {@code lastObjective} belongs to
 * @param stopReason the stopping rule that fired at {@code round} (a {@code StopReason} name), or null
 * @param model the weights after {@code round}
 * @param history the round records 0..round
 * @param events every worker event so far
 * @param state the strategy's own state ({@link Checkpointable})
 */
public record Checkpoint(String strategy, Map<String, String> fingerprint, int round, long bytes,
                         double trainingSeconds, double evaluationSeconds, double eventClockMs,
                         double initialObjective, double lastObjective, EvaluationMetrics lastTest,
                         int lastEvaluatedRound, String stopReason, double[] model,
                         List<RoundRecord> history, List<WorkerEvent> events, StrategyState state) {

  public Checkpoint {
    fingerprint = Map.copyOf(fingerprint);
    history = List.copyOf(history);
    events = List.copyOf(events);
    model = model.clone();
  }

  /** A copy of the weights. */
  @Override
  public double[] model() {
    return model.clone();
  }

  /**
   * Checks that a run with {@code current} settings may resume from this checkpoint: the same keys
   * with the same values.
   *
   * @throws IllegalArgumentException naming the first differing key, both values and {@code file}
   */
  public void checkCompatible(Map<String, String> current, String file) {
    for (Map.Entry<String, String> e : current.entrySet()) {
      String saved = fingerprint.get(e.getKey());
      if (!e.getValue().equals(saved)) {
        throw new IllegalArgumentException("Cannot resume from checkpoint " + file + ": it was written with "
            + e.getKey() + "=" + saved + " but this run has " + e.getKey() + "=" + e.getValue());
      }
    }
    for (String key : fingerprint.keySet()) {
      if (!current.containsKey(key)) {
        throw new IllegalArgumentException("Cannot resume from checkpoint " + file + ": it was written with "
            + key + "=" + fingerprint.get(key) + " but this run has no " + key);
      }
    }
  }

  @Override
  public String toString() {
    return "Checkpoint(" + strategy + ", round " + round + ", dimension " + model.length + ", "
        + history.size() + " round records, " + events.size() + " worker events, " + state + ")";
  }
}
