package io.sparkdtrain.model;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model is, for persistence and checkpoint fingerprints: its family ("linear", "matrix
 * factorisation", ...) and its shape as string settings (sorted by key, so the text is stable).
 * Two runs whose descriptions are equal lay out their parameter vectors the same way.
 *
 * @param family the model family
 * @param shape the settings that fix the parameter layout and the objective
 */
public record ModelDescription(String family, Map<String, String> shape) implements Serializable {

  public ModelDescription {
    if (family == null || family.isEmpty()) {
      throw new IllegalArgumentException("Cannot set family to '" + family + "', the value must be non-empty");
    }
    shape = java.util.Collections.unmodifiableMap(new TreeMap<>(shape));
  }

  @Override
  public String toString() {
    return family + shape;
  }
}
