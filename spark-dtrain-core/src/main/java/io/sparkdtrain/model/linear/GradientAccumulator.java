package io.sparkdtrain.model.linear;

import io.sparkdtrain.data.CsrBlock;
import java.io.Serializable;

/**
 * Sums of the weighted data loss and its gradient over rows, in the aggregator contract of MLlib's
 * {@code DifferentiableLossAggregator}: {@link #add} and {@link #merge} return {@code this};
 * {@link #loss()} and {@link #gradient()} are weighted means. The gradient array is allocated on
 * the first {@code add}, so an empty accumulator (the {@code treeAggregate} zero value) ships as a
 * few bytes. Regularisation is not included: the caller adds it once on the driver.
 */
public final class GradientAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Objective objective;
  private double[] gradientSum;
  private double lossSum;
  private double weightSum;
  private long count;
  private transient double[] margins;
  private transient double[] derivative;

  /** An empty accumulator for {@code objective}'s data loss. */
  public GradientAccumulator(Objective objective) {
    this.objective = objective;
  }

  /**
   * Adds one row evaluated at {@code w}.
   *
   * @throws IllegalArgumentException if {@code w} or the block does not match the model shape
   */
  public GradientAccumulator add(CsrBlock block, int row, double[] w) {
    ModelShape shape = objective.shape();
    if (w.length != shape.dimension()) {
      throw new IllegalArgumentException("Cannot evaluate at weights of length " + w.length
          + ", the model dimension is " + shape.dimension());
    }
    if (block.numFeatures() != shape.numFeatures()) {
      throw new IllegalArgumentException("Block has numFeatures=" + block.numFeatures()
          + " but the model has numFeatures=" + shape.numFeatures());
    }
    if (gradientSum == null) {
      gradientSum = new double[objective.shape().dimension()];
    }
    if (margins == null) {
      margins = new double[objective.shape().numOutputs()];
      derivative = new double[objective.shape().numOutputs()];
    }
    lossSum += objective.addRowGradient(block, row, w, gradientSum, 1.0, margins, derivative);
    weightSum += block.weight(row);
    count++;
    return this;
  }

  /** Adds every row of the block. */
  public GradientAccumulator addAll(CsrBlock block, double[] w) {
    for (int i = 0; i < block.numRows(); i++) {
      add(block, i, w);
    }
    return this;
  }

  /** Adds the other accumulator's sums into this one. */
  public GradientAccumulator merge(GradientAccumulator other) {
    if (other.gradientSum != null) {
      if (gradientSum == null) {
        gradientSum = other.gradientSum.clone();
      } else {
        if (other.gradientSum.length != gradientSum.length) {
          throw new IllegalArgumentException("cannot merge gradients of dimension "
              + other.gradientSum.length + " into dimension " + gradientSum.length);
        }
        for (int i = 0; i < gradientSum.length; i++) {
          gradientSum[i] += other.gradientSum[i];
        }
      }
    }
    lossSum += other.lossSum;
    weightSum += other.weightSum;
    count += other.count;
    return this;
  }

  /** Number of rows added (zero-weight rows included). */
  public long count() { return count; }
  /** Sum of the added rows' weights. */
  public double weightSum() { return weightSum; }
  /** Sum of the added rows' weighted losses. */
  public double lossSum() { return lossSum; }

  /**
   * Weighted mean data loss.
   *
   * @throws IllegalStateException if no row of positive weight was added
   */
  public double loss() {
    checkNotEmpty();
    return lossSum / weightSum;
  }

  /**
   * Weighted mean data gradient (a new array).
   *
   * @throws IllegalStateException if no row of positive weight was added
   */
  public double[] gradient() {
    checkNotEmpty();
    double[] g = new double[objective.shape().dimension()];
    if (gradientSum != null) {
      for (int i = 0; i < g.length; i++) {
        g[i] = gradientSum[i] / weightSum;
      }
    }
    return g;
  }

  /** The raw gradient sum, or {@code null} when nothing was added. */
  public double[] gradientSum() { return gradientSum; }

  private void checkNotEmpty() {
    if (!(weightSum > 0)) {
      throw new IllegalStateException("no rows of positive weight were added (count=" + count + ")");
    }
  }
}
