package io.sparkdtrain.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.DataSource;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sync's default preconditioning by feature scale against its independent reference: plain sync
 * (explicit step, no preconditioning) on the same rows with every feature divided by its standard
 * deviation, computed here by a naive loop. Preconditioned gradient descent must be exactly that run
 * mapped back ({@code w_j = w'_j / sigma_j}), its step the one power iteration gives on the scaled
 * rows, and a constant feature's weight must stay 0, as in MLlib. Features of scales 1000, 1, 0.01
 * and 5 make the unscaled problem ill-conditioned.
 */
class FeatureScalingTest {
  private static final double[] SCALES = {1000, 1, 0.01, 5};
  private static final int D = SCALES.length + 1; // the last feature is the constant 3.0

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void preconditionedSyncIsSyncOnStandardisedFeaturesMappedBack(int classes) {
    double[][] x = new double[300][D];
    double[] y = new double[x.length];
    Random random = new Random(7);
    for (int i = 0; i < x.length; i++) {
      double margin = 0;
      for (int j = 0; j < SCALES.length; j++) {
        x[i][j] = random.nextGaussian() * SCALES[j] + (j == 1 ? 2.0 : 0.0);
        margin += x[i][j] / SCALES[j] * (j % 2 == 0 ? 1 : -1);
      }
      x[i][D - 1] = 3.0;
      y[i] = classes == 2 ? (margin + random.nextGaussian() > 0 ? 1 : 0) : Math.floorMod((int) Math.floor(margin), 3);
    }
    double[] sigma = new double[D]; // naive reference: population standard deviation of every column
    for (int j = 0; j < D; j++) {
      double mean = 0;
      for (double[] row : x) {
        mean += row[j] / x.length;
      }
      for (double[] row : x) {
        sigma[j] += (row[j] - mean) * (row[j] - mean) / x.length;
      }
      sigma[j] = Math.sqrt(sigma[j]);
    }
    double[][] standardised = new double[x.length][D];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < D; j++) {
        standardised[i][j] = sigma[j] > 1e-9 ? x[i][j] / sigma[j] : 0.0;
      }
    }
    MarginLoss loss = classes == 2 ? new LogisticLoss() : new SoftmaxLoss(3);
    Objective objective = new Objective(loss, Regularization.none(), new ModelShape(D, loss.numOutputs(), true));
    try (TrainingData raw = data(x, y, loss); TrainingData scaled = data(standardised, y, loss)) {
      double[] featureScales = FeatureScaling.featureScales(raw, 2);
      for (int j = 0; j < D - 1; j++) {
        assertEquals(1 / sigma[j], featureScales[j], 1e-9 / sigma[j], "feature " + j);
      }
      assertEquals(0.0, featureScales[D - 1], "a constant feature is not scaled up");
      assertEquals(1.0, featureScales[D], "the intercept");

      TrainingConfig defaults = TrainingConfig.builder().stepSize(TrainingConfig.STEP_SIZE_FROM_DATA)
          .learningRateSchedule(TrainingConfig.SCHEDULE_AUTO).momentum(0.9).maxRounds(25).build();
      TrainingContext resolved = StepSizeDefaults.resolve("sync", context(raw, objective, defaults));
      assertTrue(resolved.config().derivedStepSize());
      assertTrue(FeatureScaling.applies(resolved));
      double top = PowerIteration.largestEigenvalue(scaled, true, PowerIteration.ITERATIONS, 2);
      double curvature = classes == 2 ? 0.25 : 0.5;
      assertEquals(1 / (curvature * top), resolved.config().stepSize(), 1e-9 / (curvature * top));

      TrainingConfig explicit = TrainingConfig.builder().stepSize(resolved.config().stepSize())
          .learningRateSchedule("constant").momentum(0.9).maxRounds(25).build();
      TrainingContext plain = StepSizeDefaults.resolve("sync", context(scaled, objective, explicit));
      assertFalse(FeatureScaling.applies(plain), "an explicit step size is never preconditioned");

      TrainingResult preconditioned = new SynchronousSgd().train(resolved);
      TrainingResult reference = new SynchronousSgd().train(plain);
      assertEquals(Boolean.TRUE, preconditioned.extras().get("preconditioned"));
      assertEquals(Boolean.FALSE, reference.extras().get("preconditioned"));
      double[] expected = reference.weights();
      ModelShape shape = objective.shape();
      for (int k = 0; k < shape.numOutputs(); k++) {
        for (int j = 0; j < D; j++) {
          expected[shape.offset(k) + j] *= sigma[j] > 1e-9 ? 1 / sigma[j] : 0.0;
        }
      }
      double[] actual = preconditioned.weights();
      for (int i = 0; i < actual.length; i++) {
        assertEquals(expected[i], actual[i], 1e-7 * (1 + Math.abs(expected[i])), "parameter " + i);
      }
      assertEquals(reference.finalObjective(), preconditioned.finalObjective(), 1e-9);
      assertTrue(reference.finalObjective() < Math.log(classes), "below the zero model: " + reference.finalObjective());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void thePreconditionerCoversEveryOutputBlockAndLeavesInterceptsAlone(int outputs) {
    double[] scales = {2, 0.5, 0, 1};
    double[] p = FeatureScaling.preconditioner(scales, new ModelShape(3, outputs, true));
    double[] block = {4, 0.25, 0, 1};
    double[] expected = new double[4 * outputs];
    for (int k = 0; k < outputs; k++) {
      System.arraycopy(block, 0, expected, 4 * k, 4);
    }
    assertArrayEquals(expected, p);
    assertArrayEquals(new double[] {4, 0.25, 0}, FeatureScaling.preconditioner(scales, new ModelShape(3, 1, false)));
  }

  private static TrainingContext context(TrainingData data, Objective objective, TrainingConfig config) {
    return new TrainingContext(SharedSpark.context(), data, null, objective, config, null, TrainingListener.NONE);
  }

  private static TrainingData data(double[][] x, double[] y, MarginLoss loss) {
    List<CsrBlock> blocks = new ArrayList<>();
    for (int part = 0; part < 3; part++) {
      CsrBlockBuilder b = new CsrBlockBuilder(D, false);
      for (int i = part; i < x.length; i += 3) {
        b.addDenseRow(y[i], 1.0, x[i]);
      }
      blocks.add(b.build());
    }
    return TrainingData.fromBlocks(SharedSpark.context().parallelize(blocks, 3), D, loss,
        DataSource.generated("FeatureScalingTest"));
  }
}
