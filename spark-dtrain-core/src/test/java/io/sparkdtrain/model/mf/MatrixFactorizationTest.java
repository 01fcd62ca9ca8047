package io.sparkdtrain.model.mf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The MF step against finite differences of the per-rating objective, and its sparsity. */
class MatrixFactorizationTest {

  private static MatrixFactorization.Access on(double[] w) {
    return new MatrixFactorization.Access() {
      @Override
      public double get(int i) {
        return w[i];
      }

      @Override
      public void add(int i, double d) {
        w[i] += d;
      }
    };
  }

  /** f = (1/2)(r - pred)^2 + (lambda/2)(|p_u|^2 + |q_i|^2 + b_u^2 + c_i^2): the step is -lr grad f. */
  private static double f(MatrixFactorization m, double[] w, int u, int i, double r) {
    double e = r - m.predict(w, u, i);
    double reg = 0;
    for (int k = 0; k <= m.rank(); k++) {
      reg += w[m.userOffset(u) + k] * w[m.userOffset(u) + k] + w[m.itemOffset(i) + k] * w[m.itemOffset(i) + k];
    }
    return 0.5 * e * e + 0.5 * m.lambda() * reg;
  }

  @Test
  void stepIsMinusLrTimesTheFiniteDifferenceGradientAndTouchesOnlyUAndI() {
    MatrixFactorization m = new MatrixFactorization(4, 3, 2, 0.05, 3.5);
    double[] w = m.initialParameters(9);
    for (int j = 0; j < w.length; j++) {
      w[j] += 0.01 * j;
    }
    double[] before = w.clone();
    double[] changes = new double[w.length];
    double lr = 1e-3;
    m.step(on(w), on(changes), 2, 1, 4.0, lr);
    for (int j = 0; j < w.length; j++) {
      boolean mine = (j >= m.userOffset(2) && j < m.userOffset(3)) || (j >= m.itemOffset(1) && j < m.itemOffset(2));
      if (!mine) {
        assertEquals(before[j], w[j], 0.0, "parameter " + j + " belongs to another user or item");
        continue;
      }
      double[] plus = before.clone();
      double[] minus = before.clone();
      plus[j] += 1e-6;
      minus[j] -= 1e-6;
      double grad = (f(m, plus, 2, 1, 4.0) - f(m, minus, 2, 1, 4.0)) / 2e-6;
      // biases are read after the factor updates, so allow an O(lr^2) difference
      assertEquals(-lr * grad, w[j] - before[j], 1e-8, "parameter " + j);
      assertEquals(w[j] - before[j], changes[j], 1e-15, "changes report every update");
    }
  }

  @Test
  void invalidSettingsAreRejected() {
    assertEquals("Cannot set rank to 0, the value must be >= 1",
        assertThrows(IllegalArgumentException.class, () -> new MatrixFactorization(2, 2, 0, 0.1, 0)).getMessage());
    assertEquals("Cannot set regParam to -1.0, the value must be finite and >= 0",
        assertThrows(IllegalArgumentException.class, () -> new MatrixFactorization(2, 2, 1, -1, 0)).getMessage());
    MatrixFactorization m = new MatrixFactorization(2, 2, 1, 0, 3);
    assertEquals(3.0, m.predict(new double[m.dimension()], 5, 7), 0.0, "unknown ids get the mean");
    assertTrue(m.toString().contains("rank=1"));
  }
}
