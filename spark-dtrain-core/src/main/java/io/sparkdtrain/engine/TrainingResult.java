package io.sparkdtrain.engine;

import io.sparkdtrain.events.EventLog;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.model.linear.ModelShape;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a training run: the model, the per-round history and the headline numbers. For a
 * run stopped by a target, {@code rounds}, {@code bytesCommunicated} and {@code wallClockSeconds}
 * are those at the round that reached it. Strategies add their own numbers to {@link #extras()}
 * (for example {@code local_steps}, {@code updates}, {@code staleness}); they appear in the report.
 */
public final class TrainingResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String strategy;
  private final double[] weights;
  private final ModelShape shape;
  private final List<RoundRecord> history;
  private final StopReason stopReason;
  private final double finalObjective;
  private final EvaluationMetrics finalTest;
  private final double evaluationSeconds;
  private final Map<String, Object> extras;
  private final EventLog events;

  /** A result without worker events (an empty {@link EventLog}). */
  public TrainingResult(String strategy, double[] weights, ModelShape shape, List<RoundRecord> history,
                        StopReason stopReason, double finalObjective, EvaluationMetrics finalTest,
                        double evaluationSeconds, Map<String, Object> extras) {
    this(strategy, weights, shape, history, stopReason, finalObjective, finalTest, evaluationSeconds, extras,
        new EventLog(strategy));
  }

  /** A result with the run's event log. */
  public TrainingResult(String strategy, double[] weights, ModelShape shape, List<RoundRecord> history,
                        StopReason stopReason, double finalObjective, EvaluationMetrics finalTest,
                        double evaluationSeconds, Map<String, Object> extras, EventLog events) {
    this.strategy = strategy;
    this.weights = weights.clone();
    this.shape = shape;
    this.history = List.copyOf(history);
    this.stopReason = stopReason;
    this.finalObjective = finalObjective;
    this.finalTest = finalTest;
    this.evaluationSeconds = evaluationSeconds;
    this.extras = new LinkedHashMap<>(extras);
    this.events = events;
  }

  public String strategy() { return strategy; }
  /** A copy of the final weights, laid out as {@link #shape()} says. */
  public double[] weights() { return weights.clone(); }
  public ModelShape shape() { return shape; }
  public List<RoundRecord> history() { return history; }
  public StopReason stopReason() { return stopReason; }
  public boolean reachedTarget() {
    return stopReason == StopReason.TARGET_OBJECTIVE || stopReason == StopReason.TARGET_ACCURACY;
  }
  /** Training objective of the final model over the whole training set. */
  public double finalObjective() { return finalObjective; }
  /** Held-out metrics of the final model, or {@code null} without a test set. */
  public EvaluationMetrics finalTest() { return finalTest; }
  public int rounds() { return history.isEmpty() ? 0 : history.get(history.size() - 1).round(); }
  public long bytesCommunicated() {
    return history.isEmpty() ? 0 : history.get(history.size() - 1).bytesCommunicated();
  }
  /** Training wall-clock in seconds, evaluation passes excluded. */
  public double wallClockSeconds() {
    return history.isEmpty() ? 0 : history.get(history.size() - 1).seconds();
  }
  /** Seconds spent in evaluation passes (not counted in the wall-clock). */
  public double evaluationSeconds() { return evaluationSeconds; }
  /** Strategy-specific numbers, by report key. */
  public Map<String, Object> extras() { return extras; }
  /** What every worker did in every step, and every round's record. */
  public EventLog events() { return events; }

  /** The report as a JSON-ready map (the keys the command line's contract names). */
  public Map<String, Object> asReport() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("strategy", strategy);
    m.put("objective_final", finalObjective);
    if (finalTest != null) {
      m.put("test", finalTest.asMap());
    }
    m.put("rounds", rounds());
    m.put("bytes_communicated", bytesCommunicated());
    m.put("wall_clock_seconds", wallClockSeconds());
    m.put("evaluation_seconds", evaluationSeconds);
    m.put("reached_target", reachedTarget());
    m.put("stop_reason", stopReason.name().toLowerCase());
    m.putAll(extras);
    List<Map<String, Object>> h = new ArrayList<>();
    for (RoundRecord r : history) {
      h.add(r.asMap());
    }
    m.put("history", h);
    return m;
  }
}
