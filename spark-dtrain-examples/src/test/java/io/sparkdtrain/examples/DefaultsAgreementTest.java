package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.ml.DtrainClassifier;
import io.sparkdtrain.strategy.StrategyRegistry;
import io.sparkdtrain.strategy.async.AsyncConfig;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line's and the Estimator's defaults are the same values (momentum, staleness bound and
 * rate, step size, schedule, rounds), read from both front doors; and explicit values stay as given.
 */
class DefaultsAgreementTest {

  private static TrainCommand parse(String... args) {
    TrainCommand cmd = new TrainCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd;
  }

  @Test
  void commandLineAndEstimatorShareTheirDefaults() {
    TrainCommand cli = parse();
    TrainingConfig c = cli.config();
    AsyncConfig async = asyncConfig(cli);
    DtrainClassifier est = new DtrainClassifier();

    assertTrue(c.stepSizeFromData(), "CLI step size derived");
    assertTrue(Double.isNaN(est.getStepSize()), "Estimator step size derived");
    assertEquals(est.getMomentum(), c.momentum(), "momentum");
    assertEquals(est.getOptimizer(), c.optimizer(), "optimizer");
    assertEquals(DefaultSettings.MOMENTUM, c.momentum());
    assertEquals(DefaultSettings.NESTEROV, c.nesterov(), "heavy ball, as the Estimator's");
    assertEquals(est.getMaxStaleness(), async.maxStaleness(), "staleness bound");
    assertEquals(DefaultSettings.MAX_STALENESS, async.maxStaleness());
    assertEquals(est.getStalenessLr(), async.stalenessLr().name().toLowerCase(Locale.ROOT), "staleness rate");
    assertEquals(est.getLocalSteps(), async.localSteps(), "local steps per update");
    assertEquals(StepSizeDefaults.ONE_PASS, async.localSteps(), "one pass per round");
    assertEquals(0, async.batchSize(), "unset: resolved with the pass");
    assertEquals(est.getMaxRounds(), c.maxRounds(), "rounds");
    assertEquals(DefaultSettings.LEARNING_RATE_SCHEDULE, c.learningRateSchedule(), "schedule");
    assertEquals(DefaultSettings.EVALUATE_EVERY, c.evaluateEvery(), "evaluation cadence");
  }

  @Test
  void explicitCommandLineValuesStayAsGiven() {
    TrainCommand cli = parse("--step-size", "0.3", "--momentum", "0.5", "--nesterov", "--lr-schedule",
        "inverse-sqrt", "--eval-every", "4", "--max-staleness", "-1", "--staleness-lr", "none");
    TrainingConfig c = cli.config();
    assertEquals(0.3, c.stepSize());
    assertEquals(0.5, c.momentum());
    assertTrue(c.nesterov());
    assertEquals("inverse-sqrt", c.learningRateSchedule());
    assertEquals(4, c.evaluateEvery());
    AsyncConfig async = asyncConfig(cli);
    assertEquals(-1, async.maxStaleness());
    assertEquals(AsyncConfig.StalenessLr.NONE, async.stalenessLr());
    // the deterministic staleness mode keeps its unbounded SSP default
    TrainCommand injected = parse("--inject-staleness", "2");
    assertEquals(-1, asyncConfig(injected).maxStaleness());
    assertFalse(injected.config().nesterov());
  }

  /** The async settings the command line builds, through the strategy registry as `train` does. */
  private static AsyncConfig asyncConfig(TrainCommand cli) {
    return ((AsyncParameterServer) StrategyRegistry.create(AsyncParameterServer.NAME, cli.settings())).config();
  }
}
