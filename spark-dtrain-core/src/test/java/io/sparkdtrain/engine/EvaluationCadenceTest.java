package io.sparkdtrain.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import org.junit.jupiter.api.Test;

/**
 * The evaluation cadence: explicit {@code evaluateEvery} unchanged, the adaptive default keeping
 * evaluation at most ~20% of the time, the last round always evaluated. The share is checked on a
 * simulated run whose round and evaluation costs the test chooses (no timing in the test), against
 * the share the test computes itself from the rounds the cadence picks.
 */
class EvaluationCadenceTest {

  /** Simulates maxRounds rounds of {@code round} seconds and evaluations of {@code eval} seconds. */
  private static double[] simulate(EvaluationCadence cadence, int maxRounds, double round, double eval) {
    double training = 0;
    double evaluation = eval; // the starting model's evaluation
    int evaluations = 1;
    double sinceLast = 0;
    boolean lastDue = false;
    for (int r = 1; r <= maxRounds; r++) {
      training += round;
      sinceLast += round;
      lastDue = cadence.due(r, sinceLast, evaluation / evaluations);
      if (lastDue) {
        evaluation += eval;
        evaluations++;
        sinceLast = 0;
      }
    }
    return new double[] {evaluation / (training + evaluation), evaluations, lastDue ? 1 : 0};
  }

  @Test
  void adaptiveCadenceKeepsEvaluationNearOneFifthOfTheTime() {
    EvaluationCadence adaptive = new EvaluationCadence(TrainingConfig.EVALUATE_ADAPTIVELY, 500);
    assertTrue(adaptive.adaptive());
    // evaluation 2.5 x a round (async on a9a: 223 s of evaluation against 89 s of training)
    double[] expensive = simulate(adaptive, 500, 1.0, 2.5);
    assertTrue(expensive[0] <= 0.21, "evaluation share " + expensive[0]);
    assertEquals(1, expensive[2], "the last round is evaluated");
    // the same run evaluating every round spends 71% of its time evaluating
    double[] everyRound = simulate(new EvaluationCadence(1, 500), 500, 1.0, 2.5);
    assertTrue(everyRound[0] > 0.7, "every-round share " + everyRound[0]);
    // cheap evaluation (a tenth of a round): still every round
    double[] cheap = simulate(adaptive, 50, 1.0, 0.1);
    assertEquals(51, cheap[1], "cheap evaluations happen after every round");
  }

  @Test
  void explicitEvaluateEveryIsKeptAndTheLastRoundAlwaysEvaluated() {
    EvaluationCadence every3 = new EvaluationCadence(3, 7);
    assertFalse(every3.adaptive());
    for (int r = 1; r <= 7; r++) {
      // costs play no part with an explicit cadence
      assertEquals(r % 3 == 0 || r == 7, every3.due(r, 1e-9, 1e9), "round " + r);
    }
    EvaluationCadence adaptive = new EvaluationCadence(0, 7);
    assertTrue(adaptive.due(7, 0.0, 1e9), "the last round even when evaluation is very expensive");
    assertFalse(adaptive.due(6, 1.0, 1e9));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.builder().evaluateEvery(-1).build());
    assertEquals("Cannot set evaluateEvery to -1, the value must be >= 1 (or 0 = adaptive)", e.getMessage());
  }

  @Test
  void anAdaptiveRunEvaluatesTheStartAndTheFinalModel() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(300, 10, 3, 4);
    Objective obj = new Objective(new LogisticLoss(), Regularization.l2(1e-2), new ModelShape(10, 1, true));
    try (TrainingData d = SyntheticData.train(SharedSpark.context(), spec, 2, new LogisticLoss())) {
      TrainingConfig config = TrainingConfig.builder().stepSize(0.5).maxRounds(9)
          .evaluateEvery(TrainingConfig.EVALUATE_ADAPTIVELY).build();
      TrainingResult r = new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), d, null, obj,
          config, null, null));
      assertEquals(10, r.history().size());
      assertFalse(Double.isNaN(r.history().get(0).objective()), "the starting model is evaluated");
      assertEquals(r.history().get(9).objective(), r.finalObjective(), "the final model is evaluated");
      // the same run evaluated every round ends with the same model: the cadence changes no step
      TrainingResult every = new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), d, null, obj,
          config.toBuilder().evaluateEvery(1).build(), null, null));
      assertEquals(every.finalObjective(), r.finalObjective());
    }
  }
}
