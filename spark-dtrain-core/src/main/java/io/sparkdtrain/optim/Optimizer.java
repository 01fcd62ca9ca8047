package io.sparkdtrain.optim;

import java.io.Serializable;

/**
 * A first-order optimiser that updates a full parameter vector from a gradient: the driver-side
 * step of synchronous SGD, the outer step of model averaging, and the dense local step.
 *
 * <p>Life cycle (after Tribuo's {@code StochasticGradientOptimiser}): build one configured
 * instance; each training run takes {@link #copy()} (same settings, fresh state); call
 * {@link #step} once per step with increasing {@code t} starting at 0. State (momentum, AdaGrad
 * accumulators) is sized lazily on the first step and checked on later ones.
 */
public interface Optimizer extends Serializable {

  /**
   * Updates {@code weights} in place from {@code gradient} (the full gradient, regularisation
   * included) at step {@code t}; returns the base learning rate used.
   */
  double step(double[] weights, double[] gradient, long t);

  /** Same configuration, fresh state. */
  Optimizer copy();

  /** The learning-rate schedule this optimiser follows. */
  LearningRateSchedule schedule();
}
