package io.sparkdtrain.model.linear;

/**
 * Binary logistic loss (log loss, the loss of logistic regression; Cox 1958), with
 * {@code y = +1} for the positive class and {@code y = -1} for the negative class:
 *
 * <pre>
 *   L(z, y)   = log(1 + exp(-y z))
 *   dL/dz     = -y / (1 + exp(y z)) = -y sigmoid(-y z)
 *   P(y=1|z)  = sigmoid(z) = 1 / (1 + exp(-z))
 * </pre>
 *
 * <p>Labels may be given as 0/1 (MLlib's convention) or -1/+1; 0 and -1 both mean the negative
 * class. Both the loss and its derivative are computed without overflow for any finite margin:
 * {@code log(1 + exp(m)) = max(m, 0) + log1p(exp(-|m|))} and the sigmoid evaluates {@code exp} only
 * of non-positive arguments. Stateless; one output.
 */
public final class LogisticLoss extends BinaryMarginLoss {
  private static final long serialVersionUID = 1L;

  /** Creates the (stateless) loss, named {@code "logistic"}. */
  public LogisticLoss() {
    super("logistic");
  }

  /**
   * {@code log(1 + exp(-y z))} for {@code z = margins[0]}.
   *
   * @throws IllegalArgumentException if the label is not 0, 1 or -1
   */
  @Override
  public double loss(double[] margins, double label) {
    return softplus(-signedLabel(label) * margins[0]);
  }

  /**
   * The loss and {@code dL/dz = -y sigmoid(-y z)} into {@code derivative[0]}.
   *
   * @throws IllegalArgumentException if the label is not 0, 1 or -1
   */
  @Override
  public double lossAndDerivative(double[] margins, double label, double[] derivative) {
    double y = signedLabel(label);
    double m = -y * margins[0];
    derivative[0] = -y * sigmoid(m);
    return softplus(m);
  }

  /** Writes {@code {1 - p, p}} with {@code p = sigmoid(z)}, each computed directly; returns true. */
  @Override
  public boolean probabilities(double[] margins, double[] probabilities) {
    probabilities[0] = sigmoid(-margins[0]);
    probabilities[1] = sigmoid(margins[0]);
    return true;
  }

  /** {@code log(1 + exp(m))} without overflow or loss of precision for large |m|. */
  static double softplus(double m) {
    return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
  }

  /** {@code 1 / (1 + exp(-m))}, evaluating exp only of non-positive arguments. */
  static double sigmoid(double m) {
    if (m >= 0) {
      return 1.0 / (1.0 + Math.exp(-m));
    }
    double e = Math.exp(m);
    return e / (1.0 + e);
  }
}
