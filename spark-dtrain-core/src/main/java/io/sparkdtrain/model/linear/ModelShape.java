package io.sparkdtrain.model.linear;

import java.io.Serializable;

/**
 * Layout of a linear model's parameters in one flat {@code double[]}: {@code numOutputs} blocks
 * (1 for binary classification and regression, K for K-class softmax), each holding
 * {@code numFeatures} weights followed by the intercept when {@code fitIntercept}.
 *
 * <pre>
 *   [ w_0[0..numFeatures) (b_0) | w_1[0..numFeatures) (b_1) | ... ]
 * </pre>
 */
public final class ModelShape implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numFeatures;
  private final int numOutputs;
  private final boolean fitIntercept;

  /**
   * The layout of a model with {@code numOutputs} blocks of {@code numFeatures} weights each.
   *
   * @param numFeatures features per output, {@code >= 1}
   * @param numOutputs output blocks, {@code >= 1}
   * @param fitIntercept whether each block ends with an intercept
   * @throws IllegalArgumentException naming the parameter and value when a check fails
   */
  public ModelShape(int numFeatures, int numOutputs, boolean fitIntercept) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException("numFeatures must be >= 1, got " + numFeatures);
    }
    if (numOutputs < 1) {
      throw new IllegalArgumentException("numOutputs must be >= 1, got " + numOutputs);
    }
    if ((long) numOutputs * (numFeatures + 1L) > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("model of " + numOutputs + " x " + numFeatures
          + " parameters does not fit in one array");
    }
    this.numFeatures = numFeatures;
    this.numOutputs = numOutputs;
    this.fitIntercept = fitIntercept;
  }

  /** Features per output block. */
  public int numFeatures() { return numFeatures; }
  /** Number of output blocks (1, or K for softmax). */
  public int numOutputs() { return numOutputs; }
  /** Whether each output block ends with an intercept. */
  public boolean fitIntercept() { return fitIntercept; }

  /** Parameters per output block. */
  public int stride() { return numFeatures + (fitIntercept ? 1 : 0); }

  /** Total number of parameters. */
  public int dimension() { return numOutputs * stride(); }

  /** Index of the first weight of output {@code k}. */
  public int offset(int k) { return k * stride(); }

  /** Index of the intercept of output {@code k}; only valid when {@link #fitIntercept()}. */
  public int interceptIndex(int k) { return k * stride() + numFeatures; }

  /** True when parameter {@code i} is an intercept (never regularised). */
  public boolean isIntercept(int i) { return fitIntercept && i % stride() == numFeatures; }

  /** Equal when all three settings are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ModelShape s && s.numFeatures == numFeatures
        && s.numOutputs == numOutputs && s.fitIntercept == fitIntercept;
  }

  @Override
  public int hashCode() { return (numFeatures * 31 + numOutputs) * 2 + (fitIntercept ? 1 : 0); }

  @Override
  public String toString() {
    return "ModelShape(numFeatures=" + numFeatures + ", numOutputs=" + numOutputs
        + ", fitIntercept=" + fitIntercept + ")";
  }
}
