package io.sparkdtrain.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.strategy.async.AsyncConfig;
import io.sparkdtrain.strategy.local.LocalSgdConfig;
import io.sparkdtrain.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code localSteps = 0} default of Local SGD and async ({@link StepSizeDefaults#ONE_PASS}): with a
 * derived step size, one pass over the partition per round in 10-row steps (or the given
 * {@code miniBatchSize}); with an explicit step size, exactly the former default (8 steps; async's 64
 * rows), so explicit settings behave as before. Checked on the configs and on real runs, whose
 * reports say which H and b they used.
 */
class OnePassPerRoundTest {

  @Test
  void onePassStepsCoverEveryRowOfTheLargestShare() {
    assertEquals(300, StepSizeDefaults.onePassSteps(6000, 2, 10));
    assertEquals(34, StepSizeDefaults.onePassSteps(1000, 3, 10), "ceil(ceil(1000 / 3) / 10)");
    assertEquals(1, StepSizeDefaults.onePassSteps(5, 4, 10));
    assertEquals(1, StepSizeDefaults.onePassSteps(0, 2, 10), "at least one step");
  }

  @Test
  void asyncsDerivedStepDecaysPerPassOverTheData() {
    assertEquals(StepSizeDefaults.PER_PASS_INVERSE_SQRT, StepSizeDefaults.schedule("async", true));
    assertEquals("inverse-sqrt", StepSizeDefaults.schedule("hogwild", true));
    for (String other : new String[] {"sync", "local", "fedavg"}) {
      assertEquals("constant", StepSizeDefaults.schedule(other, true), other);
    }
    assertEquals("constant", StepSizeDefaults.schedule("async", false), "an explicit step keeps its schedule");
    // a pass = partitions x ceil(ceil(rows / partitions) / batch) steps: 2 x 300, 3 x 34
    assertEquals("inverse-sqrt:600", StepSizeDefaults.perPass(StepSizeDefaults.PER_PASS_INVERSE_SQRT, 6000, 2, 10));
    assertEquals("inverse-sqrt:102", StepSizeDefaults.perPass(StepSizeDefaults.PER_PASS_INVERSE_SQRT, 1000, 3, 10));
    assertEquals("constant", StepSizeDefaults.perPass("constant", 6000, 2, 10), "other schedules unchanged");
    assertEquals("step:0.5:10", StepSizeDefaults.perPass("step:0.5:10", 6000, 2, 10));
  }

  @Test
  void configsResolveTheOnePassOnlyWithADerivedStep() {
    LocalSgdConfig local = LocalSgdConfig.builder().localSteps(StepSizeDefaults.ONE_PASS).build();
    assertEquals(300, local.resolved(true, 6000, 2).localSteps());
    assertEquals(10, local.resolved(true, 6000, 2).batchSize());
    assertEquals(8, local.resolved(false, 6000, 2).localSteps(), "explicit step: the former default H");
    assertEquals(0, local.resolved(false, 6000, 2).batchSize(), "explicit step: the former default b");
    LocalSgdConfig given = LocalSgdConfig.builder().localSteps(StepSizeDefaults.ONE_PASS).batchSize(50).build();
    assertEquals(60, given.resolved(true, 6000, 2).localSteps());
    LocalSgdConfig explicitH = LocalSgdConfig.builder().localSteps(4).build();
    assertEquals(explicitH, explicitH.resolved(true, 6000, 2), "an explicit H is kept as it is");

    AsyncConfig async = AsyncConfig.builder().localSteps(StepSizeDefaults.ONE_PASS).batchSize(0).build();
    assertEquals(300, async.resolved(0.5, 6000, 2).localSteps());
    assertEquals(10, async.resolved(0.5, 6000, 2).batchSize());
    assertEquals(0.5 / Math.sqrt(2), async.resolved(0.5, 6000, 2).stepSize(), 1e-15,
        "the derived step over the root of the workers");
    assertEquals(8, async.resolved(Double.NaN, 6000, 2).localSteps());
    assertEquals(64, async.resolved(Double.NaN, 6000, 2).batchSize());
    assertTrue(Double.isNaN(async.resolved(Double.NaN, 6000, 2).stepSize()), "an explicit step stays the run's");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "async"})
  void runsReportTheResolvedStepsAndBatch(String strategy) {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(1000, 20, 4, 3);
    try (TrainingData data = SyntheticData.train(SharedSpark.context(), spec, 2, new LogisticLoss())) {
      Objective objective = new Objective(new LogisticLoss(), Regularization.none(), new ModelShape(20, 1, true));
      StrategySettings defaults = StrategySettings.builder().put("localSteps", StepSizeDefaults.ONE_PASS)
          .put("maxStaleness", 4).build();
      TrainingResult derived = run(strategy, defaults, data, objective, TrainingConfig.STEP_SIZE_FROM_DATA);
      assertEquals(50, ((Number) derived.extras().get("local_steps")).intValue(), derived.extras().toString());
      assertEquals(10, ((Number) derived.extras().get("batch_size")).intValue());
      assertTrue(derived.finalObjective() < Math.log(2), "it learns: " + derived.finalObjective());
      TrainingResult explicit = run(strategy, defaults, data, objective, 0.1);
      assertEquals(8, ((Number) explicit.extras().get("local_steps")).intValue(), explicit.extras().toString());
      assertEquals(strategy.equals("local") ? 0 : 64, ((Number) explicit.extras().get("batch_size")).intValue());
      if (strategy.equals("async")) { // derived: over sqrt(2), decayed per pass of 2 x 50 steps; explicit: constant
        assertEquals(LearningRates.inverseSqrt(derivedStep(strategy, data, objective) / Math.sqrt(2), 100).toString(),
            derived.extras().get("learning_rate_schedule"));
        assertEquals("constant(0.1)", explicit.extras().get("learning_rate_schedule"));
      }
    }
  }

  private static double derivedStep(String strategy, TrainingData data, Objective objective) {
    return StepSizeDefaults.derive(strategy, objective, data.stats(), 1.0);
  }

  private static TrainingResult run(String strategy, StrategySettings settings, TrainingData data, Objective objective,
                                    double step) {
    TrainingConfig config = TrainingConfig.builder().stepSize(step)
        .learningRateSchedule(Double.isNaN(step) ? TrainingConfig.SCHEDULE_AUTO : "constant").maxRounds(5).build();
    TrainingContext context = StepSizeDefaults.resolve(strategy, new TrainingContext(SharedSpark.context(), data,
        null, objective, config, null, TrainingListener.NONE));
    return StrategyRegistry.create(strategy, settings).train(context);
  }
}
