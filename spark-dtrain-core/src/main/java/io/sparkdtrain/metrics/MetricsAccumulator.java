package io.sparkdtrain.metrics;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.Objective;
import java.io.Serializable;

/**
 * Mergeable sums for {@link EvaluationMetrics} (weighted by row weights): correct predictions,
 * log-loss, squared error, and for binary problems a {@link ScoreHistogram} of the margins, from
 * which the AUC comes: memory is O(bins), not O(rows), so nothing per row reaches the driver. Pure
 * Java: evaluated inside a {@code treeAggregate} and in tests without Spark.
 */
public final class MetricsAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Probabilities are clipped to [EPS, 1-EPS] in the log-loss so one confident error stays finite. */
  static final double EPS = 1e-15;

  private long count;
  private double weightSum;
  private double correct;
  private double loglossSum;
  private double squaredErrorSum;
  private boolean hasProbabilities = true;
  private boolean regression;
  private ScoreHistogram scores;

  /** Adds every row of {@code block} under the model {@code w}. */
  public MetricsAccumulator addAll(Objective objective, CsrBlock block, double[] w) {
    MarginLoss loss = objective.loss();
    int k = objective.shape().numOutputs();
    double[] margins = new double[k];
    double[] probs = new double[Math.max(2, k)];
    boolean binary = k == 1 && !loss.name().equals("squared");
    if (binary && scores == null) {
      scores = new ScoreHistogram();
    }
    for (int i = 0; i < block.numRows(); i++) {
      objective.margins(block, i, w, margins);
      double y = block.label(i);
      double a = block.weight(i);
      double prediction = loss.predict(margins);
      count++;
      weightSum += a;
      if (loss.name().equals("squared")) {
        regression = true;
        squaredErrorSum += a * (prediction - y) * (prediction - y);
        hasProbabilities = false;
        continue;
      }
      int cls = binary ? (y > 0 ? 1 : 0) : (int) y;
      if (prediction == cls) {
        correct += a;
      }
      if (loss.probabilities(margins, probs)) {
        double p = Math.min(1 - EPS, Math.max(EPS, probs[cls]));
        loglossSum -= a * Math.log(p);
      } else {
        hasProbabilities = false;
      }
      if (binary) {
        scores.add(margins[0], cls == 1, a);
      }
    }
    return this;
  }

  /** Adds the other accumulator into this one. */
  public MetricsAccumulator merge(MetricsAccumulator o) {
    count += o.count;
    weightSum += o.weightSum;
    correct += o.correct;
    loglossSum += o.loglossSum;
    squaredErrorSum += o.squaredErrorSum;
    hasProbabilities &= o.hasProbabilities || o.count == 0;
    regression |= o.regression;
    if (o.scores != null) {
      scores = scores == null ? o.scores : scores.merge(o.scores);
    }
    return this;
  }

  /** The metrics: RMSE for regression, accuracy (and log-loss, AUC where defined) otherwise. */
  public EvaluationMetrics result() {
    if (count == 0 || !(weightSum > 0)) {
      throw new IllegalStateException("no rows of positive weight to evaluate");
    }
    double auc = scores != null ? scores.auc() : Double.NaN;
    if (regression) {
      return new EvaluationMetrics(count, Double.NaN, Double.NaN, Double.NaN, Math.sqrt(squaredErrorSum / weightSum));
    }
    return new EvaluationMetrics(count, correct / weightSum,
        hasProbabilities ? loglossSum / weightSum : Double.NaN, auc, Double.NaN);
  }
}
