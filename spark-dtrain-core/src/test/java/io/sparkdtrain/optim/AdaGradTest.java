package io.sparkdtrain.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Regularization;
import org.junit.jupiter.api.Test;

/** {@link AdaGrad} against the update of Duchi, Hazan and Singer 2011 evaluated by hand. */
class AdaGradTest {

  @Test
  void twoStepsByHand() {
    AdaGrad ada = AdaGrad.builder().stepSize(0.1).epsilon(0.1).build();
    double[] w = {1, -1};
    // Reference, by hand with eta = 0.1, eps = 0.1 (G includes the current gradient):
    // step 0, g = (0.5, -2): G = (0.25, 4); w = (1 - 0.05 / 0.6, -1 + 0.2 / 2.1) = (11/12, -19/21)
    ada.step(w, new double[] {0.5, -2}, 0);
    assertArrayEquals(new double[] {11.0 / 12, -19.0 / 21}, w, 1e-15);
    // step 1, g = (0.5, 1): G = (0.5, 5); w -= (0.05 / (sqrt(0.5) + 0.1), 0.1 / (sqrt(5) + 0.1))
    ada.step(w, new double[] {0.5, 1}, 1);
    assertArrayEquals(new double[] {11.0 / 12 - 0.05 / (Math.sqrt(0.5) + 0.1),
        -19.0 / 21 - 0.1 / (Math.sqrt(5) + 0.1)}, w, 1e-15);
  }

  @Test
  void defaultEpsilonMakesTheFirstStepAboutEtaPerCoordinate() {
    AdaGrad ada = AdaGrad.builder().stepSize(0.1).build();
    double[] w = {0, 0};
    ada.step(w, new double[] {1e-3, -50}, 0);
    // Reference: g / sqrt(g^2) = sign(g), so each coordinate moves by eta (to 1e-5 relative: eps / |g| = 1e-5).
    assertArrayEquals(new double[] {-0.1, 0.1}, w, 2e-6);
    assertEquals(1e-8, ada.epsilon());
  }

  @Test
  void l1UsesEachCoordinatesOwnStepSize() {
    ModelShape shape = new ModelShape(2, 1, true);
    AdaGrad ada = AdaGrad.builder().stepSize(1.0).epsilon(1.0)
        .regularization(Regularization.l1(0.5), shape).build();
    double[] w = {2, 2, 2};
    ada.step(w, new double[] {1, 3, 1}, 0);
    // Reference, by hand: rates 1 / (1 + 1) = 0.5 and 1 / (3 + 1) = 0.25;
    // w0 = 2 - 0.5 = 1.5 then -0.5 * 0.5 -> 1.25; w1 = 2 - 0.75 = 1.25 then -0.25 * 0.5 -> 1.125;
    // the intercept w2 = 2 - 0.5 = 1.5, not thresholded.
    assertArrayEquals(new double[] {1.25, 1.125, 1.5}, w, 1e-15);
  }

  @Test
  void copyKeepsSettingsAndResetsTheAccumulators() {
    ModelShape shape = new ModelShape(1, 1, false);
    AdaGrad ada = AdaGrad.builder().schedule(LearningRates.inverseSqrt(0.5)).epsilon(1e-3)
        .regularization(Regularization.l1(0.1), shape).build();
    ada.step(new double[] {1}, new double[] {4}, 0);
    AdaGrad copy = ada.copy();
    assertEquals(ada.toString(), copy.toString());
    assertEquals("AdaGrad(schedule=inverse-sqrt(0.5), epsilon=0.001, regularization=L1(0.1),"
        + " shape=ModelShape(numFeatures=1, numOutputs=1, fitIntercept=false))", copy.toString());
    double[] a = {1};
    double[] b = {1};
    copy.step(a, new double[] {2}, 0);
    AdaGrad.builder().schedule(LearningRates.inverseSqrt(0.5)).epsilon(1e-3)
        .regularization(Regularization.l1(0.1), shape).build().step(b, new double[] {2}, 0);
    assertArrayEquals(b, a, 0);
  }

  @Test
  void invalidSettingsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AdaGrad.builder().epsilon(0));
    assertEquals("Cannot set epsilon to 0.0, the value must be finite and > 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AdaGrad.builder().stepSize(Double.NaN));
    assertEquals("Cannot set stepSize to NaN, the value must be finite and > 0", e.getMessage());
    AdaGrad ada = AdaGrad.builder().build();
    ada.step(new double[2], new double[2], 0);
    e = assertThrows(IllegalArgumentException.class, () -> ada.step(new double[3], new double[3], 1));
    assertEquals("weights has length 3 but earlier steps had length 2; use copy() for a new run",
        e.getMessage());
  }
}
