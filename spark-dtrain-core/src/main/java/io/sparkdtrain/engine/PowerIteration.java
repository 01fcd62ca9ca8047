package io.sparkdtrain.engine;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.TrainingData;
import java.util.Arrays;

/**
 * The largest eigenvalue of the data's weighted second-moment matrix
 * {@code M = sum_i w_i x_i x_i^T / sum_i w_i} (with the intercept's constant 1 appended to every row
 * when the model fits one), by power iteration (von Mises): {@code v <- M v / ||M v||}, one pass over
 * the cached blocks per iteration, partial sums merged in partition order
 * ({@link OrderedTreeAggregate}), so the estimate is the same on every run over the same data. The
 * returned Rayleigh quotient {@code v^T M v} never exceeds the true value and approaches it
 * geometrically; the smoothness of a margin loss is {@code c} times it ({@link StepSizeDefaults}).
 * Nothing outlives the call: the vector travels in the task closures, no broadcast is left behind.
 */
public final class PowerIteration {
  /** Iterations used for the default step size: passes over the data before training. */
  public static final int ITERATIONS = 10;

  private PowerIteration() {}

  /**
   * The estimate of the largest eigenvalue of {@code M} after {@code iterations} passes (0 when every
   * row is zero and there is no intercept).
   */
  public static double largestEigenvalue(TrainingData data, boolean intercept, int iterations, int treeDepth) {
    return largestEigenvalue(data, intercept, iterations, treeDepth, null);
  }

  /**
   * The same for the scaled matrix {@code S M S}, {@code S = diag(scales)} ({@code scales} of length
   * {@code numFeatures + 1}, the last entry the intercept's; {@code null} = no scaling): the
   * curvature of the problem {@link FeatureScaling} preconditions.
   */
  public static double largestEigenvalue(TrainingData data, boolean intercept, int iterations, int treeDepth,
                                         double[] scales) {
    int d = data.numFeatures();
    int dim = d + (intercept ? 1 : 0);
    double weightSum = data.stats().weightSum();
    double[] v = new double[dim];
    Arrays.fill(v, 1.0 / Math.sqrt(dim));
    double rayleigh = 0;
    for (int it = 0; it < iterations; it++) {
      final double[] current = scaled(v, scales);
      double[] u = OrderedTreeAggregate.aggregate(data.blocks(),
          (partition, blocks) -> {
            double[] g = new double[dim];
            while (blocks.hasNext()) {
              multiplyAdd(blocks.next(), current, intercept, g);
            }
            return g;
          },
          OrderedTreeAggregate::addInto, treeDepth);
      double dot = 0;
      double norm2 = 0;
      for (int j = 0; j < dim; j++) {
        u[j] /= weightSum;
        if (scales != null) {
          u[j] *= scales[j < d ? j : d];
        }
        dot += v[j] * u[j];
        norm2 += u[j] * u[j];
      }
      rayleigh = dot;
      if (!(norm2 > 0)) {
        return 0.0;
      }
      double norm = Math.sqrt(norm2);
      for (int j = 0; j < dim; j++) {
        u[j] /= norm;
      }
      v = u;
    }
    return rayleigh;
  }

  /** {@code S v} ({@code v} itself when {@code scales} is null). */
  private static double[] scaled(double[] v, double[] scales) {
    if (scales == null) {
      return v;
    }
    int d = scales.length - 1;
    double[] out = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = v[j] * scales[j < d ? j : d];
    }
    return out;
  }

  /** {@code g += sum_i w_i x_i (x_i . v)} over the block's rows (x with the intercept's 1 appended). */
  static void multiplyAdd(CsrBlock block, double[] v, boolean intercept, double[] g) {
    int[] idx = block.indices();
    double[] val = block.values();
    int d = block.numFeatures();
    for (int i = 0; i < block.numRows(); i++) {
      double m = intercept ? v[d] : 0.0;
      for (int k = block.rowStart(i); k < block.rowEnd(i); k++) {
        m += val[k] * v[idx[k]];
      }
      m *= block.weight(i);
      for (int k = block.rowStart(i); k < block.rowEnd(i); k++) {
        g[idx[k]] += m * val[k];
      }
      if (intercept) {
        g[d] += m;
      }
    }
  }
}
