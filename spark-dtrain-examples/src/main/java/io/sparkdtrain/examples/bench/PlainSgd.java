package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.CsrBlock;

/**
 * The one-core reference: plain single-threaded per-example SGD on L2 logistic regression, written
 * as one loop over the CSR arrays and a {@code double[]}, with no Spark, no interfaces and no
 * allocation per example. It is the physical limit a strategy on one core is compared with.
 *
 * <p>Each example {@code (x, y)} (labels 0/1 or -1/+1) takes the step
 * <pre>
 *   z  = w . x + b,   g = -y' sigmoid(-y' z)   (y' = +1 or -1; the logistic derivative)
 *   w &lt;- (1 - lr_t lambda) w - lr_t g x,   b &lt;- b - lr_t g      (the intercept is not penalised)
 *   lr_t = eta0 decay^(t / n)                                     (t = examples processed so far)
 * </pre>
 * a learning rate that shrinks by {@code decay} per epoch of {@code n} examples, continuously (the
 * geometric epoch decay of Hogwild!, Niu et al. 2011; {@code decay = 1} is a constant rate). The decay of {@code w} is kept
 * lazily as {@code w = scale * v} so a step costs O(nnz of the row) (Shalev-Shwartz et al. 2007,
 * Pegasos): exactly the step of {@link io.sparkdtrain.model.linear.SparseSgd} with a batch of one row, which
 * the unit test checks. The scale is folded into {@code v} when it leaves {@code [1e-9, 1e9]}.
 *
 * <p>Not thread-safe.
 */
public final class PlainSgd {
  private final double[] v;
  private final double eta0;
  private final double lambda;
  private final double decay;
  private final long epochLength;
  private final double stepFactor; // decay^(1/n): the rate is multiplied by it after every example
  private double lr;
  private double scale = 1.0;
  private double intercept;
  private long t;

  /**
   * @param numFeatures the feature count (the model has {@code numFeatures + 1} parameters)
   * @param eta0 the initial learning rate, {@code > 0}
   * @param lambda the L2 strength, {@code >= 0}
   * @param decay the factor of the learning rate per epoch, in (0, 1]
   * @param epochLength examples per epoch {@code n}, {@code >= 1}
   */
  public PlainSgd(int numFeatures, double eta0, double lambda, double decay, long epochLength) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException("Cannot set numFeatures to " + numFeatures + ", the value must be >= 1");
    }
    if (!(eta0 > 0) || !Double.isFinite(eta0)) {
      throw new IllegalArgumentException("Cannot set eta0 to " + eta0 + ", the value must be finite and > 0");
    }
    if (!(lambda >= 0) || !Double.isFinite(lambda)) {
      throw new IllegalArgumentException("Cannot set lambda to " + lambda + ", the value must be finite and >= 0");
    }
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("Cannot set decay to " + decay + ", the value must be in (0, 1]");
    }
    if (epochLength < 1) {
      throw new IllegalArgumentException("Cannot set epochLength to " + epochLength + ", the value must be >= 1");
    }
    this.decay = decay;
    this.epochLength = epochLength;
    this.stepFactor = Math.pow(decay, 1.0 / epochLength);
    this.lr = eta0;
    this.v = new double[numFeatures];
    this.eta0 = eta0;
    this.lambda = lambda;
  }

  /** The learning rate of example {@code t} (0-based). */
  public double rate(long step) {
    return decay == 1 ? eta0 : eta0 * Math.pow(decay, step / (double) epochLength);
  }

  /** One step per row of {@code block}, in the order {@code rows[0..count)}. */
  public void pass(CsrBlock block, int[] rows, int count) {
    int[] offsets = block.rowOffsets();
    int[] idx = block.indices();
    double[] val = block.values();
    double[] labels = block.labels();
    double[] vv = v;
    for (int r = 0; r < count; r++) {
      int row = rows[r];
      int from = offsets[row];
      int to = offsets[row + 1];
      double dot = 0.0;
      for (int k = from; k < to; k++) {
        dot += val[k] * vv[idx[k]];
      }
      double z = scale * dot + intercept;
      double y = labels[row] > 0 ? 1.0 : -1.0;
      double m = -y * z; // the derivative -y sigmoid(m), exp only of non-positive arguments
      double sig = m >= 0 ? 1.0 / (1.0 + Math.exp(-m)) : Math.exp(m) / (1.0 + Math.exp(m));
      double g = -y * sig;
      double next = scale * (1.0 - lr * lambda);
      if (Math.abs(next) < 1e-9 || Math.abs(next) > 1e9) {
        for (int j = 0; j < vv.length; j++) {
          vv[j] *= next;
        }
        next = 1.0;
      }
      scale = next;
      double a = -lr * g / scale;
      for (int k = from; k < to; k++) {
        vv[idx[k]] += a * val[k];
      }
      intercept -= lr * g;
      lr *= stepFactor;
      t++;
    }
  }

  /** Examples processed so far. */
  public long steps() {
    return t;
  }

  /** The model as dtrain lays it out: the coefficients, then the intercept. */
  public double[] weights() {
    double[] w = new double[v.length + 1];
    for (int j = 0; j < v.length; j++) {
      w[j] = scale * v[j];
    }
    w[v.length] = intercept;
    return w;
  }
}
