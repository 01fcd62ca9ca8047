package io.sparkdtrain.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.model.GradientSum;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.linear.SquaredLoss;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Sgd}: steps against hand computations, copy semantics, and convergence to ridge. */
class SgdTest {

  @Test
  void plainStepMatchesHandComputation() {
    Sgd sgd = Sgd.builder().stepSize(0.1).build();
    double[] w = {1, 2};
    double lr = sgd.step(w, new double[] {0.5, -1}, 0);
    // Reference: w - 0.1 g = {1 - 0.05, 2 + 0.1} by hand.
    assertEquals(0.1, lr);
    assertArrayEquals(new double[] {0.95, 2.1}, w, 1e-15);
  }

  @Test
  void scheduleGivesTheRateOfEachStep() {
    Sgd sgd = Sgd.builder().schedule(LearningRates.stepDecay(1.0, 0.5, 1)).build();
    double[] w = {0};
    assertEquals(1.0, sgd.step(w, new double[] {1}, 0));
    assertEquals(0.25, sgd.step(w, new double[] {1}, 2));
    assertArrayEquals(new double[] {-1.25}, w, 0);
  }

  @Test
  void heavyBallMomentumTwoStepsByHand() {
    Sgd sgd = Sgd.builder().stepSize(0.1).momentum(0.9).build();
    double[] w = {1, -1};
    // Reference, by hand with mu = 0.9, lr = 0.1:
    // step 0: v = g0 = (1, 2);                w = (1 - 0.1, -1 - 0.2) = (0.9, -1.2)
    // step 1: v = 0.9 v + g1 = (1.4, 0.8);    w = (0.9 - 0.14, -1.2 - 0.08) = (0.76, -1.28)
    sgd.step(w, new double[] {1, 2}, 0);
    assertArrayEquals(new double[] {0.9, -1.2}, w, 1e-15);
    sgd.step(w, new double[] {0.5, -1}, 1);
    assertArrayEquals(new double[] {0.76, -1.28}, w, 1e-15);
  }

  @Test
  void nesterovMomentumTwoStepsByHand() {
    Sgd sgd = Sgd.builder().stepSize(0.1).momentum(0.9).nesterov(true).build();
    double[] w = {1, -1};
    // Reference, by hand: w -= lr (g + mu v) after v = mu v + g.
    // step 0: v = (1, 2);     w = (1 - 0.1 * 1.9, -1 - 0.1 * 3.8) = (0.81, -1.38)
    // step 1: v = (1.4, 0.8); w -= 0.1 * (0.5 + 1.26, -1 + 0.72) -> (0.634, -1.352)
    sgd.step(w, new double[] {1, 2}, 0);
    assertArrayEquals(new double[] {0.81, -1.38}, w, 1e-15);
    sgd.step(w, new double[] {0.5, -1}, 1);
    assertArrayEquals(new double[] {0.634, -1.352}, w, 1e-15);
  }

  @Test
  void l1ProximalStepFollowsTheUpdateAndSkipsIntercepts() {
    ModelShape shape = new ModelShape(2, 1, true);
    Sgd sgd = Sgd.builder().stepSize(0.5).regularization(Regularization.l1(0.2), shape).build();
    double[] w = {1, 0.05, 0.05};
    sgd.step(w, new double[] {1, 0, 0}, 0);
    // Reference: w - 0.5 g = (0.5, 0.05, 0.05), then soft-threshold by 0.5 * 0.2 = 0.1 except the
    // intercept (index 2): (0.4, 0, 0.05).
    assertArrayEquals(new double[] {0.4, 0, 0.05}, w, 1e-15);
  }

  @Test
  void copyKeepsEverySettingAndResetsState() {
    ModelShape shape = new ModelShape(2, 1, false);
    Sgd original = Sgd.builder().schedule(LearningRates.inverseSqrt(0.3)).momentum(0.8)
        .nesterov(true).regularization(Regularization.l1(0.01), shape).build();
    double[] w = {1, 1};
    original.step(w, new double[] {1, -1}, 0);
    original.step(w, new double[] {1, -1}, 1);
    Sgd copy = original.copy();
    assertNotSame(original, copy);
    assertEquals(original.schedule(), copy.schedule());
    assertEquals(0.8, copy.momentum());
    assertTrue(copy.nesterov());
    assertEquals(Regularization.l1(0.01), copy.regularization());
    assertEquals(shape, copy.shape());
    assertEquals(original.toString(), copy.toString());
    assertEquals("Sgd(schedule=inverse-sqrt(0.3), momentum=0.8, nesterov=true, regularization=L1(0.01),"
        + " shape=ModelShape(numFeatures=2, numOutputs=1, fitIntercept=false))", copy.toString());
    // Fresh state: the copy's first step equals a new optimiser's first step (no old velocity).
    double[] a = {1, 1};
    double[] b = {1, 1};
    copy.step(a, new double[] {0.3, 0.7}, 0);
    Sgd.builder().schedule(LearningRates.inverseSqrt(0.3)).momentum(0.8).nesterov(true)
        .regularization(Regularization.l1(0.01), shape).build().step(b, new double[] {0.3, 0.7}, 0);
    assertArrayEquals(b, a, 0);
    assertNull(Sgd.builder().build().shape());
    assertEquals("Sgd(schedule=constant(0.1), momentum=0.0, nesterov=false, regularization=none,"
        + " shape=null)", Sgd.builder().build().toString());
  }

  @Test
  void invalidSettingsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sgd.builder().momentum(1.5));
    assertEquals("Cannot set momentum to 1.5, the value must be in [0, 1)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Sgd.builder().momentum(-0.1));
    assertTrue(e.getMessage().contains("momentum to -0.1"));
    e = assertThrows(IllegalArgumentException.class, () -> Sgd.builder().nesterov(true).build());
    assertTrue(e.getMessage().contains("nesterov to true with momentum 0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Sgd.builder().stepSize(-1.0));
    assertEquals("Cannot set stepSize to -1.0, the value must be finite and > 0", e.getMessage());
    Sgd sgd = Sgd.builder().momentum(0.5).build();
    e = assertThrows(IllegalArgumentException.class, () -> sgd.step(new double[2], new double[3], 0));
    assertEquals("weights has length 2 but gradient has length 3", e.getMessage());
    sgd.step(new double[2], new double[2], 0);
    e = assertThrows(IllegalArgumentException.class, () -> sgd.step(new double[3], new double[3], 1));
    assertTrue(e.getMessage().contains("earlier steps had length 2"), e.getMessage());
  }

  /**
   * Full-batch gradient descent with momentum on ridge regression converges to the closed form
   * {@code w* = (X^T X / n + lambda I)^{-1} X^T y / n} (the reference, solved here by Gaussian
   * elimination), using the library's own objective and accumulator for the gradient.
   */
  @Test
  void convergesToTheRidgeClosedForm() {
    Random rnd = new Random(21);
    int n = 40;
    int d = 3;
    double lambda = 0.1;
    double[][] x = new double[n][d];
    double[] y = new double[n];
    CsrBlockBuilder b = new CsrBlockBuilder(d, false);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = rnd.nextGaussian();
      }
      y[i] = 2 * x[i][0] - x[i][1] + 0.5 * x[i][2] + 0.1 * rnd.nextGaussian();
      b.addDenseRow(y[i], 1.0, x[i]);
    }
    CsrBlock block = b.build();
    double[][] a = new double[d][d + 1];
    for (int j = 0; j < d; j++) {
      for (int k = 0; k < d; k++) {
        for (int i = 0; i < n; i++) {
          a[j][k] += x[i][j] * x[i][k] / n;
        }
      }
      a[j][j] += lambda;
      for (int i = 0; i < n; i++) {
        a[j][d] += x[i][j] * y[i] / n;
      }
    }
    double[] expected = solve(a);

    ModelShape shape = new ModelShape(d, 1, false);
    Objective f = new Objective(new SquaredLoss(), Regularization.l2(lambda), shape);
    Sgd sgd = Sgd.builder().stepSize(0.2).momentum(0.5).build();
    double[] w = new double[d];
    for (int t = 0; t < 500; t++) {
      double[] g = new GradientSum<>(f).addAll(block, w).gradient();
      f.regularization().addGradient(w, shape, g);
      sgd.step(w, g, t);
    }
    assertArrayEquals(expected, w, 1e-10);
  }

  /** Gaussian elimination with partial pivoting on an augmented d x (d+1) matrix. */
  private static double[] solve(double[][] a) {
    int d = a.length;
    for (int c = 0; c < d; c++) {
      int p = c;
      for (int r = c + 1; r < d; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
          p = r;
        }
      }
      double[] tmp = a[c];
      a[c] = a[p];
      a[p] = tmp;
      for (int r = c + 1; r < d; r++) {
        double m = a[r][c] / a[c][c];
        for (int k = c; k <= d; k++) {
          a[r][k] -= m * a[c][k];
        }
      }
    }
    double[] x = new double[d];
    for (int r = d - 1; r >= 0; r--) {
      double s = a[r][d];
      for (int k = r + 1; k < d; k++) {
        s -= a[r][k] * x[k];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }
}
