package io.sparkdtrain.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.linear.SquaredLoss;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Metrics against naive references: the O(n^2) pair count for AUC, direct loops for the rest. */
class MetricsTest {

  @Test
  void aucEqualsThePairCountWithTiesHalf() {
    Random r = new Random(5);
    int n = 300;
    double[] s = new double[n];
    boolean[] pos = new boolean[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.round(r.nextGaussian() * 4) / 4.0; // many ties
      pos[i] = r.nextDouble() < 1 / (1 + Math.exp(-s[i]));
    }
    double pairs = 0;
    long count = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (pos[i] && !pos[j]) {
          pairs += s[i] > s[j] ? 1 : (s[i] == s[j] ? 0.5 : 0);
          count++;
        }
      }
    }
    assertEquals(pairs / count, Auc.of(s, pos), 1e-12);
  }

  @Test
  void aucIsUndefinedWithOneClass() {
    assertTrue(Double.isNaN(Auc.of(new double[] {1, 2}, new boolean[] {true, true})));
  }

  @Test
  void binaryMetricsMatchADirectLoopAndMergeAcrossBlocks() {
    Random r = new Random(2);
    CsrBlockBuilder b1 = new CsrBlockBuilder(3, false);
    CsrBlockBuilder b2 = new CsrBlockBuilder(3, false);
    double[][] xs = new double[40][];
    double[] ys = new double[40];
    for (int i = 0; i < 40; i++) {
      xs[i] = new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      ys[i] = r.nextBoolean() ? 1 : -1;
      (i < 25 ? b1 : b2).addDenseRow(ys[i], 1, xs[i]);
    }
    double[] w = {0.5, -1, 0.25, 0.1};
    Objective obj = new Objective(new LogisticLoss(), Regularization.none(), new ModelShape(3, 1, true));
    EvaluationMetrics m = new MetricsAccumulator().addAll(obj, b1.build(), w)
        .merge(new MetricsAccumulator().addAll(obj, b2.build(), w)).result();
    double correct = 0;
    double logloss = 0;
    for (int i = 0; i < 40; i++) {
      double z = w[0] * xs[i][0] + w[1] * xs[i][1] + w[2] * xs[i][2] + w[3];
      double p = 1 / (1 + Math.exp(-z));
      boolean positive = ys[i] > 0;
      correct += (z > 0) == positive ? 1 : 0;
      logloss -= Math.log(positive ? p : 1 - p);
    }
    assertEquals(40, m.count());
    assertEquals(correct / 40, m.accuracy(), 1e-15);
    assertEquals(logloss / 40, m.logloss(), 1e-12);
    assertTrue(m.auc() > 0 && m.auc() < 1);
    assertTrue(Double.isNaN(m.rmse()));
  }

  @Test
  void regressionReportsRmse() {
    CsrBlock b = new CsrBlockBuilder(1, false).addDenseRow(1, 1, new double[] {1})
        .addDenseRow(3, 1, new double[] {2}).build();
    Objective obj = new Objective(new SquaredLoss(), Regularization.none(), new ModelShape(1, 1, false));
    EvaluationMetrics m = new MetricsAccumulator().addAll(obj, b, new double[] {1}).result();
    // predictions 1 and 2 against labels 1 and 3: errors 0 and 1
    assertEquals(Math.sqrt(0.5), m.rmse(), 1e-15);
    assertTrue(Double.isNaN(m.accuracy()));
  }
}
