package io.sparkdtrain.math;

/**
 * The softmax {@code p_k = exp(z_k) / sum_j exp(z_j)} (Bridle 1990), computed without overflow as
 * {@code exp(z_k - max_j z_j)} over their sum: the largest term is 1, so the sum is in
 * {@code [1, n]} for any finite inputs. Shared by the softmax loss's probabilities, the network's
 * probability column and the Dirichlet sampling of client splits (a normalised exponential of
 * log-Gamma draws).
 */
public final class Softmax {
  private Softmax() {}

  /**
   * Writes the softmax of {@code z[0..n)} into {@code out[0..n)}; {@code out} may be {@code z}.
   *
   * @throws IllegalArgumentException if {@code n < 1} or an array is shorter than {@code n}
   */
  public static void probabilities(double[] z, int n, double[] out) {
    if (n < 1 || z.length < n || out.length < n) {
      throw new IllegalArgumentException("softmax of " + n + " values needs n >= 1 and arrays of at least"
          + " n values, got lengths " + z.length + " and " + out.length);
    }
    double max = z[0];
    for (int k = 1; k < n; k++) {
      max = Math.max(max, z[k]);
    }
    double sum = 0.0;
    for (int k = 0; k < n; k++) {
      out[k] = Math.exp(z[k] - max);
      sum += out[k];
    }
    for (int k = 0; k < n; k++) {
      out[k] /= sum;
    }
  }
}
