package io.sparkdtrain.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The log-log slope against power laws whose exponent is known, and its refusals. */
class ScalingFitTest {

  @Test
  void recoversTheExponentOfAPowerLaw() {
    double[] x = {1e6, 2e6, 4e6, 8e6};
    double[] linear = {0.5, 1.0, 2.0, 4.0};
    assertEquals(1.0, ScalingFit.exponent(x, linear), 1e-12);
    double[] quadratic = new double[4];
    for (int i = 0; i < 4; i++) {
      quadratic[i] = 3e-12 * x[i] * x[i];
    }
    assertEquals(2.0, ScalingFit.exponent(x, quadratic), 1e-12);
    // a constant overhead plus linear work: sub-linear on these sizes (0.2 s + 0.1 s per 1e6)
    double[] overhead = {0.3, 0.4, 0.6, 1.0};
    double b = ScalingFit.exponent(x, overhead);
    assertEquals(true, b > 0.5 && b < 0.9, "between 0.5 and 0.9, got " + b);
  }

  @Test
  void leastSquaresOfNoisyPoints() {
    // log2 sizes 0..3, log2 costs 0, 1.2, 1.8, 3: slope = sum(dx dy)/sum(dx^2) = 4.8/5 in log2 units
    double[] x = {1, 2, 4, 8};
    double[] y = {1, Math.pow(2, 1.2), Math.pow(2, 1.8), 8};
    assertEquals(0.96, ScalingFit.exponent(x, y), 1e-12);
  }

  @Test
  void refusesWhatHasNoSlope() {
    assertThrows(IllegalArgumentException.class, () -> ScalingFit.exponent(new double[] {1}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> ScalingFit.exponent(new double[] {2, 2}, new double[] {1, 3}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScalingFit.exponent(new double[] {1, 2}, new double[] {1, 0}));
    assertEquals("sizes and costs must be finite and > 0, got size 2.0 and cost 0.0 at 1", e.getMessage());
  }
}
