package io.sparkdtrain.model.linear;

import java.io.Serializable;

/**
 * Penalty on the weights, never on intercepts: L2 is {@code (lambda/2) ||w||^2} (MLlib's
 * convention, so objectives compare with {@code LogisticRegression} at {@code elasticNetParam=0}),
 * L1 is {@code lambda ||w||_1}. L2 enters gradients; L1 is applied by its proximal operator
 * (soft-thresholding), so optimisers call {@link #applyProximal} after each gradient step.
 */
public final class Regularization implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Which penalty. */
  public enum Kind {
    /** No penalty. */
    NONE,
    /** {@code (lambda/2) ||w||^2}, entering gradients. */
    L2,
    /** {@code lambda ||w||_1}, applied by soft-thresholding. */
    L1
  }

  private final Kind kind;
  private final double lambda;

  private Regularization(Kind kind, double lambda) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("Cannot set regParam to " + lambda
          + ", the value must be finite and >= 0");
    }
    this.kind = lambda == 0 ? Kind.NONE : kind;
    this.lambda = lambda;
  }

  /** No penalty. */
  public static Regularization none() { return new Regularization(Kind.NONE, 0); }

  /**
   * {@code (lambda/2) ||w||^2}; {@code lambda = 0} gives {@link Kind#NONE}.
   *
   * @throws IllegalArgumentException if {@code lambda} is negative, NaN or infinite
   */
  public static Regularization l2(double lambda) { return new Regularization(Kind.L2, lambda); }

  /**
   * {@code lambda ||w||_1}; {@code lambda = 0} gives {@link Kind#NONE}.
   *
   * @throws IllegalArgumentException if {@code lambda} is negative, NaN or infinite
   */
  public static Regularization l1(double lambda) { return new Regularization(Kind.L1, lambda); }

  /** Which penalty ({@link Kind#NONE} whenever lambda is 0). */
  public Kind kind() { return kind; }
  /** The penalty strength lambda. */
  public double lambda() { return lambda; }

  /** The penalty's value at {@code w}. */
  public double value(double[] w, ModelShape shape) {
    if (kind == Kind.NONE) {
      return 0;
    }
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      if (!shape.isIntercept(i)) {
        s += kind == Kind.L2 ? w[i] * w[i] : Math.abs(w[i]);
      }
    }
    return kind == Kind.L2 ? 0.5 * lambda * s : lambda * s;
  }

  /** Adds the gradient of the smooth part (L2 only) to {@code gradient}. */
  public void addGradient(double[] w, ModelShape shape, double[] gradient) {
    if (kind != Kind.L2) {
      return;
    }
    for (int i = 0; i < w.length; i++) {
      if (!shape.isIntercept(i)) {
        gradient[i] += lambda * w[i];
      }
    }
  }

  /** Soft-thresholding for L1 after a gradient step of size {@code stepSize}; no-op otherwise. */
  public void applyProximal(double[] w, ModelShape shape, double stepSize) {
    if (kind != Kind.L1) {
      return;
    }
    double t = stepSize * lambda;
    for (int i = 0; i < w.length; i++) {
      if (!shape.isIntercept(i)) {
        double v = w[i];
        w[i] = v > t ? v - t : (v < -t ? v + t : 0.0);
      }
    }
  }

  /** Equal when kind and lambda are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Regularization r && r.kind == kind && Double.compare(r.lambda, lambda) == 0;
  }

  @Override
  public int hashCode() { return kind.hashCode() * 31 + Double.hashCode(lambda); }

  /** {@code none}, {@code L2(lambda)} or {@code L1(lambda)}. */
  @Override
  public String toString() {
    return kind == Kind.NONE ? "none" : kind.name() + "(" + lambda + ")";
  }
}
