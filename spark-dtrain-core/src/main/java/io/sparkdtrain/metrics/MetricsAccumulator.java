package io.sparkdtrain.metrics;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.model.Classifier;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.Workspace;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.Objective;
import java.io.Serializable;

/**
 * Mergeable sums for {@link EvaluationMetrics} (weighted by row weights): correct predictions,
 * log-loss, squared error, and for binary problems a {@link ScoreHistogram} of the scores (the
 * linear model's margin, a {@link Classifier}'s log-odds with two classes), from
 * which the AUC comes: memory is O(bins), not O(rows), so nothing per row reaches the driver. Pure
 * Java: evaluated inside a {@code treeAggregate} and in tests without Spark.
 */
public final class MetricsAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Probabilities are clipped to [EPS, 1-EPS] in the log-loss so one confident error stays finite. */
  static final double EPS = 1e-15;
  /** Rows of a {@link Classifier} evaluated at once (one forward pass of a network). */
  static final int CHUNK = 256;

  private long count;
  private double weightSum;
  private double correct;
  private double loglossSum;
  private double squaredErrorSum;
  private boolean hasProbabilities = true;
  private boolean regression;
  private ScoreHistogram scores;

  /** Adds every row of {@code block} under the linear model {@code w}. */
  public MetricsAccumulator addAll(Objective objective, CsrBlock block, double[] w) {
    MarginLoss loss = objective.loss();
    int k = objective.shape().numOutputs();
    double[] margins = new double[k];
    double[] probs = new double[Math.max(2, k)];
    boolean binary = k == 1 && !loss.name().equals("squared");
    for (int i = 0; i < block.numRows(); i++) {
      objective.margins(block, i, w, margins);
      double y = block.label(i);
      double a = block.weight(i);
      double prediction = loss.predict(margins);
      if (loss.name().equals("squared")) {
        count++;
        weightSum += a;
        regression = true;
        squaredErrorSum += a * (prediction - y) * (prediction - y);
        hasProbabilities = false;
        continue;
      }
      int cls = binary ? (y > 0 ? 1 : 0) : (int) y;
      boolean defined = loss.probabilities(margins, probs);
      addClassified(a, cls, (int) prediction, defined, probs[cls], binary, margins[0]);
    }
    return this;
  }

  /**
   * Adds every row of {@code block} under the classifier's parameters {@code w}: the predicted class
   * is the most probable one (ties to the lowest index), the log-loss that of the label's
   * probability, and with two classes the AUC ranks rows by the log-odds {@code log p_1 - log p_0}.
   * Rows go through {@link Classifier#classProbabilities} in chunks of {@value #CHUNK}.
   *
   * @param ws scratch from {@code classifier.newWorkspace()}
   */
  public <B extends ExampleBlock> MetricsAccumulator addAll(Classifier<B> classifier, B block, double[] w,
                                                            Workspace ws) {
    int k = classifier.numClasses();
    double[] probs = new double[CHUNK * k];
    for (int from = 0; from < block.numRows(); from += CHUNK) {
      int n = Math.min(CHUNK, block.numRows() - from);
      classifier.classProbabilities(block, from, n, w, probs, ws);
      for (int r = 0; r < n; r++) {
        int cls = classifier.classIndex(block, from + r);
        int o = r * k;
        int best = 0;
        for (int c = 1; c < k; c++) {
          best = probs[o + c] > probs[o + best] ? c : best;
        }
        double logOdds = k == 2 ? Math.log(probs[o + 1]) - Math.log(probs[o]) : Double.NaN;
        addClassified(block.weight(from + r), cls, best, true, probs[o + cls], k == 2, logOdds);
      }
    }
    return this;
  }

  /**
   * One classified row of weight {@code a}: its class, the predicted class, the probability the
   * model gave its class (when {@code hasProbability}) and, for a binary problem, its score (a
   * margin or log-odds, increasing with the positive class; NaN is rejected by the histogram).
   */
  private void addClassified(double a, int cls, int predicted, boolean hasProbability, double probabilityOfClass,
                             boolean binary, double score) {
    count++;
    weightSum += a;
    if (predicted == cls) {
      correct += a;
    }
    if (hasProbability) {
      double p = Math.min(1 - EPS, Math.max(EPS, probabilityOfClass));
      loglossSum -= a * Math.log(p);
    } else {
      hasProbabilities = false;
    }
    if (binary) {
      if (scores == null) {
        scores = new ScoreHistogram();
      }
      scores.add(score, cls == 1, a);
    }
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
