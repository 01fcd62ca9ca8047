package io.sparkdtrain.optim;

import io.sparkdtrain.math.Blas;
import java.util.Map;

/**
 * Dense (stochastic) gradient descent with optional momentum, on the full parameter vector:
 *
 * <pre>
 *   plain:     w -= lr_t g
 *   momentum:  v = mu v + g;  w -= lr_t v               (heavy ball; Polyak 1964)
 *   nesterov:  v = mu v + g;  w -= lr_t (g + mu v)      (Nesterov 1983 in the form of
 *                                                         Sutskever et al. 2013 / Bengio et al. 2013)
 *   then, if an L1 penalty was configured:  w = prox_{lr_t lambda ||.||_1}(w)   (soft-thresholding,
 *   intercepts excluded; proximal gradient, Beck and Teboulle 2009)
 * </pre>
 *
 * <p>with {@code lr_t = schedule.rate(t)} and {@code g} the full gradient the caller passes:
 * data gradient plus the L2 gradient (see {@link io.sparkdtrain.model.linear.Regularization#addGradient}).
 * The optional {@link io.sparkdtrain.model.linear.Regularization} given to the builder is used only for its L1 proximal step;
 * an L2 or empty one is accepted (so callers can pass the objective's regularisation unchanged)
 * and does nothing here. The velocity {@code v} starts at 0 and is sized on the first step.
 *
 * <p>This is the optimiser to use with momentum: momentum updates every coordinate each step, so
 * it cannot be made O(nnz) like {@link io.sparkdtrain.model.linear.SparseSgd}. Configuration is immutable and validated by
 * {@link Builder#build()}; {@link #copy()} gives the same configuration with fresh state.
 */
public final class Sgd extends DenseOptimizer {
  private static final long serialVersionUID = 1L;

  private final double momentum;
  private final boolean nesterov;
  private double[] velocity;

  private Sgd(Builder b) {
    super(b);
    this.momentum = b.momentum;
    this.nesterov = b.nesterov;
  }

  /** A builder with the defaults: constant rate 0.1, no momentum, no proximal penalty. */
  public static Builder builder() {
    return new Builder();
  }

  /** Plain, heavy-ball or Nesterov step with rate {@code lr}, then the L1 proximal step if any. */
  @Override
  protected void update(double[] weights, double[] gradient, long t, double lr) {
    if (momentum == 0.0) {
      Blas.axpy(-lr, gradient, weights);
    } else {
      velocity = sizedState(velocity, weights.length);
      Blas.scal(momentum, velocity);
      Blas.axpy(1.0, gradient, velocity);
      if (nesterov) {
        Blas.axpy(-lr, gradient, weights);
        Blas.axpy(-lr * momentum, velocity, weights);
      } else {
        Blas.axpy(-lr, velocity, weights);
      }
    }
    applyProximal(weights, lr);
  }

  /** Same configuration, zero velocity. */
  @Override
  public Sgd copy() {
    return new Sgd(toBuilder());
  }

  /** A builder holding this optimiser's configuration. */
  public Builder toBuilder() {
    return new Builder().sharedSettingsOf(this).momentum(momentum).nesterov(nesterov);
  }

  /** {@code velocity}: the velocity array, once the first step sized it. */
  @Override
  public Map<String, double[]> state() {
    return singleState("velocity", velocity);
  }

  @Override
  public void restoreState(Map<String, double[]> state) {
    velocity = Optimizer.restoreSingleState(state, "velocity", shape, this);
  }

  /** The momentum coefficient mu, in {@code [0, 1)}; 0 means plain SGD. */
  public double momentum() {
    return momentum;
  }

  /** Whether the Nesterov form of momentum is used. */
  public boolean nesterov() {
    return nesterov;
  }

  /** Every setting, for example {@code Sgd(schedule=constant(0.1), momentum=0.9, nesterov=true, ...)}. */
  @Override
  public String toString() {
    return "Sgd(schedule=" + schedule + ", momentum=" + momentum + ", nesterov=" + nesterov
        + ", regularization=" + regularization + ", shape=" + shape + ")";
  }

  /** Mutable builder of {@link Sgd}; {@link #build()} validates the combination of settings. */
  public static final class Builder extends DenseOptimizer.Builder<Builder> {
    private double momentum = 0.0;
    private boolean nesterov = false;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The momentum coefficient mu (default 0).
     *
     * @throws IllegalArgumentException if {@code momentum} is not in {@code [0, 1)}
     */
    public Builder momentum(double momentum) {
      if (!(momentum >= 0 && momentum < 1)) {
        throw new IllegalArgumentException("Cannot set momentum to " + momentum
            + ", the value must be in [0, 1)");
      }
      this.momentum = momentum;
      return this;
    }

    /** Whether to use Nesterov momentum (default false); needs {@code momentum > 0}. */
    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /**
     * The optimiser.
     *
     * @throws IllegalArgumentException if {@code nesterov} is set without momentum
     */
    public Sgd build() {
      if (nesterov && momentum == 0.0) {
        throw new IllegalArgumentException("Cannot set nesterov to true with momentum 0.0;"
            + " Nesterov momentum needs momentum in (0, 1)");
      }
      return new Sgd(this);
    }
  }
}
