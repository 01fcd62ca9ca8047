package io.sparkdtrain.strategy.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.DataSource;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.GradientSum;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code optimizer=adam} with synchronous SGD: the driver keeps one {@link Adam} (one pair of
 * moments for the run) and steps it on the full-batch mean gradient plus the L2 gradient each
 * round. Reference: the same steps written here as a plain loop over the blocks with
 * {@link GradientSum} and {@link Adam} (Kingma and Ba 2015; Adam itself is checked against
 * Algorithm 1 in {@code AdamTest}).
 */
class SyncAdamTest {

  @Test
  void syncWithAdamTakesTheDriversAdamStepsOnTheFullGradient() {
    int features = 4;
    int classes = 3;
    SplittableRandom r = new SplittableRandom(8);
    List<CsrBlock> blocks = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      CsrBlockBuilder b = new CsrBlockBuilder(features, false);
      for (int i = 0; i < 60; i++) {
        int y = r.nextInt(classes);
        double[] x = new double[features];
        for (int j = 0; j < features; j++) {
          x[j] = r.nextDouble() - 0.5 + (j == y ? 1.0 : 0.0);
        }
        b.addDenseRow(y, 1.0, x);
      }
      blocks.add(b.build());
    }
    MlpModel model = new MlpModel(new MultilayerPerceptron(new MlpLayout(features, 5, classes), Activation.TANH,
        1e-3, 0.0));
    int rounds = 5;
    double rate = 0.01;
    TrainingConfig config = TrainingConfig.builder().optimizer("adam").stepSize(rate).maxRounds(rounds).seed(3)
        .build();
    TrainingData data = TrainingData.fromBlocks(SharedSpark.context().parallelize(blocks, 2), features,
        new SoftmaxLoss(classes), DataSource.generated("SyncAdamTest"));
    TrainingResult result;
    try {
      result = new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), data, null, model, config,
          null, null, null));
    } finally {
      data.close();
    }
    double[] w = model.initialParameters(3);
    Adam adam = Adam.builder().schedule(LearningRates.parse("constant", rate)).build();
    for (int t = 0; t < rounds; t++) {
      GradientSum<CsrBlock> sum = new GradientSum<>(model);
      for (CsrBlock b : blocks) {
        sum.merge(new GradientSum<>(model).addAll(b, w));
      }
      double[] g = sum.gradient();
      model.addPenaltyGradient(w, g);
      adam.step(w, g, t);
    }
    double[] got = result.weights();
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < w.length; i++) {
      scale = Math.max(scale, Math.abs(w[i]));
      diff = Math.max(diff, Math.abs(w[i] - got[i]));
    }
    assertTrue(diff <= 1e-12 * scale, "largest difference " + diff + " of weights up to " + scale);
  }
}
