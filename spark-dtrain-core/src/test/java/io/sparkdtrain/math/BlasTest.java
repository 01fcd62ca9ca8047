package io.sparkdtrain.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Blas} against naive loops (the reference) on seeded random data. */
class BlasTest {

  private static double[] random(Random rnd, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextGaussian();
    }
    return x;
  }

  @Test
  void dotAxpyScalNorm2MatchNaiveLoops() {
    Random rnd = new Random(11);
    for (int n : new int[] {1, 2, 7, 64, 1001}) {
      double[] x = random(rnd, n);
      double[] y = random(rnd, n);
      double dot = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        dot += x[i] * y[i];
        sq += x[i] * x[i];
      }
      // Reference: naive loop; BLAS may sum in another order, hence the relative tolerance.
      assertEquals(dot, Blas.dot(x, y), 1e-12 * (Math.sqrt(sq) * Math.sqrt(n) * 10));
      assertEquals(Math.sqrt(sq), Blas.norm2(x), 1e-13 * Math.sqrt(sq));

      double[] expected = y.clone();
      for (int i = 0; i < n; i++) {
        expected[i] += -0.75 * x[i];
      }
      double[] yy = y.clone();
      Blas.axpy(-0.75, x, yy);
      assertArrayEquals(expected, yy, 1e-15 * 10);

      double[] xs = x.clone();
      Blas.scal(3.5, xs);
      for (int i = 0; i < n; i++) {
        assertEquals(3.5 * x[i], xs[i], 0.0);
      }
    }
  }

  @Test
  void emptyArraysAreAllowed() {
    assertEquals(0.0, Blas.dot(new double[0], new double[0]));
    assertEquals(0.0, Blas.norm2(new double[0]));
    Blas.axpy(2.0, new double[0], new double[0]);
    Blas.scal(2.0, new double[0]);
  }

  @Test
  void norm2NeitherOverflowsNorUnderflows() {
    // Reference: sqrt(2) * 1e200 by hand; a naive sum of squares would overflow to infinity.
    assertEquals(Math.sqrt(2) * 1e200, Blas.norm2(new double[] {1e200, 1e200}), 1e186);
    // Reference: 5e-200 by hand (3-4-5 triangle); a naive sum of squares would underflow to 0.
    assertEquals(5e-200, Blas.norm2(new double[] {3e-200, 0, -4e-200}), 1e-214);
    assertEquals(0.0, Blas.norm2(new double[] {0, 0}));
    assertEquals(Double.POSITIVE_INFINITY, Blas.norm2(new double[] {1, Double.NEGATIVE_INFINITY}));
    assertTrue(Double.isNaN(Blas.norm2(new double[] {1, Double.NaN})));
  }

  @Test
  void lengthMismatchIsRejectedWithBothLengths() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Blas.dot(new double[3], new double[4]));
    assertTrue(e.getMessage().contains("x has 3") && e.getMessage().contains("y has 4"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Blas.axpy(1, new double[2], new double[5]));
    assertTrue(e.getMessage().contains("axpy") && e.getMessage().contains("x has 2")
        && e.getMessage().contains("y has 5"), e.getMessage());
  }
}
