package io.sparkdtrain.model.linear;

/**
 * Binary hinge loss, the loss of the linear support vector machine (Cortes and Vapnik 1995), with
 * {@code y = +1} for the positive class and {@code y = -1} for the negative class:
 *
 * <pre>
 *   L(z, y) = max(0, 1 - y z)
 *   dL/dz   = -y  if y z &lt; 1,  else 0     (a subgradient; at the kink y z = 1 it takes 0)
 * </pre>
 *
 * <p>Labels may be given as 0/1 (MLlib's {@code LinearSVC} convention) or -1/+1; 0 and -1 both mean
 * the negative class. The loss defines no probabilities. Stateless; one output.
 */
public final class HingeLoss extends BinaryMarginLoss {
  private static final long serialVersionUID = 1L;

  /** Creates the (stateless) loss, named {@code "hinge"}. */
  public HingeLoss() {
    super("hinge");
  }

  /**
   * {@code max(0, 1 - y z)} for {@code z = margins[0]}.
   *
   * @throws IllegalArgumentException if the label is not 0, 1 or -1
   */
  @Override
  public double loss(double[] margins, double label) {
    return Math.max(0.0, 1.0 - signedLabel(label) * margins[0]);
  }

  /**
   * The loss and the subgradient {@code -y} (when {@code y z < 1}) or 0 into {@code derivative[0]}.
   *
   * @throws IllegalArgumentException if the label is not 0, 1 or -1
   */
  @Override
  public double lossAndDerivative(double[] margins, double label, double[] derivative) {
    double y = signedLabel(label);
    double yz = y * margins[0];
    if (yz < 1.0) {
      derivative[0] = -y;
      return 1.0 - yz;
    }
    derivative[0] = 0.0;
    return 0.0;
  }

  /** Returns false: the hinge loss defines no probabilities; the array is left unchanged. */
  @Override
  public boolean probabilities(double[] margins, double[] probabilities) {
    return false;
  }
}
