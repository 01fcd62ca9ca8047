package io.sparkdtrain.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Comparisons of trained weight vectors shared by the tests that check bit-level identities. */
public final class WeightAsserts {
  private WeightAsserts() {}

  /**
   * Asserts that {@code got} equals {@code expected} to 1e-12 of the largest expected weight (the
   * rounding of two orders of the same floating-point sums); the message names {@code what} and the
   * largest difference.
   */
  public static void assertClose(double[] expected, double[] got, String what) {
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      diff = Math.max(diff, Math.abs(expected[i] - got[i]));
    }
    assertTrue(diff <= 1e-12 * scale, what + ": largest difference " + diff + " of weights up to " + scale);
  }
}
