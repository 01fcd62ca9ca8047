package io.sparkdtrain.optim;

import io.sparkdtrain.model.StepSizes;

/**
 * Learning rate as a function of the step number {@code t = 0, 1, 2, ...}.
 * Implementations are immutable and validate their arguments (naming the parameter and value).
 */
public interface LearningRateSchedule extends StepSizes {

  /** The learning rate at step {@code t >= 0}. */
  @Override
  double rate(long t);

  /** The rate at step 0: the value the user gave as the step size. */
  double initialRate();
}
