package io.sparkdtrain.examples.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured point of a method's progress: after {@code rounds} rounds (iterations) that took
 * {@code seconds} of training time, the model has training objective {@code objective} and test
 * accuracy {@code accuracy} ({@code NaN} without a test set).
 *
 * @param budget what was asked for: the {@code maxIter}/{@code numIterations} of a sweep fit, or the
 *     round number for methods that report every round
 * @param rounds the rounds (iterations) actually done
 * @param bytes bytes communicated so far, or {@code -1} when the method does not report them
 */
public record Checkpoint(int budget, long rounds, double seconds, double objective, double accuracy,
                         long bytes) {

  /** The checkpoint as a JSON-ready map ({@code NaN} as {@code null}). */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("budget", budget);
    m.put("rounds", rounds);
    m.put("seconds", Json.number(seconds));
    m.put("objective", Json.number(objective));
    m.put("accuracy", Json.number(accuracy));
    m.put("bytes", bytes < 0 ? null : bytes);
    return m;
  }
}
