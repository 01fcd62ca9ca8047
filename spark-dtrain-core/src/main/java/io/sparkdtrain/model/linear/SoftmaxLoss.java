package io.sparkdtrain.model.linear;

import io.sparkdtrain.math.Softmax;

/**
 * Multinomial logistic (softmax cross-entropy) loss over {@code K >= 2} classes, the loss of
 * multinomial logistic regression (Bridle 1990 for the name "softmax"; MLlib's
 * {@code MultinomialLogisticBlockAggregator}). With one margin {@code z_k} per class and an integer
 * label {@code y} in {@code 0..K-1}:
 *
 * <pre>
 *   p_k       = exp(z_k) / sum_j exp(z_j)
 *   L(z, y)   = log(sum_j exp(z_j)) - z_y
 *   dL/dz_k   = p_k - [k == y]
 * </pre>
 *
 * <p>The log-sum-exp is computed stably by subtracting {@code max_j z_j} first, so no {@code exp}
 * overflows for any finite margins. Margin arrays may be longer than K (scratch arrays); only the
 * first K entries are read or written. Immutable; K outputs.
 */
public final class SoftmaxLoss implements MarginLoss {
  private static final long serialVersionUID = 1L;

  private final int numClasses;

  /**
   * The softmax loss over {@code numClasses} classes.
   *
   * @param numClasses K, {@code >= 2}
   * @throws IllegalArgumentException if {@code numClasses < 2}
   */
  public SoftmaxLoss(int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("Cannot set numClasses to " + numClasses
          + ", the value must be >= 2");
    }
    this.numClasses = numClasses;
  }

  /** Returns {@code "softmax"}. */
  @Override
  public String name() {
    return "softmax";
  }

  /** Returns K: one margin per class. */
  @Override
  public int numOutputs() {
    return numClasses;
  }

  /** The number of classes K (same as {@link #numOutputs()}). */
  public int numClasses() {
    return numClasses;
  }

  /** True for the integers {@code 0, 1, ..., K-1}. */
  @Override
  public boolean isValidLabel(double label) {
    return label >= 0 && label <= numClasses - 1 && label == Math.rint(label);
  }

  /** For example {@code "integers 0..K-1 (K=3)"}. */
  @Override
  public String labelDomain() {
    return "integers 0..K-1 (K=" + numClasses + ")";
  }

  /**
   * {@code logsumexp(z) - z_y}.
   *
   * @throws IllegalArgumentException if the label is not an integer in {@code 0..K-1}
   */
  @Override
  public double loss(double[] margins, double label) {
    int y = classIndex(label);
    double max = max(margins);
    double sum = 0.0;
    for (int k = 0; k < numClasses; k++) {
      sum += Math.exp(margins[k] - max);
    }
    return Math.log(sum) + max - margins[y];
  }

  /**
   * The loss and {@code p_k - [k == y]} into {@code derivative[0..K)}.
   *
   * @throws IllegalArgumentException if the label is not an integer in {@code 0..K-1}
   */
  @Override
  public double lossAndDerivative(double[] margins, double label, double[] derivative) {
    int y = classIndex(label);
    double max = max(margins);
    double sum = 0.0;
    for (int k = 0; k < numClasses; k++) {
      double e = Math.exp(margins[k] - max);
      derivative[k] = e;
      sum += e;
    }
    for (int k = 0; k < numClasses; k++) {
      derivative[k] /= sum;
    }
    derivative[y] -= 1.0;
    return Math.log(sum) + max - margins[y];
  }

  /** The index of the largest margin (the first one on ties). */
  @Override
  public double predict(double[] margins) {
    int best = 0;
    for (int k = 1; k < numClasses; k++) {
      if (margins[k] > margins[best]) {
        best = k;
      }
    }
    return best;
  }

  /** Writes the softmax {@code p_0..p_{K-1}} (summing to 1) and returns true. */
  @Override
  public boolean probabilities(double[] margins, double[] probabilities) {
    Softmax.probabilities(margins, numClasses, probabilities);
    return true;
  }

  private double max(double[] margins) {
    double m = margins[0];
    for (int k = 1; k < numClasses; k++) {
      m = Math.max(m, margins[k]);
    }
    return m;
  }

  private int classIndex(double label) {
    if (!isValidLabel(label)) {
      throw Losses.invalidLabel(this, label);
    }
    return (int) label;
  }

  /** Equal when the other is a softmax loss over the same number of classes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SoftmaxLoss s && s.numClasses == numClasses;
  }

  @Override
  public int hashCode() {
    return SoftmaxLoss.class.hashCode() * 31 + numClasses;
  }

  /** For example {@code "softmax(K=3)"}. */
  @Override
  public String toString() {
    return "softmax(K=" + numClasses + ")";
  }
}
