package io.sparkdtrain.engine;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;

/**
 * Diagonal preconditioning by feature scale for synchronous SGD's default path: the gradient step
 * {@code w -= eta P g} with {@code P = diag(1 / sigma_j^2)} ({@code sigma_j} the weighted standard
 * deviation of feature {@code j}; 1 for the intercepts; 0 for a constant feature, whose weight then
 * stays at its start, as MLlib leaves a constant feature's coefficient at 0). This is exactly
 * gradient descent on the features divided by their standard deviations, mapped back to the
 * original coefficients ({@code w_j = w'_j / sigma_j}), i.e. what MLlib's {@code LogisticRegression}
 * does internally with {@code standardization = true} (no centring, so sparse rows stay sparse):
 * the rows are never copied, only the driver's update is scaled. It removes the ill-conditioning
 * that feature scales cause (rare sparse words, pixels of different variance), which 100 plain
 * full-batch steps cannot overcome; the step size {@code 1/L} is then computed on the scaled
 * problem ({@link PowerIteration} on {@code S M S}, {@code S = P^(1/2)}).
 *
 * <p>It applies only where nothing was set that it would change: sync with full batches, the step
 * size derived from the data ({@link TrainingConfig#derivedStepSize()}), the SGD optimiser, a linear
 * model, and no L1 penalty (whose proximal step assumes the plain metric). An explicit step size
 * keeps the unpreconditioned update exactly as before.
 */
public final class FeatureScaling {
  private FeatureScaling() {}

  /** Whether sync with {@code context} takes preconditioned steps (see the class comment). */
  public static boolean applies(TrainingContext context) {
    return applies(context.config(), context.model());
  }

  /** Whether sync with {@code config} on {@code model} takes preconditioned steps. */
  static boolean applies(TrainingConfig config, io.sparkdtrain.model.Model<?> model) {
    return config.derivedStepSize() && config.miniBatchFraction() >= 1.0 && config.optimizer().equals("sgd")
        && model instanceof Objective objective && objective.regularization().kind() != Regularization.Kind.L1;
  }

  /**
   * The per-feature scale {@code s} (length {@code numFeatures + 1}, the last entry the intercept's
   * 1): {@code s_j = 1 / sigma_j}, 0 for a feature of zero variance. One pass over the cached blocks,
   * merged in partition order.
   */
  public static double[] featureScales(TrainingData data, int treeDepth) {
    int d = data.numFeatures();
    double[] sums = OrderedTreeAggregate.aggregate(data.blocks(),
        (partition, blocks) -> {
          double[] acc = new double[2 * d];
          while (blocks.hasNext()) {
            addMoments(blocks.next(), acc);
          }
          return acc;
        },
        OrderedTreeAggregate::addInto, treeDepth);
    return scalesFromMoments(sums, data.stats().weightSum());
  }

  /** {@code acc[j] += w_i x_ij}, {@code acc[d + j] += w_i x_ij^2} over the block's rows. */
  static void addMoments(CsrBlock block, double[] acc) {
    int d = block.numFeatures();
    int[] idx = block.indices();
    double[] val = block.values();
    for (int i = 0; i < block.numRows(); i++) {
      double weight = block.weight(i);
      for (int k = block.rowStart(i); k < block.rowEnd(i); k++) {
        acc[idx[k]] += weight * val[k];
        acc[d + idx[k]] += weight * val[k] * val[k];
      }
    }
  }

  /**
   * The scales from weighted sums {@code [sum w x_j ..., sum w x_j^2 ...]} and the weight sum:
   * {@code 1 / sqrt(E[x_j^2] - E[x_j]^2)} (0 where the variance is 0 or not finite), and 1 appended
   * for the intercept.
   */
  static double[] scalesFromMoments(double[] sums, double weightSum) {
    int d = sums.length / 2;
    double[] s = new double[d + 1];
    for (int j = 0; j < d; j++) {
      double mean = sums[j] / weightSum;
      double variance = sums[d + j] / weightSum - mean * mean;
      double relative = Math.abs(variance) / Math.max(Double.MIN_NORMAL, sums[d + j] / weightSum);
      s[j] = variance > 0 && relative > 1e-12 && Double.isFinite(variance) ? 1.0 / Math.sqrt(variance) : 0.0;
    }
    s[d] = 1.0;
    return s;
  }

  /**
   * The diagonal preconditioner over a model of {@code shape} (every output block): {@code s_j^2}
   * for feature weights, 1 for intercepts.
   */
  public static double[] preconditioner(double[] featureScales, ModelShape shape) {
    int d = shape.numFeatures();
    double[] p = new double[shape.dimension()];
    for (int k = 0; k < shape.numOutputs(); k++) {
      int offset = shape.offset(k);
      for (int j = 0; j < d; j++) {
        p[offset + j] = featureScales[j] * featureScales[j];
      }
      if (shape.fitIntercept()) {
        p[shape.interceptIndex(k)] = 1.0;
      }
    }
    return p;
  }

  /** The largest entry of {@code p} over feature weights (how much it can amplify an L2 penalty). */
  static double largestFeatureScaleSquared(double[] featureScales) {
    double max = 0;
    for (int j = 0; j < featureScales.length - 1; j++) {
      max = Math.max(max, featureScales[j] * featureScales[j]);
    }
    return max;
  }

  /** {@code gradient[i] *= p[i]}: the preconditioned direction, in place. */
  public static void apply(double[] p, double[] gradient) {
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] *= p[i];
    }
  }
}
