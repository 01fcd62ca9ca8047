package io.sparkdtrain.model.linear;

/**
 * What the binary classification losses ({@link LogisticLoss}, {@link HingeLoss}) share: one
 * margin per example, labels 0/1 (MLlib's convention) or -1/+1 where 0 and -1 both mean the
 * negative class, and the prediction {@code 1 if z > 0 else 0}; one margin and value semantics
 * come from {@link SingleMarginLoss}. A subclass writes the loss, its derivative in terms of
 * {@link #signedLabel} and, if it has them, the probabilities.
 */
public abstract class BinaryMarginLoss extends SingleMarginLoss {
  private static final long serialVersionUID = 1L;

  /** A binary loss called {@code name}. */
  protected BinaryMarginLoss(String name) {
    super(name);
  }

  /** True for 0, 1 and -1. */
  @Override
  public final boolean isValidLabel(double label) {
    return label == 0.0 || label == 1.0 || label == -1.0;
  }

  /** Returns {@code "0/1 or -1/+1"}. */
  @Override
  public final String labelDomain() {
    return "0/1 or -1/+1";
  }

  /** 1 when {@code z > 0}, else 0. */
  @Override
  public final double predict(double[] margins) {
    return margins[0] > 0 ? 1.0 : 0.0;
  }

  /**
   * The label as {@code y = +1} (positive) or {@code -1} (negative).
   *
   * @throws IllegalArgumentException if the label is not 0, 1 or -1
   */
  protected final double signedLabel(double label) {
    if (!isValidLabel(label)) {
      throw Losses.invalidLabel(this, label);
    }
    return label > 0 ? 1.0 : -1.0;
  }
}
