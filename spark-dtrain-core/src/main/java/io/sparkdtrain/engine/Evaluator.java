package io.sparkdtrain.engine;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.MetricsAccumulator;
import io.sparkdtrain.model.linear.Objective;

/**
 * Distributed evaluation passes (merged in partition order, so values are reproducible) over the cached blocks: the exact training objective (every row,
 * regularisation included) and held-out metrics. These passes measure the model; they are not
 * training communication, and the training loop keeps their time out of the training wall-clock.
 */
public final class Evaluator {
  private final Objective objective;
  private final int treeDepth;

  public Evaluator(Objective objective, int treeDepth) {
    this.objective = objective;
    this.treeDepth = treeDepth;
  }

  /** The training objective {@code F(w)} over all rows of {@code data}. */
  public double objective(TrainingData data, double[] w) {
    checkDimension(w);
    Objective obj = objective;
    double[] sums = OrderedTreeAggregate.aggregate(data.blocks(),
        (partition, blocks) -> {
          double[] acc = new double[2];
          while (blocks.hasNext()) {
            addLoss(obj, blocks.next(), w, acc);
          }
          return acc;
        },
        (a, b) -> {
          a[0] += b[0];
          a[1] += b[1];
          return a;
        }, treeDepth);
    return sums[0] / sums[1] + objective.regularization().value(w, objective.shape());
  }

  private static double[] addLoss(Objective obj, CsrBlock block, double[] w, double[] acc) {
    double[] scratch = new double[obj.shape().numOutputs()];
    for (int i = 0; i < block.numRows(); i++) {
      acc[0] += obj.rowLoss(block, i, w, scratch);
    }
    acc[1] += block.weightSum();
    return acc;
  }

  /** Held-out metrics of {@code w} on {@code data}. */
  public EvaluationMetrics metrics(TrainingData data, double[] w) {
    checkDimension(w);
    Objective obj = objective;
    return OrderedTreeAggregate.aggregate(data.blocks(),
        (partition, blocks) -> {
          MetricsAccumulator acc = new MetricsAccumulator();
          while (blocks.hasNext()) {
            acc.addAll(obj, blocks.next(), w);
          }
          return acc;
        },
        MetricsAccumulator::merge, treeDepth).result();
  }

  private void checkDimension(double[] w) {
    if (w.length != objective.shape().dimension()) {
      throw new IllegalArgumentException("model has " + w.length + " parameters but "
          + objective.shape() + " needs " + objective.shape().dimension());
    }
  }
}
