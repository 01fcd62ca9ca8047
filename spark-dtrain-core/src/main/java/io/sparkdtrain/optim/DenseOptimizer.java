package io.sparkdtrain.optim;

import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.validation.Require;
import java.util.Map;

/**
 * What the dense optimisers ({@link Sgd}, {@link AdaGrad}, {@link Adam}) share: a learning-rate
 * schedule, the optional penalty whose proximal (L1) step follows each update together with the
 * model shape that tells intercepts apart, the step itself (length checks, the rate of step
 * {@code t}, the subclass's update) and the builder settings for those three. A subclass adds its
 * update rule ({@link #update}) and its state (velocity, squared-gradient sums, moments); the state
 * is sized on the first step and checked on later ones.
 */
public abstract class DenseOptimizer implements Optimizer {
  private static final long serialVersionUID = 1L;

  /** The learning rate per step. */
  protected final LearningRateSchedule schedule;
  /** The penalty whose L1 proximal step follows each update ({@code none} when not configured). */
  protected final Regularization regularization;
  /** The model shape given with the regularisation, or {@code null} when none was given. */
  protected final ModelShape shape;

  /** The settings {@code b} holds. */
  protected DenseOptimizer(Builder<?> b) {
    this.schedule = b.schedule;
    this.regularization = b.regularization;
    this.shape = b.shape;
  }

  @Override
  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** The penalty whose proximal step follows each update ({@code none} when not configured). */
  public Regularization regularization() {
    return regularization;
  }

  /** The model shape given with the regularisation, or {@code null} when none was given. */
  public ModelShape shape() {
    return shape;
  }

  /**
   * One step: checks the lengths, takes the rate {@code lr_t = schedule.rate(t)} and lets the
   * subclass update {@code weights} in place from the full gradient.
   *
   * @param weights the parameters, updated in place
   * @param gradient the full gradient at {@code weights}, same length; not modified
   * @param t the step number, {@code >= 0}
   * @return the learning rate {@code lr_t} used
   * @throws IllegalArgumentException if the lengths differ from each other, from the state of
   *     earlier steps or from the configured model shape
   */
  @Override
  public final double step(double[] weights, double[] gradient, long t) {
    checkLengths(weights, gradient);
    double lr = schedule.rate(t);
    update(weights, gradient, t, lr);
    return lr;
  }

  /**
   * The subclass's update rule at step {@code t} with rate {@code lr}; the lengths are checked.
   * It sizes its state with {@link #sizedState} and ends with {@link #applyProximal} when its
   * L1 step is the plain soft-thresholding by {@code lr lambda}.
   */
  protected abstract void update(double[] weights, double[] gradient, long t, double lr);

  /** The configured penalty's proximal step with rate {@code lr} (nothing without a shape). */
  protected final void applyProximal(double[] weights, double lr) {
    if (shape != null) {
      regularization.applyProximal(weights, shape, lr);
    }
  }

  /** {@code key -> state.clone()}, or no entry before the first step sized {@code state}. */
  protected static Map<String, double[]> singleState(String key, double[] state) {
    return state == null ? Map.of() : Map.of(key, state.clone());
  }

  /**
   * Checks a step's arguments: equal lengths, and the configured shape's dimension when one was
   * given.
   *
   * @throws IllegalArgumentException naming both lengths when they differ
   */
  protected final void checkLengths(double[] weights, double[] gradient) {
    if (weights.length != gradient.length) {
      throw new IllegalArgumentException("weights has length " + weights.length
          + " but gradient has length " + gradient.length);
    }
    if (shape != null && weights.length != shape.dimension()) {
      throw new IllegalArgumentException("weights has length " + weights.length
          + " but the configured model shape has dimension " + shape.dimension());
    }
  }

  /**
   * {@code state} when it is already sized for {@code n} parameters, a new zero array of {@code n}
   * when it is null (the first step).
   *
   * @throws IllegalArgumentException when earlier steps had another length
   */
  protected static double[] sizedState(double[] state, int n) {
    if (state == null) {
      return new double[n];
    }
    if (state.length != n) {
      throw new IllegalArgumentException("weights has length " + n + " but earlier steps had length "
          + state.length + "; use copy() for a new run");
    }
    return state;
  }

  /**
   * The settings every dense optimiser has: schedule (default {@code constant(0.1)}) and the
   * penalty with its shape (default none).
   *
   * @param <B> the concrete builder, returned by each setter
   */
  public abstract static class Builder<B extends Builder<B>> {
    private LearningRateSchedule schedule = LearningRates.constant(0.1);
    private Regularization regularization = Regularization.none();
    private ModelShape shape;

    /** This builder, as its concrete type. */
    protected abstract B self();

    /**
     * The learning-rate schedule (default {@code constant(0.1)}).
     *
     * @throws IllegalArgumentException if {@code schedule} is null
     */
    public B schedule(LearningRateSchedule schedule) {
      this.schedule = Require.notNull("schedule", schedule);
      return self();
    }

    /**
     * Shorthand for {@code schedule(LearningRates.constant(stepSize))}.
     *
     * @throws IllegalArgumentException if {@code stepSize} is not finite and positive
     */
    public B stepSize(double stepSize) {
      return schedule(LearningRates.constant(stepSize));
    }

    /**
     * The penalty whose L1 proximal step follows each update, and the shape that tells intercepts
     * apart. L2 and {@code none} are accepted and do nothing here (the L2 gradient belongs in the
     * gradient passed to {@code step}).
     *
     * @throws IllegalArgumentException if either argument is null
     */
    public B regularization(Regularization regularization, ModelShape shape) {
      if (regularization == null || shape == null) {
        throw new IllegalArgumentException("Cannot set regularization to " + regularization
            + " with shape " + shape + ": both must be non-null");
      }
      this.regularization = regularization;
      this.shape = shape;
      return self();
    }

    /** Copies the shared settings of {@code from} into this builder. */
    protected B sharedSettingsOf(DenseOptimizer from) {
      schedule(from.schedule);
      if (from.shape != null) {
        regularization(from.regularization, from.shape);
      }
      return self();
    }
  }
}
