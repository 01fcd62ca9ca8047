package io.sparkdtrain.model.mlp;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.math.Blas;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A feed-forward network for classification: fully connected layers with a ReLU or tanh hidden
 * activation, a softmax output and the cross-entropy loss, optional L2 weight decay (biases are
 * not penalised) and optional inverted dropout on the hidden layers (Srivastava et al., JMLR 2014).
 * Forward and backward passes work on a whole mini-batch as matrix products through level-3 BLAS
 * ({@link Blas#gemm}), not per example (Rumelhart, Hinton and Williams 1986 for back-propagation).
 *
 * <p>Parameters live in one flat {@code double[]} laid out by {@link MlpLayout}. A batch is a
 * row-major {@code n x inputs} array; row-major matrices are column-major transposes, so with
 * {@code A} the batch's activations of a layer ({@code n x in}), {@code W} the layer's weights
 * ({@code out x in}) and {@code D} the gradient at its pre-activations ({@code n x out}):
 *
 * <pre>
 *   forward:   Z = A W^T + b        gemm(T, N, out, n, in)   on (W, A)
 *   weights:   dW += D^T A          gemm(N, T, in, out, n)   on (A, D)
 *   inputs:    dA  = D W            gemm(N, N, in, n, out)   on (W, D)
 * </pre>
 *
 * <p>The loss of a batch follows the engine's aggregator convention: {@link #addGradient} returns
 * the weighted loss sum {@code sum_i a_i L_i} and adds {@code scale * sum_i a_i grad L_i}; the
 * objective is that sum over all rows divided by the weight sum, plus {@link #penalty}. Labels are
 * class indices {@code 0 .. classes-1}. Stateless apart from its settings: the scratch space is a
 * {@link MlpWorkspace}, one per thread.
 */
public final class MultilayerPerceptron implements Serializable {
  private static final long serialVersionUID = 1L;

  private final MlpLayout layout;
  private final Activation activation;
  private final double l2;
  private final double dropout;

  /**
   * A network of the given layout.
   *
   * @param layout the layer sizes
   * @param activation the hidden activation
   * @param l2 the weight decay {@code lambda} of the penalty {@code lambda/2 ||W||^2}, {@code >= 0}
   * @param dropout the probability of dropping a hidden unit in training, in {@code [0, 1)}
   * @throws IllegalArgumentException naming the setting and the value
   */
  public MultilayerPerceptron(MlpLayout layout, Activation activation, double l2, double dropout) {
    if (layout == null || activation == null) {
      throw new IllegalArgumentException("Cannot set layout to " + layout + " and activation to " + activation
          + ", both must be non-null");
    }
    if (!(l2 >= 0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("Cannot set regParam to " + l2 + ", the value must be finite and >= 0");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("Cannot set dropout to " + dropout + ", the value must be in [0, 1)");
    }
    this.layout = layout;
    this.activation = activation;
    this.l2 = l2;
    this.dropout = dropout;
  }

  /** The layer sizes and the parameter layout. */
  public MlpLayout layout() { return layout; }
  /** The hidden activation. */
  public Activation activation() { return activation; }
  /** The L2 weight decay. */
  public double l2() { return l2; }
  /** The dropout probability of hidden units in training. */
  public double dropout() { return dropout; }
  /** Total number of parameters. */
  public int dimension() { return layout.dimension(); }

  /**
   * Seeded initial parameters: He initialisation for ReLU, Glorot for tanh (see
   * {@link Activation}), zero biases.
   */
  public double[] initialWeights(long seed) {
    double[] w = new double[dimension()];
    SplittableRandom random = new SplittableRandom(seed);
    for (int l = 1; l <= layout.numLayers(); l++) {
      int in = layout.size(l - 1);
      int out = layout.size(l);
      double scale = activation.initScale(in, out);
      int off = layout.weightOffset(l);
      for (int i = 0; i < in * out; i++) {
        w[off + i] = activation == Activation.RELU ? scale * gaussian(random) : scale * (2 * random.nextDouble() - 1);
      }
    }
    return w;
  }

  /**
   * Adds {@code scale * sum_i a_i grad L_i} of the batch to {@code gradient} and returns
   * {@code sum_i a_i L_i}. Dropout, when configured, is applied with the workspace's random stream.
   *
   * @param x the batch, row-major {@code n x inputs}
   * @param labels class indices, {@code n} of them
   * @param rowWeights the row weights {@code a_i}, or null for 1
   * @param n the number of rows
   * @throws IllegalArgumentException if a label is not a class index
   */
  public double addGradient(double[] x, double[] labels, double[] rowWeights, int n, double[] w, double scale,
                            double[] gradient, MlpWorkspace ws) {
    forward(x, n, w, ws, dropout > 0);
    int last = layout.numLayers();
    int classes = layout.numClasses();
    double[] delta = ws.delta(last, n);
    double[] probabilities = ws.activation(last);
    for (int r = 0; r < n; r++) {
      double a = rowWeights == null ? 1.0 : rowWeights[r];
      int y = checkLabel(labels[r]);
      for (int k = 0; k < classes; k++) {
        delta[r * classes + k] = scale * a * (probabilities[r * classes + k] - (k == y ? 1.0 : 0.0));
      }
    }
    for (int l = last; l >= 1; l--) {
      int in = layout.size(l - 1);
      int out = layout.size(l);
      double[] input = l == 1 ? x : ws.input(l - 1);
      double[] d = ws.delta(l, n);
      Blas.gemm(false, true, in, out, n, 1.0, input, 0, in, d, 0, out, 1.0, gradient, layout.weightOffset(l), in);
      int bias = layout.biasOffset(l);
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < out; j++) {
          gradient[bias + j] += d[r * out + j];
        }
      }
      if (l > 1) {
        double[] below = ws.delta(l - 1, n);
        Blas.gemm(false, false, in, n, out, 1.0, w, layout.weightOffset(l), in, d, 0, out, 0.0, below, 0, in);
        ws.applyDropoutMask(l - 1, below, n * in);
        activation.backward(ws.activation(l - 1), below, 0, n * in);
      }
    }
    return weightedLoss(labels, rowWeights, n, ws);
  }

  /** The weighted loss sum {@code sum_i a_i L_i} of the batch (no dropout). */
  public double loss(double[] x, double[] labels, double[] rowWeights, int n, double[] w, MlpWorkspace ws) {
    forward(x, n, w, ws, false);
    return weightedLoss(labels, rowWeights, n, ws);
  }

  /**
   * The class probabilities of the batch, row-major {@code n x classes}, into {@code out} (no
   * dropout).
   */
  public void probabilities(double[] x, int n, double[] w, double[] out, MlpWorkspace ws) {
    forward(x, n, w, ws, false);
    System.arraycopy(ws.activation(layout.numLayers()), 0, out, 0, n * layout.numClasses());
  }

  /**
   * The log-probabilities of the batch, row-major {@code n x classes}, into {@code out} (no
   * dropout): the output layer's logits shifted by their log-sum-exp, so finite where a
   * probability underflows, and softmax of a row is its probabilities.
   */
  public void logProbabilities(double[] x, int n, double[] w, double[] out, MlpWorkspace ws) {
    forward(x, n, w, ws, false);
    System.arraycopy(ws.logProbabilities(n), 0, out, 0, n * layout.numClasses());
  }

  /** The penalty {@code lambda/2 sum W^2} over the weights (biases excluded). */
  public double penalty(double[] w) {
    if (l2 == 0) {
      return 0.0;
    }
    double s = 0;
    for (int l = 1; l <= layout.numLayers(); l++) {
      int off = layout.weightOffset(l);
      for (int i = off; i < layout.biasOffset(l); i++) {
        s += w[i] * w[i];
      }
    }
    return 0.5 * l2 * s;
  }

  /** Adds the penalty's gradient {@code lambda W} (zero on biases). */
  public void addPenaltyGradient(double[] w, double[] gradient) {
    if (l2 == 0) {
      return;
    }
    for (int l = 1; l <= layout.numLayers(); l++) {
      for (int i = layout.weightOffset(l); i < layout.biasOffset(l); i++) {
        gradient[i] += l2 * w[i];
      }
    }
  }

  /**
   * Writes rows of a sparse block as a dense row-major batch into {@code x} (zeros elsewhere).
   *
   * @param rows the rows to take, or null for rows {@code 0 .. count-1}
   * @throws IllegalArgumentException if the block's feature count is not the network's input size
   */
  public void densify(CsrBlock block, int[] rows, int count, double[] x) {
    int in = layout.numInputs();
    if (block.numFeatures() != in) {
      throw new IllegalArgumentException("the data has " + block.numFeatures() + " features but layers="
          + layout.spec() + " starts with " + in + " inputs");
    }
    java.util.Arrays.fill(x, 0, count * in, 0.0);
    int[] idx = block.indices();
    double[] val = block.values();
    for (int r = 0; r < count; r++) {
      int row = rows == null ? r : rows[r];
      for (int p = block.rowStart(row); p < block.rowEnd(row); p++) {
        x[r * in + idx[p]] = val[p];
      }
    }
  }

  /** A scratch space for batches of up to {@code maxBatch} rows, seeded for dropout. */
  public MlpWorkspace newWorkspace(int maxBatch, long seed) {
    return new MlpWorkspace(layout, maxBatch, dropout, seed);
  }

  private void forward(double[] x, int n, double[] w, MlpWorkspace ws, boolean train) {
    ws.ensure(n);
    for (int l = 1; l <= layout.numLayers(); l++) {
      int in = layout.size(l - 1);
      int out = layout.size(l);
      double[] input = l == 1 ? x : ws.input(l - 1);
      double[] z = ws.activation(l);
      Blas.gemm(true, false, out, n, in, 1.0, w, layout.weightOffset(l), in, input, 0, in, 0.0, z, 0, out);
      int bias = layout.biasOffset(l);
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < out; j++) {
          z[r * out + j] += w[bias + j];
        }
      }
      if (l < layout.numLayers()) {
        activation.apply(z, 0, n * out);
        if (train) {
          ws.drawDropoutMask(l, n * out);
        } else {
          ws.clearDropoutMask(l);
        }
      } else {
        softmaxRows(z, n, out, ws.logProbabilities(n));
      }
    }
  }

  /**
   * Softmax of each row of {@code z} in place, and each row's log-probabilities into
   * {@code logProbabilities} (computed as {@code z_k - max - log sum exp(z - max)}, so a class whose
   * probability underflows still has a finite log-probability).
   */
  private static void softmaxRows(double[] z, int n, int classes, double[] logProbabilities) {
    for (int r = 0; r < n; r++) {
      int o = r * classes;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, z[o + k]);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        double shifted = z[o + k] - max;
        logProbabilities[o + k] = shifted;
        double e = Math.exp(shifted);
        z[o + k] = e;
        sum += e;
      }
      double logSum = Math.log(sum);
      for (int k = 0; k < classes; k++) {
        z[o + k] /= sum;
        logProbabilities[o + k] -= logSum;
      }
    }
  }

  /** {@code sum_i a_i (-log p_i[y_i])} of the last forward pass. */
  private double weightedLoss(double[] labels, double[] rowWeights, int n, MlpWorkspace ws) {
    int classes = layout.numClasses();
    double[] logP = ws.logProbabilities(n);
    double sum = 0;
    for (int r = 0; r < n; r++) {
      double a = rowWeights == null ? 1.0 : rowWeights[r];
      sum -= a * logP[r * classes + checkLabel(labels[r])];
    }
    return sum;
  }

  private int checkLabel(double label) {
    int y = (int) label;
    if (y != label || y < 0 || y >= layout.numClasses()) {
      throw new IllegalArgumentException("label " + label + " is not a class index of layers=" + layout.spec()
          + " (0 to " + (layout.numClasses() - 1) + ")");
    }
    return y;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: two uniforms in (0, 1] give one standard normal.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  @Override
  public String toString() {
    return "MultilayerPerceptron(layers=" + layout.spec() + ", activation=" + activation.name().toLowerCase()
        + ", l2=" + l2 + ", dropout=" + dropout + ")";
  }
}
