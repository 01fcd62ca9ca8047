package io.sparkdtrain.checkpoint;

import io.sparkdtrain.optim.Optimizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strategy's own state in a {@link Checkpoint}, beyond the model and the loop's counters: named
 * values of a few fixed types (long, double, string, double[], int[]), for example the outer
 * optimiser's momentum, a step counter or per-round statistics. Names are the strategy's own;
 * arrays are copied in and out.
 *
 * <p>Getters name the missing key or the wrong type in their message, so a checkpoint written by
 * another version of a strategy fails with a clear error instead of a wrong model.
 */
public final class StrategyState {
  private final Map<String, Object> values = new LinkedHashMap<>();

  /** An empty state. */
  public StrategyState() {}

  public StrategyState putLong(String key, long v) { return put(key, v); }
  public StrategyState putDouble(String key, double v) { return put(key, v); }
  public StrategyState putString(String key, String v) { return put(key, v); }
  public StrategyState putDoubles(String key, double[] v) { return put(key, v.clone()); }
  public StrategyState putInts(String key, int[] v) { return put(key, v.clone()); }

  /** Stores {@code optimizer}'s state under {@code prefix + "." + name} for each of its arrays. */
  public StrategyState putOptimizer(String prefix, Optimizer optimizer) {
    for (Map.Entry<String, double[]> e : optimizer.state().entrySet()) {
      putDoubles(prefix + "." + e.getKey(), e.getValue());
    }
    return this;
  }

  public long getLong(String key) { return get(key, Long.class); }
  public double getDouble(String key) { return get(key, Double.class); }
  public String getString(String key) { return get(key, String.class); }
  public double[] getDoubles(String key) { return get(key, double[].class).clone(); }
  public int[] getInts(String key) { return get(key, int[].class).clone(); }

  /** Restores the arrays {@link #putOptimizer} stored under {@code prefix} into {@code optimizer}. */
  public void restoreOptimizer(String prefix, Optimizer optimizer) {
    Map<String, double[]> state = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (e.getKey().startsWith(prefix + ".") && e.getValue() instanceof double[] a) {
        state.put(e.getKey().substring(prefix.length() + 1), a.clone());
      }
    }
    optimizer.restoreState(state);
  }

  /** Every value by name, in insertion order (unmodifiable; arrays not copied: read only). */
  public Map<String, Object> values() {
    return Collections.unmodifiableMap(values);
  }

  /** Puts a value of one of the supported types (used by the codec). */
  StrategyState put(String key, Object v) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("Cannot use an empty key in a strategy state");
    }
    if (!(v instanceof Long || v instanceof Double || v instanceof String || v instanceof double[]
        || v instanceof int[])) {
      throw new IllegalArgumentException("Cannot store " + (v == null ? "null" : v.getClass().getSimpleName())
          + " under '" + key + "': a strategy state holds long, double, String, double[] or int[]");
    }
    values.put(key, v);
    return this;
  }

  private <T> T get(String key, Class<T> type) {
    Object v = values.get(key);
    if (v == null) {
      throw new IllegalStateException("the checkpoint's strategy state has no '" + key + "' (it has "
          + values.keySet() + "); was it written by another version of the strategy?");
    }
    if (!type.isInstance(v)) {
      throw new IllegalStateException("the checkpoint's strategy state has '" + key + "' as "
          + v.getClass().getSimpleName() + ", expected " + type.getSimpleName());
    }
    return type.cast(v);
  }

  @Override
  public String toString() {
    return "StrategyState" + values.keySet();
  }
}
