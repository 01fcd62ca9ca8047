package io.sparkdtrain.model;

import java.io.Serializable;

/**
 * The learning rate of local step {@code t = 0, 1, 2, ...} a {@link LocalStepper} uses
 * ({@code io.sparkdtrain.optim.LearningRateSchedule} is one).
 */
@FunctionalInterface
public interface StepSizes extends Serializable {

  /** The learning rate at step {@code t >= 0}. */
  double rate(long t);
}
