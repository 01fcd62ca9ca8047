package io.sparkdtrain.optim;

import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.validation.Require;
import java.util.Map;

/**
 * Diagonal AdaGrad (Duchi, Hazan and Singer 2011, "Adaptive Subgradient Methods for Online
 * Learning and Stochastic Optimization", JMLR 12), per coordinate {@code i}:
 *
 * <pre>
 *   G_i += g_i^2                                  (G starts at 0; the current gradient is included)
 *   w_i -= eta_t g_i / (sqrt(G_i) + epsilon)
 *   then, if an L1 penalty was configured and i is not an intercept:
 *   w_i  = sign(w_i) max(|w_i| - lambda eta_t / (sqrt(G_i) + epsilon), 0)
 * </pre>
 *
 * <p>with {@code eta_t = schedule.rate(t)} (usually constant: AdaGrad brings its own decay) and
 * {@code g} the full gradient (data plus L2), as for {@link Sgd}. The L1 step is the paper's
 * composite-mirror-descent update for the l1 penalty (its Section 5.1): soft-thresholding with
 * each coordinate's own step size. Accumulating {@code g_i^2} before the update, as the paper's
 * {@code G_t = sum_{s <= t} g_s g_s^T} does, keeps the first step at about {@code eta} per
 * coordinate rather than {@code eta / epsilon}.
 *
 * <p>A coordinate with {@code g_i = 0} keeps {@code G_i} and (without L1) {@code w_i} unchanged,
 * but this class always loops over all coordinates: O(dimension) per step. See
 * {@link io.sparkdtrain.model.linear.SparseSgd} for why the sparse stepper does not offer AdaGrad.
 */
public final class AdaGrad extends DenseOptimizer {
  private static final long serialVersionUID = 1L;

  private final double epsilon;
  private double[] sumSquares;

  private AdaGrad(Builder b) {
    super(b);
    this.epsilon = b.epsilon;
  }

  /** A builder with the defaults: constant rate 0.1, epsilon 1e-8, no proximal penalty. */
  public static Builder builder() {
    return new Builder();
  }

  /** The AdaGrad step with base rate {@code eta}, its L1 step per coordinate (see above). */
  @Override
  protected void update(double[] weights, double[] gradient, long t, double eta) {
    int n = weights.length;
    sumSquares = sizedState(sumSquares, n);
    boolean l1 = shape != null && regularization.kind() == Regularization.Kind.L1;
    double lambda = regularization.lambda();
    for (int i = 0; i < n; i++) {
      double g = gradient[i];
      sumSquares[i] += g * g;
      double rate = eta / (Math.sqrt(sumSquares[i]) + epsilon);
      double w = weights[i] - rate * g;
      if (l1 && !shape.isIntercept(i)) {
        double th = rate * lambda;
        w = w > th ? w - th : (w < -th ? w + th : 0.0);
      }
      weights[i] = w;
    }
  }

  /** Same configuration, squared-gradient sums reset to 0. */
  @Override
  public AdaGrad copy() {
    return new Builder().sharedSettingsOf(this).epsilon(epsilon).build();
  }

  /** {@code sum_squares}: the sumSquares array, once the first step sized it. */
  @Override
  public Map<String, double[]> state() {
    return singleState("sum_squares", sumSquares);
  }

  @Override
  public void restoreState(Map<String, double[]> state) {
    sumSquares = Optimizer.restoreSingleState(state, "sum_squares", shape, this);
  }

  /** The constant added to {@code sqrt(G_i)}. */
  public double epsilon() {
    return epsilon;
  }

  /** Every setting, for example {@code AdaGrad(schedule=constant(0.1), epsilon=1.0E-8, ...)}. */
  @Override
  public String toString() {
    return "AdaGrad(schedule=" + schedule + ", epsilon=" + epsilon + ", regularization="
        + regularization + ", shape=" + shape + ")";
  }

  /** Mutable builder of {@link AdaGrad}. */
  public static final class Builder extends DenseOptimizer.Builder<Builder> {
    private double epsilon = 1e-8;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The constant added to {@code sqrt(G_i)} (default 1e-8).
     *
     * @throws IllegalArgumentException if {@code epsilon} is not finite and positive
     */
    public Builder epsilon(double epsilon) {
      this.epsilon = Require.finitePositive("epsilon", epsilon);
      return this;
    }

    /** The optimiser (every setting was validated when set). */
    public AdaGrad build() {
      return new AdaGrad(this);
    }
  }
}
