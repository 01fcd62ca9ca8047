package io.sparkdtrain.examples.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one run stands against one relative-gap target: the first checkpoint whose objective is at
 * or below {@code target = F* + gap |F*|} when {@code reached}, otherwise the last checkpoint (so the
 * report can say how far the method got).
 */
public record GapPoint(double gap, double target, boolean reached, Checkpoint at) {

  /** The point as a JSON-ready map. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gap", gap);
    m.put("target_objective", target);
    m.put("reached", reached);
    m.put(reached ? "first_reaching" : "last", at == null ? null : at.asMap());
    return m;
  }
}
