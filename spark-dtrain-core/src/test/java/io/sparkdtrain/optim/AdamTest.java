package io.sparkdtrain.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Regularization;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Adam against the paper's Algorithm 1 written out as a naive loop in the test. */
class AdamTest {

  @Test
  void stepsEqualThePapersAlgorithmWrittenOut() {
    double lr = 0.01;
    double b1 = 0.8;
    double b2 = 0.95;
    double eps = 1e-6;
    Adam adam = Adam.builder().stepSize(lr).beta1(b1).beta2(b2).epsilon(eps).build();
    SplittableRandom r = new SplittableRandom(3);
    int n = 5;
    double[] w = new double[n];
    double[] ref = new double[n];
    double[] m = new double[n];
    double[] v = new double[n];
    for (int t = 0; t < 20; t++) {
      double[] g = new double[n];
      for (int i = 0; i < n; i++) {
        g[i] = r.nextDouble() - 0.5 + 0.3 * w[i];
      }
      adam.step(w, g, t);
      for (int i = 0; i < n; i++) { // Kingma and Ba 2015, Algorithm 1, step s = t + 1
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        double mHat = m[i] / (1 - Math.pow(b1, t + 1));
        double vHat = v[i] / (1 - Math.pow(b2, t + 1));
        ref[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
      assertArrayEquals(ref, w, 1e-15, "step " + t);
    }
  }

  @Test
  void firstStepMovesEachCoordinateByAboutTheRate() {
    Adam adam = Adam.builder().stepSize(0.001).build();
    double[] w = {0, 0, 0};
    adam.step(w, new double[] {1e-3, -5.0, 300.0}, 0);
    assertArrayEquals(new double[] {-0.001, 0.001, -0.001}, w, 1e-8, "m_hat / sqrt(v_hat) = sign(g) at s = 1");
  }

  @Test
  void stateRoundTripsAndCopyStartsFresh() {
    Adam a = Adam.builder().stepSize(0.05).build();
    double[] w = {1, 2};
    a.step(w, new double[] {0.3, -0.1}, 0);
    Map<String, double[]> state = a.state();
    Adam b = a.copy();
    assertTrue(b.state().isEmpty(), "copy() has fresh moments");
    assertEquals(a.toString(), b.toString(), "copy() keeps every setting");
    b.restoreState(state);
    double[] wa = w.clone();
    double[] wb = w.clone();
    a.step(wa, new double[] {0.2, 0.4}, 1);
    b.step(wb, new double[] {0.2, 0.4}, 1);
    assertArrayEquals(wa, wb, 0.0, "a restored optimiser takes the same step");
    assertThrows(IllegalArgumentException.class, () -> b.restoreState(Map.of("m", new double[2])));
    assertEquals("Cannot set beta2 to 1.0, the value must be in [0, 1)",
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().beta2(1.0)).getMessage());
  }

  /** With L1 the step is the plain Adam step, then soft-thresholding by eta lambda, intercepts kept. */
  @Test
  void l1ProximalStepFollowsThePlainAdamStepAndSkipsIntercepts() {
    ModelShape shape = new ModelShape(2, 1, true);
    Adam plain = Adam.builder().stepSize(0.1).build();
    Adam l1 = Adam.builder().stepSize(0.1).regularization(Regularization.l1(0.5), shape).build();
    double[] ref = {1, 0.02, 0.02};
    double[] w = ref.clone();
    for (int t = 0; t < 3; t++) {
      double[] g = {1, 0, 0};
      plain.step(ref, g, t);
      for (int i = 0; i < 2; i++) { // soft-threshold by eta lambda = 0.05, not the intercept (2)
        ref[i] = Math.signum(ref[i]) * Math.max(Math.abs(ref[i]) - 0.05, 0);
      }
      l1.step(w, g, t);
      assertArrayEquals(ref, w, 1e-15, "step " + t);
    }
    assertEquals(0.0, w[1]);
    assertEquals(0.02, w[2]);
  }
}
