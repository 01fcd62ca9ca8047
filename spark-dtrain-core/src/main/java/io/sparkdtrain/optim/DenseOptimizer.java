package io.sparkdtrain.optim;

import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.validation.Require;

/**
 * What the dense optimisers ({@link Sgd}, {@link AdaGrad}) share: a learning-rate schedule, the
 * optional penalty whose proximal (L1) step follows each update together with the model shape that
 * tells intercepts apart, the length checks of a step, and the builder settings for those three.
 * A subclass adds its update rule and its state (velocity, squared-gradient sums); the state is
 * sized on the first step and checked on later ones.
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
