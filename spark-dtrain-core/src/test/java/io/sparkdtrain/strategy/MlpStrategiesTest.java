package io.sparkdtrain.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.DataSource;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import io.sparkdtrain.strategy.hogwild.HogwildConfig;
import io.sparkdtrain.strategy.hogwild.HogwildSgd;
import io.sparkdtrain.strategy.local.LocalSgd;
import io.sparkdtrain.strategy.local.LocalSgdConfig;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The feed-forward network (issue 17) trained through the engine by the strategies that take any
 * model: synchronous SGD, Local SGD and Hogwild!. The data are three Gaussian blobs in 6 dimensions,
 * well separated, so a small network must reach a high accuracy; the references are the starting
 * model's objective (every strategy must lower it) and synchronous SGD itself (Local SGD with H = 1
 * full-batch steps and plain averaging takes the same steps).
 */
class MlpStrategiesTest {
  private static final int FEATURES = 6;
  private static final int CLASSES = 3;
  private static TrainingData data;
  private static List<CsrBlock> blocks;

  @BeforeAll
  static void blobs() {
    SplittableRandom r = new SplittableRandom(17);
    double[][] centres = new double[CLASSES][FEATURES];
    for (double[] c : centres) {
      for (int j = 0; j < FEATURES; j++) {
        c[j] = 3 * (r.nextDouble() - 0.5);
      }
    }
    blocks = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      CsrBlockBuilder b = new CsrBlockBuilder(FEATURES, false);
      for (int i = 0; i < 150; i++) {
        int y = r.nextInt(CLASSES);
        int[] idx = new int[FEATURES];
        double[] val = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
          idx[j] = j;
          val[j] = centres[y][j] + 0.3 * (r.nextDouble() - 0.5);
        }
        b.addRow(y, 1.0, idx, val);
      }
      blocks.add(b.build());
    }
    data = TrainingData.fromBlocks(SharedSpark.context().parallelize(blocks, 2), FEATURES, new SoftmaxLoss(CLASSES),
        DataSource.generated("MlpStrategiesTest"));
  }

  @AfterAll
  static void release() {
    data.close();
  }

  private static MlpModel network() {
    return new MlpModel(new MultilayerPerceptron(new MlpLayout(FEATURES, 8, CLASSES), Activation.TANH, 1e-4, 0.0));
  }

  private static TrainingResult train(TrainingStrategy s, MlpModel model, TrainingConfig config) {
    return s.train(new TrainingContext(SharedSpark.context(), data, null, model, config, null, null, null));
  }

  private static double accuracy(MlpModel model, double[] w) {
    double correct = 0;
    for (CsrBlock b : blocks) {
      correct += model.accuracy(b, w) * b.numRows();
    }
    return correct / 300;
  }

  @Test
  void syncLocalSgdAndHogwildTrainTheNetwork() {
    MlpModel model = network();
    TrainingConfig config = TrainingConfig.builder().stepSize(0.5).maxRounds(40).seed(3).build();
    List<TrainingStrategy> strategies = List.of(new SynchronousSgd(),
        new LocalSgd(LocalSgdConfig.builder().localSteps(4).batchSize(16).build()),
        new HogwildSgd(HogwildConfig.builder().threads(2).build()));
    for (TrainingStrategy s : strategies) {
      TrainingConfig c = s instanceof HogwildSgd ? config.toBuilder().stepSize(0.05).maxRounds(5).build() : config;
      TrainingResult r = train(s, model, c);
      double start = r.history().get(0).objective();
      assertTrue(r.finalObjective() < 0.5 * start, s.name() + ": objective " + start + " -> " + r.finalObjective());
      assertTrue(accuracy(model, r.weights()) > 0.95, s.name() + ": accuracy " + accuracy(model, r.weights()));
    }
  }

  @Test
  void localSgdWithOneFullBatchStepAndPlainAveragingTakesSyncsSteps() {
    MlpModel model = network();
    TrainingConfig config = TrainingConfig.builder().stepSize(0.3).maxRounds(6).seed(5).build();
    TrainingResult sync = train(new SynchronousSgd(), model, config);
    TrainingResult local = train(new LocalSgd(LocalSgdConfig.builder().localSteps(1).build()), model, config);
    double[] a = sync.weights();
    double[] b = local.weights();
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      scale = Math.max(scale, Math.abs(a[i]));
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
    }
    assertTrue(diff <= 1e-12 * scale, "largest difference " + diff + " of weights up to " + scale);
    assertEquals(sync.finalObjective(), local.finalObjective(), 1e-12 * sync.finalObjective());
  }
}
