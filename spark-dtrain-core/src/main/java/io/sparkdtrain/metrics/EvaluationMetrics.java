package io.sparkdtrain.metrics;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of a model on a data set. Classification: {@code accuracy} and {@code logloss} (where the
 * loss defines probabilities), {@code auc} for binary. Regression: {@code rmse}. A metric that does
 * not apply is {@code NaN} and left out of {@link #asMap()}.
 */
public record EvaluationMetrics(long count, double accuracy, double logloss, double auc, double rmse)
    implements Serializable {

  /** The defined metrics by name, in a stable order (for JSON and printing). */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    putIfDefined(m, "accuracy", accuracy);
    putIfDefined(m, "logloss", logloss);
    putIfDefined(m, "auc", auc);
    putIfDefined(m, "rmse", rmse);
    m.put("count", count);
    return m;
  }

  private static void putIfDefined(Map<String, Object> m, String key, double v) {
    if (!Double.isNaN(v)) {
      m.put(key, v);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : asMap().entrySet()) {
      if (!e.getKey().equals("count")) {
        sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append('=')
            .append(String.format("%.4f", (Double) e.getValue()));
      }
    }
    return sb.toString();
  }
}
