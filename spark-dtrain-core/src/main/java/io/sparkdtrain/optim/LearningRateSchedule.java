package io.sparkdtrain.optim;

import java.io.Serializable;

/**
 * Learning rate as a function of the step number {@code t = 0, 1, 2, ...}.
 * Implementations are immutable and validate their arguments (naming the parameter and value).
 */
public interface LearningRateSchedule extends Serializable {

  /** The learning rate at step {@code t >= 0}. */
  double rate(long t);

  /** The rate at step 0: the value the user gave as the step size. */
  double initialRate();
}
