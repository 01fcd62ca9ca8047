package io.sparkdtrain.engine;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.ExampleData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.MetricsAccumulator;
import io.sparkdtrain.model.Classifier;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.model.Workspace;
import io.sparkdtrain.model.linear.Objective;
import java.io.Serializable;
import org.apache.spark.api.java.function.Function2;

/**
 * Distributed evaluation passes (merged in partition order, so values are reproducible) over the
 * cached blocks: the exact training objective of any {@link Model} (every row, penalty included)
 * and held-out metrics: accuracy, log-loss, AUC (and RMSE for squared loss) for the linear
 * {@link Objective}; accuracy, log-loss (and AUC with two classes) for any {@link Classifier} (the
 * multilayer perceptron), from its class probabilities; RMSE of {@link Model#predict} against
 * {@link Model#target} for other models (matrix factorisation). These passes measure the model;
 * they are not training communication, and the training loop keeps their time out of the training
 * wall-clock.
 */
public final class Evaluator {
  private final Model<?> model;
  private final int treeDepth;

  /** An evaluator of a linear objective. */
  public Evaluator(Objective objective, int treeDepth) {
    this((Model<?>) objective, treeDepth);
  }

  /** An evaluator of any model. */
  public Evaluator(Model<?> model, int treeDepth) {
    this.model = model;
    this.treeDepth = treeDepth;
  }

  /** The training objective {@code F(w)} over all rows of {@code data} (linear data). */
  public double objective(TrainingData data, double[] w) {
    return objective((ExampleData<?>) data, w);
  }

  /** The training objective {@code F(w) = sum a_i L_i / sum a_i + penalty(w)} over all rows of {@code data}. */
  public double objective(ExampleData<?> data, double[] w) {
    checkDimension(w);
    return objectiveOf(cast(data), w);
  }

  private <B extends ExampleBlock> double objectiveOf(ExampleData<B> data, double[] w) {
    @SuppressWarnings("unchecked")
    Model<B> m = (Model<B>) model;
    double[] sums = pass(data, m, () -> new double[2], (acc, block, ws) -> {
      acc[0] += m.loss(block, null, block.numRows(), w, ws);
      acc[1] += block.weightSum();
    }, OrderedTreeAggregate::addInto);
    return sums[0] / sums[1] + model.penalty(w);
  }

  /** Held-out metrics of {@code w} on {@code data} (linear data). */
  public EvaluationMetrics metrics(TrainingData data, double[] w) {
    return metrics((ExampleData<?>) data, w);
  }

  /**
   * Held-out metrics of {@code w} on {@code data}: classification metrics for linear models and
   * classifiers, else RMSE.
   */
  @SuppressWarnings("unchecked")
  public EvaluationMetrics metrics(ExampleData<?> data, double[] w) {
    checkDimension(w);
    if (model instanceof Objective obj) {
      return pass((ExampleData<CsrBlock>) data, obj, MetricsAccumulator::new,
          (acc, block, ws) -> acc.addAll(obj, block, w), MetricsAccumulator::merge).result();
    }
    if (model instanceof Classifier<?> classifier) {
      return classified(classifier, cast(data), w);
    }
    return rmse(cast(data), w);
  }

  private <B extends ExampleBlock> EvaluationMetrics classified(Classifier<?> classifier, ExampleData<B> data,
                                                                double[] w) {
    @SuppressWarnings("unchecked")
    Classifier<B> c = (Classifier<B>) classifier;
    return pass(data, c, MetricsAccumulator::new, (acc, block, ws) -> acc.addAll(c, block, w, ws),
        MetricsAccumulator::merge).result();
  }

  private <B extends ExampleBlock> EvaluationMetrics rmse(ExampleData<B> data, double[] w) {
    @SuppressWarnings("unchecked")
    Model<B> m = (Model<B>) model;
    double[] sums = pass(data, m, () -> new double[3], (acc, block, ws) -> {
      for (int i = 0; i < block.numRows(); i++) {
        double e = m.predict(block, i, w) - m.target(block, i);
        double a = block.weight(i);
        acc[0] += a * e * e;
        acc[1] += a;
        acc[2]++;
      }
    }, OrderedTreeAggregate::addInto);
    double rmse = sums[1] > 0 ? Math.sqrt(sums[0] / sums[1]) : Double.NaN;
    return new EvaluationMetrics((long) sums[2], Double.NaN, Double.NaN, Double.NaN, rmse);
  }

  /** A partition's empty accumulator. */
  private interface Zero<A> extends Serializable {
    A get();
  }

  /** Adds one block into a partition's accumulator, with the partition's workspace of the model. */
  private interface BlockAdder<A, B> extends Serializable {
    void add(A acc, B block, Workspace ws);
  }

  /**
   * One evaluation pass: per partition an accumulator from {@code zero} and a workspace of
   * {@code m}, every block added in order, the partitions' accumulators merged in partition order.
   */
  private <A, B extends ExampleBlock> A pass(ExampleData<B> data, Model<B> m, Zero<A> zero, BlockAdder<A, B> add,
                                             Function2<A, A, A> merge) {
    return OrderedTreeAggregate.aggregate(data.blocks(), (partition, blocks) -> {
      A acc = zero.get();
      Workspace ws = m.newWorkspace();
      while (blocks.hasNext()) {
        add.add(acc, blocks.next(), ws);
      }
      return acc;
    }, merge, treeDepth);
  }

  @SuppressWarnings("unchecked")
  private static <B extends ExampleBlock> ExampleData<B> cast(ExampleData<?> data) {
    return (ExampleData<B>) data;
  }

  private void checkDimension(double[] w) {
    if (w.length != model.dimension()) {
      throw new IllegalArgumentException("model has " + w.length + " parameters but "
          + (model instanceof Objective o ? o.shape() : model) + " needs " + model.dimension());
    }
  }
}
