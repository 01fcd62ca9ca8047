package io.sparkdtrain.strategy.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.testing.A9a;
import io.sparkdtrain.testing.SharedSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Synchronous SGD on the real a9a data set against the reference optimum that MLlib's
 * {@code LogisticRegression} (L-BFGS, same lambda, no standardisation) finds in the same JVM.
 */
@Tag("spark4")
public class SynchronousSgdA9aTest {
  static final double LAMBDA = 1e-4;
  static TrainingData train;
  static TrainingData test;
  static Objective objective;
  static double optimum;

  @BeforeAll
  static void load() {
    train = A9a.read("a9a", 4);
    test = A9a.read("a9a.t", 2);
    objective = A9a.objective(LAMBDA);
    // Reference: MLlib L-BFGS at the same lambda (see MllibReference).
    optimum = A9a.mllibOptimum(LAMBDA, objective, train);
  }

  @AfterAll
  static void release() {
    train.close();
    test.close();
  }

  @Test
  void reachesMllibOptimumWithinOnePercentAndTestAccuracy() {
    TrainingConfig config = TrainingConfig.builder().stepSize(1.0).momentum(0.9).nesterov(true)
        .maxRounds(150).seed(7).build();
    TrainingResult r = new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), train, test,
        objective, config, null, TrainingListener.NONE));
    System.out.printf("sync a9a: objective %.6f optimum %.6f gap %.4f%% acc %.4f rounds %d%n",
        r.finalObjective(), optimum, 100 * (r.finalObjective() - optimum) / optimum,
        r.finalTest().accuracy(), r.rounds());
    assertTrue(r.finalObjective() <= optimum * 1.01, "objective " + r.finalObjective() + " vs optimum " + optimum);
    assertTrue(r.finalObjective() >= optimum - 1e-9, "cannot beat the optimum: " + r.finalObjective());
    assertTrue(r.finalTest().accuracy() >= 0.845, "test accuracy " + r.finalTest().accuracy());
  }

  @Test
  void stopsAtTargetObjectiveWithRoundsAndBytesOfThatRound() {
    double target = optimum * 1.05;
    TrainingConfig config = TrainingConfig.builder().stepSize(1.0).momentum(0.9).nesterov(true)
        .maxRounds(150).targetObjective(target).seed(7).build();
    TrainingResult r = new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), train, null,
        objective, config, null, TrainingListener.NONE));
    assertTrue(r.reachedTarget());
    assertTrue(r.finalObjective() <= target);
    assertTrue(r.rounds() < 150);
    // the round before the last was still above the target
    assertTrue(r.history().get(r.history().size() - 2).objective() > target);
    // bytes: 2 x partitions x (8 x dimension + 24) per round
    assertEquals(r.rounds() * 2L * 4 * (8L * 124 + 24), r.bytesCommunicated());
  }

  @Test
  void sameSeedSameModelWithMiniBatches() {
    TrainingConfig config = TrainingConfig.builder().stepSize(0.5).miniBatchFraction(0.1)
        .maxRounds(20).seed(11).build();
    double[] a = new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), train, null,
        objective, config, null, TrainingListener.NONE)).weights();
    double[] b = new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), train, null,
        objective, config, null, TrainingListener.NONE)).weights();
    org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, 0.0);
  }
}
