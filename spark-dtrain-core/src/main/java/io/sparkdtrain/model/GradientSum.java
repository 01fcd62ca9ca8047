package io.sparkdtrain.model;

import java.io.Serializable;

/**
 * Sums of the weighted data loss and its gradient over rows of any {@link Model}, in the aggregator
 * contract of MLlib's {@code DifferentiableLossAggregator}: {@link #add} and {@link #merge} return
 * {@code this}; {@link #loss()} and {@link #gradient()} are weighted means. The gradient array is
 * allocated on the first {@code add}, so an empty sum (a {@code treeAggregate} zero value) ships as
 * a few bytes. The penalty is not included: the caller adds it once on the driver. One class for
 * every model (it replaced the linear model's own accumulator).
 *
 * @param <B> the block type
 */
public final class GradientSum<B extends ExampleBlock> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Model<B> model;
  private double[] gradientSum;
  private double lossSum;
  private double weightSum;
  private long count;
  private transient Workspace ws;

  /** An empty sum for {@code model}'s data loss. */
  public GradientSum(Model<B> model) {
    this.model = model;
  }

  /**
   * Adds rows {@code rows[0..count)} of {@code block} ({@code rows == null}: every row) evaluated at
   * {@code w}.
   *
   * @throws IllegalArgumentException if {@code w} does not have the model's dimension
   */
  public GradientSum<B> add(B block, int[] rows, int count, double[] w) {
    if (w.length != model.dimension()) {
      throw new IllegalArgumentException("Cannot evaluate at weights of length " + w.length
          + ", the " + model.family() + " model's dimension is " + model.dimension());
    }
    if (gradientSum == null) {
      gradientSum = new double[model.dimension()];
    }
    if (ws == null) {
      ws = model.newWorkspace();
    }
    lossSum += model.addGradient(block, rows, count, w, 1.0, gradientSum, ws);
    for (int r = 0; r < count; r++) {
      weightSum += block.weight(rows == null ? r : rows[r]);
    }
    this.count += count;
    return this;
  }

  /** Adds every row of the block. */
  public GradientSum<B> addAll(B block, double[] w) {
    return add(block, null, block.numRows(), w);
  }

  /**
   * Adds the other sum into this one.
   *
   * @throws IllegalArgumentException if the other sum's gradient has another dimension
   */
  public GradientSum<B> merge(GradientSum<B> other) {
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

  /** Number of rows added. */
  public long count() { return count; }
  /** Sum of the added rows' weights. */
  public double weightSum() { return weightSum; }
  /** Sum of the added rows' weighted losses. */
  public double lossSum() { return lossSum; }

  /** Weighted mean data loss; throws {@link IllegalStateException} without positive weight. */
  public double loss() {
    checkNotEmpty();
    return lossSum / weightSum;
  }

  /** Weighted mean data gradient (a new array); throws without positive weight. */
  public double[] gradient() {
    checkNotEmpty();
    double[] g = new double[model.dimension()];
    if (gradientSum != null) {
      for (int i = 0; i < g.length; i++) {
        g[i] = gradientSum[i] / weightSum;
      }
    }
    return g;
  }

  private void checkNotEmpty() {
    if (!(weightSum > 0)) {
      throw new IllegalStateException("no rows of positive weight were added (count=" + count + ")");
    }
  }
}
