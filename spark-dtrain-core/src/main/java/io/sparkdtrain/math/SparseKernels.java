package io.sparkdtrain.math;

/**
 * Sparse-dense kernels over primitive arrays: the inner loops of every strategy. A sparse operand is
 * a slice {@code [from, to)} of parallel index/value arrays (one CSR row); the dense operand is read
 * or written starting at {@code offset} (the output block of a multi-output model). Each costs
 * O(to - from), independent of the dense dimension.
 */
public final class SparseKernels {
  private SparseKernels() {}

  /** {@code sum_k values[k] * dense[offset + indices[k]]} for k in [from, to). */
  public static double dot(int[] indices, double[] values, int from, int to, double[] dense, int offset) {
    double s = 0.0;
    for (int k = from; k < to; k++) {
      s += values[k] * dense[offset + indices[k]];
    }
    return s;
  }

  /** {@code dense[offset + indices[k]] += a * values[k]} for k in [from, to). */
  public static void axpy(double a, int[] indices, double[] values, int from, int to, double[] dense, int offset) {
    if (a == 0.0) {
      return;
    }
    for (int k = from; k < to; k++) {
      dense[offset + indices[k]] += a * values[k];
    }
  }

  /** Squared Euclidean norm of the slice. */
  public static double squaredNorm(double[] values, int from, int to) {
    double s = 0.0;
    for (int k = from; k < to; k++) {
      s += values[k] * values[k];
    }
    return s;
  }
}
