package io.sparkdtrain.model.mlp;

/**
 * A reference network written with plain per-example loops and no BLAS: forward pass, softmax
 * cross-entropy and back-propagation of one example, for checking {@link MultilayerPerceptron}'s
 * batched matrix products. ReLU hidden layers only.
 */
final class NaiveMlp {
  private NaiveMlp() {}

  /** The class probabilities of one example. */
  static double[] probabilities(MlpLayout layout, double[] w, double[] x) {
    double[][] a = forward(layout, w, x);
    return a[layout.numLayers()];
  }

  /** Adds {@code scale * grad(-log p_y)} for one example to {@code gradient}; returns {@code -log p_y}. */
  static double addExampleGradient(MlpLayout layout, double[] w, double[] x, int y, double scale, double[] gradient) {
    double[][] a = forward(layout, w, x);
    int last = layout.numLayers();
    double[] delta = a[last].clone();
    delta[y] -= 1.0;
    double loss = -Math.log(a[last][y]);
    for (int l = last; l >= 1; l--) {
      int in = layout.size(l - 1);
      int out = layout.size(l);
      for (int j = 0; j < out; j++) {
        for (int i = 0; i < in; i++) {
          gradient[layout.weightOffset(l) + j * in + i] += scale * delta[j] * a[l - 1][i];
        }
        gradient[layout.biasOffset(l) + j] += scale * delta[j];
      }
      if (l > 1) {
        double[] below = new double[in];
        for (int i = 0; i < in; i++) {
          double s = 0;
          for (int j = 0; j < out; j++) {
            s += delta[j] * w[layout.weightOffset(l) + j * in + i];
          }
          below[i] = a[l - 1][i] > 0 ? s : 0.0;
        }
        delta = below;
      }
    }
    return loss;
  }

  private static double[][] forward(MlpLayout layout, double[] w, double[] x) {
    int last = layout.numLayers();
    double[][] a = new double[last + 1][];
    a[0] = x;
    for (int l = 1; l <= last; l++) {
      int in = layout.size(l - 1);
      int out = layout.size(l);
      a[l] = new double[out];
      for (int j = 0; j < out; j++) {
        double z = w[layout.biasOffset(l) + j];
        for (int i = 0; i < in; i++) {
          z += w[layout.weightOffset(l) + j * in + i] * a[l - 1][i];
        }
        a[l][j] = l < last ? Math.max(0.0, z) : z;
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double z : a[last]) {
      max = Math.max(max, z);
    }
    double sum = 0;
    for (int k = 0; k < a[last].length; k++) {
      a[last][k] = Math.exp(a[last][k] - max);
      sum += a[last][k];
    }
    for (int k = 0; k < a[last].length; k++) {
      a[last][k] /= sum;
    }
    return a;
  }
}
