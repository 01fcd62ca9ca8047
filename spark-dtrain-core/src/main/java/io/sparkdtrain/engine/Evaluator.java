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
    double[] sums = OrderedTreeAggregate.aggregate(data.blocks(),
        (partition, blocks) -> {
          double[] acc = new double[2];
          Workspace ws = m.newWorkspace();
          while (blocks.hasNext()) {
            B block = blocks.next();
            acc[0] += m.loss(block, null, block.numRows(), w, ws);
            acc[1] += block.weightSum();
          }
          return acc;
        },
        (a, b) -> {
          a[0] += b[0];
          a[1] += b[1];
          return a;
        }, treeDepth);
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
      return OrderedTreeAggregate.aggregate(((ExampleData<CsrBlock>) data).blocks(),
          (partition, blocks) -> {
            MetricsAccumulator acc = new MetricsAccumulator();
            while (blocks.hasNext()) {
              acc.addAll(obj, blocks.next(), w);
            }
            return acc;
          },
          MetricsAccumulator::merge, treeDepth).result();
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
    return OrderedTreeAggregate.aggregate(data.blocks(),
        (partition, blocks) -> {
          MetricsAccumulator acc = new MetricsAccumulator();
          Workspace ws = c.newWorkspace();
          while (blocks.hasNext()) {
            acc.addAll(c, blocks.next(), w, ws);
          }
          return acc;
        },
        MetricsAccumulator::merge, treeDepth).result();
  }

  private <B extends ExampleBlock> EvaluationMetrics rmse(ExampleData<B> data, double[] w) {
    @SuppressWarnings("unchecked")
    Model<B> m = (Model<B>) model;
    double[] sums = OrderedTreeAggregate.aggregate(data.blocks(),
        (partition, blocks) -> {
          double[] acc = new double[3];
          while (blocks.hasNext()) {
            B block = blocks.next();
            for (int i = 0; i < block.numRows(); i++) {
              double e = m.predict(block, i, w) - m.target(block, i);
              double a = block.weight(i);
              acc[0] += a * e * e;
              acc[1] += a;
              acc[2]++;
            }
          }
          return acc;
        },
        (a, b) -> {
          a[0] += b[0];
          a[1] += b[1];
          a[2] += b[2];
          return a;
        }, treeDepth);
    double rmse = sums[1] > 0 ? Math.sqrt(sums[0] / sums[1]) : Double.NaN;
    return new EvaluationMetrics((long) sums[2], Double.NaN, Double.NaN, Double.NaN, rmse);
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
