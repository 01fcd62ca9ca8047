package io.sparkdtrain.engine;

import java.io.Serializable;
import java.util.Map;

/**
 * A typed key of a strategy's report field ({@link TrainingResult#extras()}): its JSON name, its
 * value type and what it means. A {@link StrategyProvider} lists its keys; the strategy writes a
 * field with {@link #put}, readers (the JSON report, the benchmarks) read it with {@link #get}, and
 * {@link #check} tells a report whose field has the wrong type.
 *
 * @param name the field's name in the JSON report ({@code snake_case})
 * @param type the value's type ({@code Integer}, {@code Long}, {@code Double}, {@code String},
 *     {@code Number} for any number, ...)
 * @param description one line: what the number means
 * @param <T> the value type
 */
public record ReportKey<T>(String name, Class<T> type, String description) implements Serializable {

  /** A key; the name must be non-empty. */
  public ReportKey {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Cannot set name to '" + name + "', the value must be non-empty");
    }
    if (type == null) {
      throw new IllegalArgumentException("Cannot set type of report key " + name + " to null");
    }
  }

  /** A key whose value is any number (read back as a {@code double} with {@link #number}). */
  public static ReportKey<Number> number(String name, String description) {
    return new ReportKey<>(name, Number.class, description);
  }

  /** Writes {@code value} under this key. */
  public void put(Map<String, Object> extras, T value) {
    extras.put(name, value);
  }

  /** The value under this key, or null when absent. */
  public T get(Map<String, Object> extras) {
    Object v = extras.get(name);
    return v == null ? null : type.cast(check(v));
  }

  /** The value under this key as a double (NaN when absent or not a number). */
  public double number(Map<String, Object> extras) {
    Object v = extras.get(name);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /**
   * Returns {@code value} when it has this key's type.
   *
   * @throws IllegalStateException naming the field, the type found and the type declared
   */
  public Object check(Object value) {
    if (value != null && !type.isInstance(value)) {
      throw new IllegalStateException("Report field " + name + " holds a " + value.getClass().getSimpleName()
          + " (" + value + "), its key declares " + type.getSimpleName());
    }
    return value;
  }
}
