package io.sparkdtrain.model.linear;

import java.util.List;
import java.util.Locale;

/**
 * Factory of the {@link MarginLoss} implementations by name, for configuration files and the
 * command line: {@code logistic} ({@link LogisticLoss}), {@code hinge} ({@link HingeLoss}),
 * {@code squared} ({@link SquaredLoss}) and {@code softmax} ({@link SoftmaxLoss}).
 */
public final class Losses {

  /** The accepted names, in the order the error messages list them. */
  public static final List<String> NAMES = List.of("logistic", "hinge", "squared", "softmax");

  private Losses() {}

  /**
   * The loss called {@code name} (case-insensitive, surrounding blanks ignored).
   *
   * <p>{@code numClasses} is the number of classes K: required ({@code >= 2}) for
   * {@code softmax}; for the binary losses {@code logistic} and {@code hinge} any value up to 2
   * is accepted (callers may pass 0 for "not known") and a larger one is rejected, pointing to
   * {@code softmax}; ignored for {@code squared}.
   *
   * @param name one of {@link #NAMES}
   * @param numClasses the number of classes, see above
   * @return a new loss
   * @throws IllegalArgumentException for an unknown name, or a number of classes that does not fit
   *     the loss
   */
  public static MarginLoss byName(String name, int numClasses) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (key) {
      case "logistic":
        return binary(new LogisticLoss(), numClasses);
      case "hinge":
        return binary(new HingeLoss(), numClasses);
      case "squared":
        return new SquaredLoss();
      case "softmax":
        return new SoftmaxLoss(numClasses);
      default:
        throw new IllegalArgumentException("Unknown objective '" + name + "'; expected one of "
            + String.join(", ", NAMES));
    }
  }

  private static MarginLoss binary(MarginLoss loss, int numClasses) {
    if (numClasses > 2) {
      throw new IllegalArgumentException("Cannot use objective '" + loss.name() + "' with numClasses="
          + numClasses + ": it is binary; use 'softmax' for more than 2 classes");
    }
    return loss;
  }

  /** The exception every loss throws for a label outside its domain. */
  static IllegalArgumentException invalidLabel(MarginLoss loss, double label) {
    return new IllegalArgumentException("Invalid label " + label + " for the " + loss.name()
        + " loss; labels must be " + loss.labelDomain());
  }
}
