package io.sparkdtrain.model.mlp;

/**
 * The hidden-layer non-linearity of a {@link MultilayerPerceptron}, with the initialisation that
 * suits it: ReLU (Nair and Hinton 2010) with He initialisation (He et al., "Delving Deep into
 * Rectifiers", ICCV 2015: weights ~ N(0, 2 / fanIn)), tanh with Glorot initialisation (Glorot and
 * Bengio, AISTATS 2010: weights ~ U(-a, a), a = sqrt(6 / (fanIn + fanOut))).
 */
public enum Activation {
  /** {@code max(0, z)}; derivative 1 where the output is positive, else 0. */
  RELU,
  /** {@code tanh(z)}; derivative {@code 1 - tanh(z)^2}. */
  TANH;

  /** Applies the activation in place to {@code values[from, to)}. */
  void apply(double[] values, int from, int to) {
    if (this == RELU) {
      for (int i = from; i < to; i++) {
        if (values[i] < 0) {
          values[i] = 0.0;
        }
      }
    } else {
      for (int i = from; i < to; i++) {
        values[i] = Math.tanh(values[i]);
      }
    }
  }

  /**
   * Multiplies {@code grad[from, to)} (the gradient with respect to the outputs) by the derivative,
   * expressed through the outputs {@code out}, turning it into the gradient with respect to the
   * pre-activations.
   */
  void backward(double[] out, double[] grad, int from, int to) {
    if (this == RELU) {
      for (int i = from; i < to; i++) {
        if (out[i] <= 0) {
          grad[i] = 0.0;
        }
      }
    } else {
      for (int i = from; i < to; i++) {
        grad[i] *= 1.0 - out[i] * out[i];
      }
    }
  }

  /** The standard deviation (ReLU, Gaussian) or half-width (tanh, uniform) of the initial weights. */
  double initScale(int fanIn, int fanOut) {
    return this == RELU ? Math.sqrt(2.0 / fanIn) : Math.sqrt(6.0 / (fanIn + fanOut));
  }

  /**
   * The activation named {@code name} ("relu" or "tanh", any case).
   *
   * @throws IllegalArgumentException naming the value when it is neither
   */
  public static Activation parse(String name) {
    if (name != null) {
      for (Activation a : values()) {
        if (a.name().equalsIgnoreCase(name.trim())) {
          return a;
        }
      }
    }
    throw new IllegalArgumentException("Cannot set activation to '" + name + "', the value must be relu or tanh");
  }
}
