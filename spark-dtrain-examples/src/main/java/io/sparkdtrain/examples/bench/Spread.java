package io.sparkdtrain.examples.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Median, minimum and maximum of repeated measurements; NaN values (runs that did not measure) are
 * left out and {@code n} counts the rest. All NaN when nothing was measured.
 */
public record Spread(double median, double min, double max, int n) {

  /** The spread of the finite values in {@code values}. */
  public static Spread of(double... values) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (v.length == 0) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    int m = v.length / 2;
    double median = v.length % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
    return new Spread(median, v[0], v[v.length - 1], v.length);
  }

  /** The spread as a JSON-ready map. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", Json.number(median));
    m.put("min", Json.number(min));
    m.put("max", Json.number(max));
    m.put("n", n);
    return m;
  }
}
