package io.sparkdtrain.engine;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strategy's own settings as a neutral, immutable key/value view, filled by every front door:
 * the command line's options ({@code dtrain train}, {@code compare}, {@code bench}) and the
 * Estimators' ML Params. Keys are the ML Param names ({@code localSteps}, {@code miniBatchSize},
 * {@code maxStaleness}, {@code numThreads}, ...), plus a few command-line-only keys that each
 * {@link StrategyProvider} documents. A {@link StrategyProvider} turns the view into its immutable
 * config, so the config's builder stays the one place that validates the values.
 *
 * <p>A missing key means "the strategy's default". Values are kept as text (the exact decimal of a
 * {@code double}, so nothing is lost) and converted by the typed getters, whose messages name the
 * key and the value: "Cannot set localSteps to 'x', the value must be an integer".
 */
public final class StrategySettings implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final StrategySettings EMPTY = new StrategySettings(Map.of());

  private final Map<String, String> values;

  private StrategySettings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** No settings: every strategy's defaults. */
  public static StrategySettings empty() {
    return EMPTY;
  }

  /** A builder starting empty. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings written as {@code KEY=VALUE} pairs joined by {@code separator} (a regex), for example
   * {@code "localSteps=4+miniBatchSize=32"} with {@code "\\+"}.
   *
   * @throws IllegalArgumentException naming a pair without '=' or with an empty key
   */
  public static StrategySettings parse(String pairs, String separator) {
    Builder b = builder();
    for (String pair : pairs.split(separator)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Cannot read setting '" + pair + "', it must be KEY=VALUE");
      }
      b.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return b.build();
  }

  /** Whether {@code key} is set. */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** The value of {@code key}, or {@code dflt} when it is not set. */
  public String getString(String key, String dflt) {
    return values.getOrDefault(key, dflt);
  }

  /** The integer value of {@code key}, or {@code dflt} when it is not set. */
  public int getInt(String key, int dflt) {
    return get(key, dflt, Integer::valueOf, "an integer");
  }

  /** The decimal value of {@code key}, or {@code dflt} when it is not set. */
  public double getDouble(String key, double dflt) {
    return get(key, dflt, Double::valueOf, "a number");
  }

  /** The boolean value ({@code true} or {@code false}) of {@code key}, or {@code dflt} when it is not set. */
  public boolean getBoolean(String key, boolean dflt) {
    return get(key, dflt, v -> {
      if (!v.equals("true") && !v.equals("false")) {
        throw new NumberFormatException(v);
      }
      return Boolean.valueOf(v);
    }, "true or false");
  }

  private <T> T get(String key, T dflt, java.util.function.Function<String, T> parse, String rule) {
    String v = values.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return parse.apply(v);
    } catch (NumberFormatException e) {
      throw invalid(key, v, rule);
    }
  }

  /** These settings with {@code key} set to {@code value} (replaced when present). */
  public StrategySettings with(String key, Object value) {
    return builder().putAll(this).put(key, value).build();
  }

  /** These settings overridden by every key of {@code other}. */
  public StrategySettings with(StrategySettings other) {
    return builder().putAll(this).putAll(other).build();
  }

  /** Every setting, in the order it was put. */
  public Map<String, String> asMap() {
    return values;
  }

  private static IllegalArgumentException invalid(String key, String value, String rule) {
    return new IllegalArgumentException("Cannot set " + key + " to '" + value + "', the value must be " + rule);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StrategySettings s && s.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "StrategySettings" + values;
  }

  /** Collects settings; {@link #build} gives the immutable view. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {}

    /** Sets {@code key} to {@code String.valueOf(value)}; a null value is ignored (= the default). */
    public Builder put(String key, Object value) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("Cannot set a setting with an empty key");
      }
      if (value != null) {
        values.put(key, String.valueOf(value));
      }
      return this;
    }

    /** Sets every key of {@code settings}. */
    public Builder putAll(StrategySettings settings) {
      values.putAll(settings.values);
      return this;
    }

    public StrategySettings build() {
      return new StrategySettings(values);
    }
  }
}
