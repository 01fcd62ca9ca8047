package io.sparkdtrain.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Softmax} against the textbook formula, and where the textbook formula overflows. */
class SoftmaxTest {

  @Test
  void matchesTheNaiveFormulaOnSmallMargins() {
    double[] z = {0.3, -1.2, 2.0, 0.0};
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v);
    }
    double[] expected = new double[z.length];
    for (int k = 0; k < z.length; k++) {
      expected[k] = Math.exp(z[k]) / sum;
    }
    double[] out = new double[z.length];
    Softmax.probabilities(z, z.length, out);
    assertArrayEquals(expected, out, 1e-15);
  }

  @Test
  void shiftInvariantAndFiniteWhereExpOverflows() {
    double[] small = {1.0, 2.0, 3.0};
    double[] large = {1001.0, 1002.0, 1003.0}; // exp(1003) is infinite
    Softmax.probabilities(small, 3, small); // in place
    Softmax.probabilities(large, 3, large);
    assertArrayEquals(small, large, 1e-15);
    assertEquals(1.0, large[0] + large[1] + large[2], 1e-15);
  }

  @Test
  void usesOnlyTheFirstNValuesAndRejectsBadLengths() {
    double[] z = {0.0, 0.0, 5.0};
    double[] out = {-1, -1, -1};
    Softmax.probabilities(z, 2, out);
    assertArrayEquals(new double[] {0.5, 0.5, -1}, out, 0.0);
    assertThrows(IllegalArgumentException.class, () -> Softmax.probabilities(z, 0, out));
    assertThrows(IllegalArgumentException.class, () -> Softmax.probabilities(z, 4, new double[4]));
  }
}
