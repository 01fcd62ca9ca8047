package io.sparkdtrain.math;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Dense BLAS (level 1 on whole {@code double[]} arrays, and the level-3 matrix product), a thin static wrapper over
 * {@code dev.ludovic.netlib.blas.BLAS.getInstance()} (the same library Spark MLlib uses: native
 * BLAS when present, otherwise the JDK Vector API or plain Java).
 *
 * <p>Every method checks that its operands have the same length and throws an
 * {@link IllegalArgumentException} naming both lengths otherwise; netlib itself would silently
 * read only the shorter prefix.
 */
public final class Blas {
  private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

  private Blas() {}

  /**
   * The dot product {@code sum_i x[i] * y[i]}.
   *
   * @param x first operand
   * @param y second operand, same length as {@code x}
   * @return the dot product (0 for empty arrays)
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double dot(double[] x, double[] y) {
    checkSameLength("dot", x, y);
    return x.length == 0 ? 0.0 : BLAS_INSTANCE.ddot(x.length, x, 1, y, 1);
  }

  /**
   * {@code y += a * x}, in place.
   *
   * @param a scalar multiplier
   * @param x the vector added, unchanged
   * @param y the vector updated, same length as {@code x}
   * @throws IllegalArgumentException if the lengths differ
   */
  public static void axpy(double a, double[] x, double[] y) {
    checkSameLength("axpy", x, y);
    if (x.length > 0) {
      BLAS_INSTANCE.daxpy(x.length, a, x, 1, y, 1);
    }
  }

  /**
   * {@code x *= a}, in place.
   *
   * @param a scalar multiplier
   * @param x the vector scaled
   */
  public static void scal(double a, double[] x) {
    if (x.length > 0) {
      BLAS_INSTANCE.dscal(x.length, a, x, 1);
    }
  }

  /**
   * The Euclidean norm {@code sqrt(sum_i x[i]^2)}, without spurious overflow or underflow.
   *
   * <p>Reference BLAS scales inside {@code dnrm2}, but netlib-java's Vector API implementation sums
   * plain squares (so {@code {1e200, 1e200}} gives infinity). When BLAS returns a result outside
   * {@code [1e-150, 1e150]} the norm is recomputed with scaling by {@code max_i |x[i]|}: one more
   * pass, only for extreme values.
   *
   * @param x the vector
   * @return its 2-norm (0 for an empty array; NaN if an element is NaN)
   */
  public static double norm2(double[] x) {
    if (x.length == 0) {
      return 0.0;
    }
    double r = BLAS_INSTANCE.dnrm2(x.length, x, 1);
    return r >= 1e-150 && r <= 1e150 ? r : scaledNorm2(x);
  }

  private static double scaledNorm2(double[] x) {
    double max = 0.0;
    for (double v : x) {
      max = Math.max(max, Math.abs(v));
    }
    if (max == 0.0 || Double.isInfinite(max)) {
      return max;
    }
    double s = 0.0;
    for (double v : x) {
      double q = v / max;
      s += q * q;
    }
    return max * Math.sqrt(s);
  }

  /**
   * The general matrix product {@code C = alpha op(A) op(B) + beta C} of level-3 BLAS
   * ({@code dgemm}), on column-major matrices stored from an offset: {@code op(X)} is {@code X} or
   * its transpose, {@code op(A)} is {@code m x k}, {@code op(B)} {@code k x n} and {@code C}
   * {@code m x n}, with leading dimensions {@code lda}, {@code ldb}, {@code ldc}. A row-major
   * {@code r x c} matrix is the column-major {@code c x r} transpose with leading dimension {@code c};
   * callers that think in rows swap the operands accordingly (see
   * {@link io.sparkdtrain.model.mlp.MultilayerPerceptron}).
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
                          int offA, int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC,
                          int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    BLAS_INSTANCE.dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, a, offA, lda, b, offB, ldb,
        beta, c, offC, ldc);
  }

  /** The name of the BLAS implementation in use (for logs and benchmark reports). */
  public static String implementationName() {
    return BLAS_INSTANCE.getClass().getName();
  }

  private static void checkSameLength(String op, double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("Cannot compute " + op + " of vectors of different lengths: x has "
          + x.length + " elements, y has " + y.length);
    }
  }
}
