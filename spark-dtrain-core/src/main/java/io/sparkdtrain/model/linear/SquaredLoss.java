package io.sparkdtrain.model.linear;

/**
 * Squared loss for least-squares regression (Legendre 1805; Gauss 1809), with the factor 1/2 of
 * MLlib's {@code LeastSquaresGradient}, so the derivative is the residual:
 *
 * <pre>
 *   L(z, y) = (z - y)^2 / 2
 *   dL/dz   = z - y
 * </pre>
 *
 * <p>Any finite label is valid. The prediction is the margin itself; no probabilities.
 * Stateless; one output.
 */
public final class SquaredLoss extends SingleMarginLoss {
  private static final long serialVersionUID = 1L;

  /** Creates the (stateless) loss, named {@code "squared"}. */
  public SquaredLoss() {
    super("squared");
  }

  /** True for every finite label. */
  @Override
  public boolean isValidLabel(double label) {
    return Double.isFinite(label);
  }

  /** Returns {@code "any finite number"}. */
  @Override
  public String labelDomain() {
    return "any finite number";
  }

  /**
   * {@code (z - y)^2 / 2} for {@code z = margins[0]}.
   *
   * @throws IllegalArgumentException if the label is NaN or infinite
   */
  @Override
  public double loss(double[] margins, double label) {
    double r = margins[0] - checked(label);
    return 0.5 * r * r;
  }

  /**
   * The loss and the residual {@code z - y} into {@code derivative[0]}.
   *
   * @throws IllegalArgumentException if the label is NaN or infinite
   */
  @Override
  public double lossAndDerivative(double[] margins, double label, double[] derivative) {
    double r = margins[0] - checked(label);
    derivative[0] = r;
    return 0.5 * r * r;
  }

  /** The margin {@code z} itself. */
  @Override
  public double predict(double[] margins) {
    return margins[0];
  }

  /** Returns false: a regression loss defines no class probabilities; the array is unchanged. */
  @Override
  public boolean probabilities(double[] margins, double[] probabilities) {
    return false;
  }

  private double checked(double label) {
    if (!Double.isFinite(label)) {
      throw Losses.invalidLabel(this, label);
    }
    return label;
  }
}
