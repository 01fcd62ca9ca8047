package io.sparkdtrain.optim;

import io.sparkdtrain.validation.Require;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1), per
 * coordinate {@code i}, with {@code t} counted from 0 by the caller and the paper's step
 * {@code s = t + 1}:
 *
 * <pre>
 *   m_i = beta1 m_i + (1 - beta1) g_i
 *   v_i = beta2 v_i + (1 - beta2) g_i^2
 *   w_i -= eta_t (m_i / (1 - beta1^s)) / (sqrt(v_i / (1 - beta2^s)) + epsilon)
 *   then, if an L1 penalty was configured and i is not an intercept: soft-thresholding by
 *   eta_t lambda (a proximal step with the base rate)
 * </pre>
 *
 * <p>{@code g} is the full gradient (data plus L2, which makes this Adam with L2 regularisation,
 * not AdamW's decoupled decay). The moments {@code m} and {@code v} are the optimiser's state:
 * they live with the optimiser instance (on the driver for synchronous SGD, in each worker's round
 * for local steps), start at 0, are sized on the first step and travel in checkpoints through
 * {@link #state()}. O(dimension) per step: the choice for dense models such as networks.
 */
public final class Adam extends DenseOptimizer {
  private static final long serialVersionUID = 1L;

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private double[] m;
  private double[] v;

  private Adam(Builder b) {
    super(b);
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
  }

  /** A builder with the paper's defaults: rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8. */
  public static Builder builder() {
    return new Builder();
  }

  /** The Adam step at {@code t} (0-based) with base rate {@code eta}, then the L1 proximal step if any. */
  @Override
  protected void update(double[] weights, double[] gradient, long t, double eta) {
    int n = weights.length;
    m = sizedState(m, n);
    v = sizedState(v, n);
    double c1 = 1.0 - Math.pow(beta1, t + 1.0);
    double c2 = 1.0 - Math.pow(beta2, t + 1.0);
    for (int i = 0; i < n; i++) {
      double g = gradient[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      weights[i] -= eta * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
    }
    applyProximal(weights, eta);
  }

  /** Same configuration, moments reset to 0. */
  @Override
  public Adam copy() {
    return new Builder().sharedSettingsOf(this).beta1(beta1).beta2(beta2).epsilon(epsilon).build();
  }

  /** {@code m} and {@code v}, the first and second moments, once the first step sized them. */
  @Override
  public Map<String, double[]> state() {
    if (m == null) {
      return Map.of();
    }
    Map<String, double[]> s = new LinkedHashMap<>();
    s.put("m", m.clone());
    s.put("v", v.clone());
    return s;
  }

  @Override
  public void restoreState(Map<String, double[]> state) {
    for (String k : state.keySet()) {
      if (!k.equals("m") && !k.equals("v")) {
        throw new IllegalArgumentException("Cannot restore state '" + k + "' into " + this
            + ", the state is 'm' and 'v'");
      }
    }
    if (state.isEmpty()) {
      m = null;
      v = null;
      return;
    }
    double[] newM = state.get("m");
    double[] newV = state.get("v");
    if (newM == null || newV == null || newM.length != newV.length) {
      throw new IllegalArgumentException("Cannot restore " + state.keySet() + " into " + this
          + ", 'm' and 'v' go together and have the same length");
    }
    if (shape != null && newM.length != shape.dimension()) {
      throw new IllegalArgumentException("Cannot restore m and v of length " + newM.length
          + ", the configured model shape has dimension " + shape.dimension());
    }
    m = newM.clone();
    v = newV.clone();
  }

  /** The first-moment decay. */
  public double beta1() { return beta1; }
  /** The second-moment decay. */
  public double beta2() { return beta2; }
  /** The constant added to the root of the second moment. */
  public double epsilon() { return epsilon; }

  /** Every setting, for example {@code Adam(schedule=constant(0.001), beta1=0.9, ...)}. */
  @Override
  public String toString() {
    return "Adam(schedule=" + schedule + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
        + ", regularization=" + regularization + ", shape=" + shape + ")";
  }

  /** Mutable builder of {@link Adam}. */
  public static final class Builder extends DenseOptimizer.Builder<Builder> {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;

    private Builder() {
      stepSize(0.001);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** The first-moment decay (default 0.9), in {@code [0, 1)}. */
    public Builder beta1(double beta1) {
      this.beta1 = Require.inZeroOne("beta1", beta1);
      return this;
    }

    /** The second-moment decay (default 0.999), in {@code [0, 1)}. */
    public Builder beta2(double beta2) {
      this.beta2 = Require.inZeroOne("beta2", beta2);
      return this;
    }

    /** The constant added to the root of the second moment (default 1e-8), finite and > 0. */
    public Builder epsilon(double epsilon) {
      this.epsilon = Require.finitePositive("epsilon", epsilon);
      return this;
    }

    /** The optimiser (every setting was validated when set). */
    public Adam build() {
      return new Adam(this);
    }
  }
}
