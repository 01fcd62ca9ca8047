package io.sparkdtrain.engine;

/**
 * Training produced a non-finite or exploding objective or model. The message names the round, the
 * value seen and the step size, so the user knows which setting to lower.
 */
public class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
