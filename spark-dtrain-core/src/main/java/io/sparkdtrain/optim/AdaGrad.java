package io.sparkdtrain.optim;

import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Regularization;
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
public final class AdaGrad implements Optimizer {
  private static final long serialVersionUID = 1L;

  private final LearningRateSchedule schedule;
  private final double epsilon;
  private final Regularization regularization;
  private final ModelShape shape;
  private double[] sumSquares;

  private AdaGrad(Builder b) {
    this.schedule = b.schedule;
    this.epsilon = b.epsilon;
    this.regularization = b.regularization;
    this.shape = b.shape;
  }

  /** A builder with the defaults: constant rate 0.1, epsilon 1e-8, no proximal penalty. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * One AdaGrad step, updating {@code weights} and the squared-gradient sums in place.
   *
   * @param weights the parameters, updated in place
   * @param gradient the full gradient at {@code weights}, same length; not modified
   * @param t the step number, {@code >= 0}
   * @return the base learning rate {@code eta_t} used
   * @throws IllegalArgumentException if the lengths differ from each other, from earlier steps or
   *     from the configured model shape
   */
  @Override
  public double step(double[] weights, double[] gradient, long t) {
    int n = weights.length;
    if (n != gradient.length) {
      throw new IllegalArgumentException("weights has length " + n + " but gradient has length "
          + gradient.length);
    }
    if (shape != null && n != shape.dimension()) {
      throw new IllegalArgumentException("weights has length " + n
          + " but the configured model shape has dimension " + shape.dimension());
    }
    if (sumSquares == null) {
      sumSquares = new double[n];
    } else if (sumSquares.length != n) {
      throw new IllegalArgumentException("weights has length " + n + " but earlier steps had length "
          + sumSquares.length + "; use copy() for a new run");
    }
    double eta = schedule.rate(t);
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
    return eta;
  }

  /** Same configuration, squared-gradient sums reset to 0. */
  @Override
  public AdaGrad copy() {
    Builder b = new Builder().schedule(schedule).epsilon(epsilon);
    if (shape != null) {
      b.regularization(regularization, shape);
    }
    return b.build();
  }

  /** {@code sum_squares}: the sumSquares array, once the first step sized it. */
  @Override
  public Map<String, double[]> state() {
    return sumSquares == null ? Map.of() : Map.of("sum_squares", sumSquares.clone());
  }

  @Override
  public void restoreState(Map<String, double[]> state) {
    sumSquares = Optimizer.restoreSingleState(state, "sum_squares", shape, this);
  }

  @Override
  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** The constant added to {@code sqrt(G_i)}. */
  public double epsilon() {
    return epsilon;
  }

  /** The penalty whose L1 proximal step follows each update ({@code none} when not configured). */
  public Regularization regularization() {
    return regularization;
  }

  /** The model shape given with the regularisation, or {@code null}. */
  public ModelShape shape() {
    return shape;
  }

  /** Every setting, for example {@code AdaGrad(schedule=constant(0.1), epsilon=1.0E-8, ...)}. */
  @Override
  public String toString() {
    return "AdaGrad(schedule=" + schedule + ", epsilon=" + epsilon + ", regularization="
        + regularization + ", shape=" + shape + ")";
  }

  /** Mutable builder of {@link AdaGrad}. */
  public static final class Builder {
    private LearningRateSchedule schedule = LearningRates.constant(0.1);
    private double epsilon = 1e-8;
    private Regularization regularization = Regularization.none();
    private ModelShape shape;

    private Builder() {}

    /**
     * The base learning-rate schedule (default {@code constant(0.1)}).
     *
     * @throws IllegalArgumentException if {@code schedule} is null
     */
    public Builder schedule(LearningRateSchedule schedule) {
      if (schedule == null) {
        throw new IllegalArgumentException("Cannot set schedule to null");
      }
      this.schedule = schedule;
      return this;
    }

    /**
     * Shorthand for {@code schedule(LearningRates.constant(stepSize))}: the paper's eta.
     *
     * @throws IllegalArgumentException if {@code stepSize} is not finite and positive
     */
    public Builder stepSize(double stepSize) {
      return schedule(LearningRates.constant(stepSize));
    }

    /**
     * The constant added to {@code sqrt(G_i)} (default 1e-8).
     *
     * @throws IllegalArgumentException if {@code epsilon} is not finite and positive
     */
    public Builder epsilon(double epsilon) {
      if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
        throw new IllegalArgumentException("Cannot set epsilon to " + epsilon
            + ", the value must be finite and > 0");
      }
      this.epsilon = epsilon;
      return this;
    }

    /**
     * The penalty whose L1 proximal step follows each update, with the shape that tells
     * intercepts apart; L2 and {@code none} do nothing here (put the L2 gradient in the gradient).
     *
     * @throws IllegalArgumentException if either argument is null
     */
    public Builder regularization(Regularization regularization, ModelShape shape) {
      if (regularization == null || shape == null) {
        throw new IllegalArgumentException("Cannot set regularization to " + regularization
            + " with shape " + shape + ": both must be non-null");
      }
      this.regularization = regularization;
      this.shape = shape;
      return this;
    }

    /** The optimiser (every setting was validated when set). */
    public AdaGrad build() {
      return new AdaGrad(this);
    }
  }
}
