package io.sparkdtrain.model.mlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.DataSource;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.Evaluator;
import io.sparkdtrain.metrics.Auc;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.ScoreHistogram;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine's held-out metrics of the network ({@link Evaluator#metrics} through the
 * {@code Classifier} hook) against a naive per-row loop written here on {@link NaiveMlp}'s plain
 * forward pass: weighted accuracy and log-loss for three classes, the AUC for two classes against
 * the exact pair count, and a network without hidden layer against the linear softmax model with
 * the same weights. The data (three partitions of 300, 1 and 277 rows, so the 256-row chunks of the
 * forward pass are crossed) are generated here; the weights are the seeded initialisation plus
 * noise, so predictions are neither all right nor all one class.
 */
class MlpMetricsTest {
  private static final int FEATURES = 5;
  private static final int[] PARTITION_ROWS = {300, 1, 277};

  /** Rows with labels {@code 0..classes-1}, weights in [0.5, 2) when {@code weighted}. */
  private static List<CsrBlock> blocks(int classes, boolean weighted, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<CsrBlock> out = new ArrayList<>();
    for (int rows : PARTITION_ROWS) {
      CsrBlockBuilder b = new CsrBlockBuilder(FEATURES, weighted);
      for (int i = 0; i < rows; i++) {
        double[] x = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
          x[j] = r.nextDouble() < 0.2 ? 0.0 : r.nextDouble() * 2 - 1; // some zeros: sparse rows
        }
        int y = r.nextInt(classes);
        x[y % FEATURES] += 0.8; // a signal, so the accuracy is not chance
        b.addDenseRow(y, weighted ? 0.5 + 1.5 * r.nextDouble() : 1.0, x);
      }
      out.add(b.build());
    }
    return out;
  }

  private static TrainingData data(List<CsrBlock> blocks, int classes) {
    return TrainingData.fromBlocks(SharedSpark.context().parallelize(blocks, blocks.size()), FEATURES,
        new SoftmaxLoss(classes), DataSource.generated("MlpMetricsTest"));
  }

  private static double[] weights(MlpModel model, long seed) {
    double[] w = model.initialParameters(seed);
    SplittableRandom r = new SplittableRandom(seed + 1);
    for (int i = 0; i < w.length; i++) {
      w[i] += 0.3 * (r.nextDouble() - 0.5);
    }
    return w;
  }

  private static double[] dense(CsrBlock b, int row) {
    double[] x = new double[FEATURES];
    for (int p = b.rowStart(row); p < b.rowEnd(row); p++) {
      x[b.indices()[p]] = b.values()[p];
    }
    return x;
  }

  @Test
  void threeClassAccuracyAndLogLossMatchANaivePerRowLoop() {
    MlpModel model = new MlpModel(new MultilayerPerceptron(new MlpLayout(FEATURES, 7, 3), Activation.RELU, 0, 0));
    double[] w = weights(model, 11);
    List<CsrBlock> blocks = blocks(3, true, 5);
    double correct = 0;
    double logLoss = 0;
    double weightSum = 0;
    long rows = 0;
    for (CsrBlock b : blocks) {
      for (int i = 0; i < b.numRows(); i++) {
        double[] p = NaiveMlp.probabilities(model.network().layout(), w, dense(b, i));
        int best = 0;
        for (int k = 1; k < p.length; k++) {
          best = p[k] > p[best] ? k : best;
        }
        int y = (int) b.label(i);
        double a = b.weight(i);
        correct += best == y ? a : 0;
        logLoss -= a * Math.log(p[y]);
        weightSum += a;
        rows++;
      }
    }
    TrainingData data = data(blocks, 3);
    try {
      EvaluationMetrics m = new Evaluator(model, 2).metrics(data, w);
      assertEquals(rows, m.count());
      assertEquals(correct / weightSum, m.accuracy(), 1e-12, "accuracy");
      assertEquals(logLoss / weightSum, m.logloss(), 1e-12 * logLoss / weightSum, "log-loss");
      assertTrue(m.accuracy() > 0.4 && m.accuracy() < 0.95, "neither chance nor perfect: " + m);
      assertTrue(Double.isNaN(m.auc()) && Double.isNaN(m.rmse()), "no AUC for 3 classes, no RMSE: " + m);
    } finally {
      data.close();
    }
  }

  @Test
  void twoClassAucIsTheBinnedPairCountOfTheLogOdds() {
    MlpModel model = new MlpModel(new MultilayerPerceptron(new MlpLayout(FEATURES, 4, 2), Activation.RELU, 0, 0));
    double[] w = weights(model, 3);
    List<CsrBlock> blocks = blocks(2, false, 9);
    List<Double> scores = new ArrayList<>();
    List<Boolean> positives = new ArrayList<>();
    ScoreHistogram histogram = new ScoreHistogram();
    for (CsrBlock b : blocks) {
      for (int i = 0; i < b.numRows(); i++) {
        double[] p = NaiveMlp.probabilities(model.network().layout(), w, dense(b, i));
        double logOdds = Math.log(p[1] / p[0]);
        scores.add(logOdds);
        positives.add(b.label(i) == 1);
        histogram.add(logOdds, b.label(i) == 1, 1.0);
      }
    }
    double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] pos = new boolean[s.length];
    for (int i = 0; i < pos.length; i++) {
      pos[i] = positives.get(i);
    }
    double exact = Auc.of(s, pos);
    TrainingData data = data(blocks, 2);
    try {
      EvaluationMetrics m = new Evaluator(model, 2).metrics(data, w);
      assertEquals(histogram.auc(), m.auc(), 1e-12, "binned AUC of the log-odds");
      assertTrue(Math.abs(exact - m.auc()) <= histogram.aucErrorBound() + 1e-12,
          "exact " + exact + ", binned " + m.auc() + ", bound " + histogram.aucErrorBound());
    } finally {
      data.close();
    }
  }

  @Test
  void aNetworkWithoutHiddenLayerHasTheLinearSoftmaxMetrics() {
    int classes = 3;
    MlpModel network = new MlpModel(new MultilayerPerceptron(new MlpLayout(FEATURES, classes), Activation.RELU, 0, 0));
    double[] wNet = weights(network, 21);
    ModelShape shape = new ModelShape(FEATURES, classes, true);
    double[] wLinear = new double[shape.dimension()];
    MlpLayout layout = network.network().layout();
    for (int k = 0; k < classes; k++) {
      for (int j = 0; j < FEATURES; j++) {
        wLinear[shape.offset(k) + j] = wNet[layout.weightOffset(1) + k * FEATURES + j];
      }
      wLinear[shape.interceptIndex(k)] = wNet[layout.biasOffset(1) + k];
    }
    Objective linear = new Objective(new SoftmaxLoss(classes), Regularization.none(), shape);
    TrainingData data = data(blocks(classes, true, 13), classes);
    try {
      EvaluationMetrics net = new Evaluator(network, 2).metrics(data, wNet);
      EvaluationMetrics lin = new Evaluator(linear, 2).metrics(data, wLinear);
      assertEquals(lin.count(), net.count());
      assertEquals(lin.accuracy(), net.accuracy(), 1e-12, "accuracy");
      assertEquals(lin.logloss(), net.logloss(), 1e-12, "log-loss");
    } finally {
      data.close();
    }
  }
}
