package io.sparkdtrain.optim;

import io.sparkdtrain.model.linear.ModelShape;
import java.io.Serializable;
import java.util.Map;

/**
 * A first-order optimiser that updates a full parameter vector from a gradient: the driver-side
 * step of synchronous SGD, the outer step of model averaging, and the dense local step.
 *
 * <p>Life cycle (after Tribuo's {@code StochasticGradientOptimiser}): build one configured
 * instance; each training run takes {@link #copy()} (same settings, fresh state); call
 * {@link #step} once per step with increasing {@code t} starting at 0. State (momentum, AdaGrad
 * accumulators) is sized lazily on the first step and checked on later ones. {@link #state()} and
 * {@link #restoreState} carry that state across a checkpoint: an optimiser restored from another's
 * state takes exactly the steps the other would have taken.
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

  /**
   * The state the next step depends on, as named arrays (copies); empty for a stateless optimiser
   * or before the first step.
   */
  default Map<String, double[]> state() {
    return Map.of();
  }

  /**
   * Sets the state to what {@link #state()} returned (the arrays are copied).
   *
   * @throws IllegalArgumentException if a name is not this optimiser's or an array's length is not
   *     the one the configured shape needs
   */
  default void restoreState(Map<String, double[]> state) {
    if (!state.isEmpty()) {
      throw new IllegalArgumentException(this + " keeps no state, but state " + state.keySet() + " was given");
    }
  }

  /**
   * For an optimiser whose only state is one array named {@code key}: that array of {@code state}
   * (a copy), or null when absent, checked against the model dimension of {@code shape} (not
   * checked when null); {@code owner} names the optimiser in messages.
   *
   * @throws IllegalArgumentException if {@code state} has another key or the length is wrong
   */
  static double[] restoreSingleState(Map<String, double[]> state, String key, ModelShape shape, Object owner) {
    for (String k : state.keySet()) {
      if (!k.equals(key)) {
        throw new IllegalArgumentException("Cannot restore state '" + k + "' into " + owner
            + ", the only state is '" + key + "'");
      }
    }
    double[] v = state.get(key);
    if (v != null && shape != null && v.length != shape.dimension()) {
      throw new IllegalArgumentException("Cannot restore " + key + " of length " + v.length
          + ", the configured model shape has dimension " + shape.dimension());
    }
    return v == null ? null : v.clone();
  }
}
