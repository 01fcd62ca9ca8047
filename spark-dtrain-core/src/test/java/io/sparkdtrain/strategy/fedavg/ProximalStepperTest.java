package io.sparkdtrain.strategy.fedavg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.model.GradientSum;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ProximalStepper} on the network (FedProx for a dense model, Li et al. 2020), without Spark,
 * against the step written out: {@code w <- w - lr (mean data gradient + grad R(w) + mu (w - w_t))}
 * with the mean gradient from {@link GradientSum} (another path through the model) and {@code w_t}
 * the fixed starting point; and the proximal pull: a larger mu ends nearer to {@code w_t}.
 */
class ProximalStepperTest {
  private static final int FEATURES = 4;
  private static final int CLASSES = 3;

  private static CsrBlock block() {
    SplittableRandom r = new SplittableRandom(5);
    CsrBlockBuilder b = new CsrBlockBuilder(FEATURES, true); // weighted rows
    for (int i = 0; i < 30; i++) {
      double[] x = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        x[j] = r.nextGaussian();
      }
      b.addDenseRow(x[0] > 0 ? 0 : (x[1] > 0 ? 1 : 2), 0.5 + r.nextDouble(), x);
    }
    return b.build();
  }

  private static MlpModel network() {
    return new MlpModel(new MultilayerPerceptron(new MlpLayout(FEATURES, 5, CLASSES), Activation.RELU, 1e-2, 0.0));
  }

  @Test
  void stepsAreTheProximalGradientStepWrittenOut() {
    MlpModel model = network();
    CsrBlock block = block();
    double[] start = model.initialParameters(3);
    double lr = 0.2;
    double mu = 0.7;
    ProximalStepper<CsrBlock> stepper = new ProximalStepper<>(model, start, lr, mu);
    double[] w = start.clone();
    int[][] batches = {{0, 1, 2, 3, 4, 5, 6, 7}, {8, 9, 10, 11, 12, 13, 14, 15}, {3, 3, 20, 29}};
    for (int[] rows : batches) {
      GradientSum<CsrBlock> sum = new GradientSum<>(model).add(block, rows, rows.length, w);
      double[] g = sum.gradient();
      model.addPenaltyGradient(w, g);
      double loss = stepper.step(block, rows, rows.length);
      assertEquals(sum.loss(), loss, 1e-12 * sum.loss(), "the batch's mean loss before the step");
      for (int i = 0; i < w.length; i++) {
        w[i] -= lr * (g[i] + mu * (w[i] - start[i]));
      }
    }
    assertEquals(batches.length, stepper.steps());
    double scale = 0;
    for (double x : w) {
      scale = Math.max(scale, Math.abs(x));
    }
    assertArrayEquals(w, stepper.weights(), 1e-12 * scale);
    assertEquals(1.0, stepper.decay(), "no common decay: the update is w_k - w_t");
  }

  @Test
  void aLargerMuEndsNearerTheGlobalModel() {
    MlpModel model = network();
    CsrBlock block = block();
    double[] start = model.initialParameters(4);
    double previous = Double.POSITIVE_INFINITY;
    for (double mu : new double[] {0.0, 0.5, 2.0}) {
      ProximalStepper<CsrBlock> stepper = new ProximalStepper<>(model, start, 0.3, mu);
      int[] rows = new int[10];
      for (int t = 0; t < 20; t++) {
        for (int i = 0; i < rows.length; i++) {
          rows[i] = (t * 10 + i) % block.numRows();
        }
        stepper.step(block, rows, rows.length);
      }
      double[] w = stepper.weights();
      double distance = 0;
      for (int i = 0; i < w.length; i++) {
        distance += (w[i] - start[i]) * (w[i] - start[i]);
      }
      assertTrue(distance > 0 && distance < previous, "mu=" + mu + ": ||w - w_t||^2 = " + distance);
      previous = distance;
    }
  }
}
