package io.sparkdtrain.metrics;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one round recorded: its number (1-based), the training wall-clock at its end (seconds since
 * training started, evaluation passes excluded), the training objective over the whole training set
 * ({@code NaN} when the round was not evaluated), the held-out metrics ({@code null} without a test
 * set or evaluation) and the bytes communicated so far (model down plus updates up, all workers).
 */
public record RoundRecord(int round, double seconds, double objective, EvaluationMetrics test,
                          long bytesCommunicated) implements Serializable {

  /** The record as a JSON-ready map (keys of the report's {@code history}). */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", round);
    m.put("seconds", seconds);
    if (!Double.isNaN(objective)) {
      m.put("objective", objective);
    }
    m.put("bytes_communicated", bytesCommunicated);
    if (test != null) {
      m.put("test", test.asMap());
    }
    return m;
  }
}
