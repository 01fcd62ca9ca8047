package io.sparkdtrain.model.linear;

/**
 * What the one-output losses without parameters ({@link SquaredLoss}, and through
 * {@link BinaryMarginLoss} {@link LogisticLoss} and {@link HingeLoss}) share: their name, one margin
 * per example, and value semantics (a loss without parameters equals every other instance of its
 * class; its string form is its name). A subclass writes the labels it accepts, the loss, its
 * derivative, the prediction and, if it has them, the probabilities.
 */
public abstract class SingleMarginLoss implements MarginLoss {
  private static final long serialVersionUID = 1L;

  private final String name;

  /** A loss called {@code name} on the command line and in reports. */
  protected SingleMarginLoss(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  /** Returns 1: one margin per example. */
  @Override
  public final int numOutputs() {
    return 1;
  }

  /** Instances of the same class are equal: the loss has no parameters. */
  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public final int hashCode() {
    return getClass().hashCode();
  }

  /** Returns the {@link #name()}. */
  @Override
  public final String toString() {
    return name;
  }
}
