package io.sparkdtrain.model.mlp;

import java.util.SplittableRandom;

/**
 * Per-thread scratch space of a {@link MultilayerPerceptron}: every layer's activations and
 * back-propagated gradients for a batch, the output layer's log-probabilities, the dropout masks
 * and the seeded random stream that draws them. Arrays grow to the largest batch seen and are
 * reused, so a training step allocates nothing. Not thread-safe: one per task thread.
 */
public final class MlpWorkspace implements io.sparkdtrain.model.Workspace {
  private final MlpLayout layout;
  private final double dropout;
  private final SplittableRandom random;
  private final double[][] activations;
  private final double[][] deltas;
  private final double[][] masks;
  private final double[][] dropped;
  private final boolean[] masked;
  private double[] logProbabilities = new double[0];
  private int capacity;

  MlpWorkspace(MlpLayout layout, int maxBatch, double dropout, long seed) {
    this.layout = layout;
    this.dropout = dropout;
    this.random = new SplittableRandom(seed);
    int layers = layout.numLayers() + 1;
    this.activations = new double[layers][];
    this.deltas = new double[layers][];
    this.masks = new double[layers][];
    this.dropped = new double[layers][];
    this.masked = new boolean[layers];
    ensure(Math.max(1, maxBatch));
  }

  /** Makes room for batches of {@code n} rows. */
  void ensure(int n) {
    if (n <= capacity) {
      return;
    }
    for (int l = 1; l <= layout.numLayers(); l++) {
      activations[l] = new double[n * layout.size(l)];
      deltas[l] = new double[n * layout.size(l)];
      if (dropout > 0 && l < layout.numLayers()) {
        masks[l] = new double[n * layout.size(l)];
        dropped[l] = new double[n * layout.size(l)];
      }
    }
    logProbabilities = new double[n * layout.numClasses()];
    capacity = n;
  }

  /** Layer {@code l}'s outputs of the last forward pass (the output layer: probabilities). */
  double[] activation(int l) {
    return activations[l];
  }

  /**
   * What layer {@code l} passes on to layer {@code l+1}: its outputs, times the dropout mask when one
   * was drawn in this pass.
   */
  double[] input(int l) {
    return masked[l] ? dropped[l] : activations[l];
  }

  /** Layer {@code l}'s gradient buffer, sized for {@code n} rows. */
  double[] delta(int l, int n) {
    ensure(n);
    return deltas[l];
  }

  /** The output layer's log-probabilities, sized for {@code n} rows. */
  double[] logProbabilities(int n) {
    ensure(n);
    return logProbabilities;
  }

  /**
   * Draws layer {@code l}'s inverted-dropout mask (0 with the dropout probability, else 1/(1-p))
   * and the masked outputs that {@link #input} then returns.
   */
  void drawDropoutMask(int l, int size) {
    if (dropout == 0) {
      return;
    }
    double keep = 1.0 - dropout;
    double[] m = masks[l];
    double[] a = activations[l];
    double[] out = dropped[l];
    for (int i = 0; i < size; i++) {
      m[i] = random.nextDouble() < keep ? 1.0 / keep : 0.0;
      out[i] = a[i] * m[i];
    }
    masked[l] = true;
  }

  /** Forgets layer {@code l}'s mask (an evaluation pass uses none). */
  void clearDropoutMask(int l) {
    masked[l] = false;
  }

  /** Multiplies {@code values[0, size)} by layer {@code l}'s mask, if one was drawn. */
  void applyDropoutMask(int l, double[] values, int size) {
    if (!masked[l]) {
      return;
    }
    double[] m = masks[l];
    for (int i = 0; i < size; i++) {
      values[i] *= m[i];
    }
  }
}
