package io.sparkdtrain.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SparseKernels} on CSR-like slices against naive dense loops (the reference). */
class SparseKernelsTest {

  @Test
  void sliceKernelsMatchDenseLoops() {
    Random rnd = new Random(7);
    int dim = 50;
    int offset = 13;
    for (int trial = 0; trial < 20; trial++) {
      // Two rows packed in one array; the kernel must read only [from, to).
      int[] idx = new int[30];
      double[] val = new double[30];
      int from = 5;
      int to = from;
      for (int j = 0; j < dim && to < 25; j++) {
        if (rnd.nextDouble() < 0.3) {
          idx[to] = j;
          val[to] = rnd.nextGaussian();
          to++;
        }
      }
      for (int p = 0; p < idx.length; p++) {
        if (p < from || p >= to) {
          idx[p] = rnd.nextInt(dim);
          val[p] = 1e6;
        }
      }
      double[] x = new double[dim];
      for (int p = from; p < to; p++) {
        x[idx[p]] = val[p];
      }
      double[] dense = new double[offset + dim + 4];
      for (int i = 0; i < dense.length; i++) {
        dense[i] = rnd.nextGaussian();
      }
      double naiveDot = 0;
      double naiveSq = 0;
      for (int j = 0; j < dim; j++) {
        naiveDot += x[j] * dense[offset + j];
        naiveSq += x[j] * x[j];
      }
      assertEquals(naiveDot, SparseKernels.dot(idx, val, from, to, dense, offset), 1e-12);
      assertEquals(naiveSq, SparseKernels.squaredNorm(val, from, to), 1e-12);

      double[] expected = dense.clone();
      for (int j = 0; j < dim; j++) {
        expected[offset + j] += 0.3 * x[j];
      }
      double[] actual = dense.clone();
      SparseKernels.axpy(0.3, idx, val, from, to, actual, offset);
      assertArrayEquals(expected, actual, 1e-15);
    }
  }

  @Test
  void axpyWithZeroCoefficientLeavesDenseBitwiseUnchanged() {
    double[] dense = {1.5, -0.0, 3.0};
    SparseKernels.axpy(0.0, new int[] {0, 1}, new double[] {Double.MAX_VALUE, 2}, 0, 2, dense, 0);
    assertArrayEquals(new double[] {1.5, -0.0, 3.0}, dense, 0.0);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(dense[1]));
  }
}
