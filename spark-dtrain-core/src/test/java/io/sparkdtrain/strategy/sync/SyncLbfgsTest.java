package io.sparkdtrain.strategy.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.Optimizers;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.StopReason;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.testing.A9a;
import io.sparkdtrain.testing.MllibReference;
import io.sparkdtrain.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sync's full-batch L-BFGS update ({@code optimizer = lbfgs}) on the first 4,000 rows of the real
 * a9a set against MLlib's {@code LogisticRegression} (its own L-BFGS, same lambda,
 * {@code standardization = false}, tolerance 1e-12) fitted in the same test on the same rows.
 */
@Tag("spark4")
public class SyncLbfgsTest {
  static final double LAMBDA = 1e-3;
  static final int ROWS = 4000;
  static Path file;
  static TrainingData train;
  static Objective objective;
  static double optimum;

  @BeforeAll
  static void load() throws IOException {
    file = Files.createTempFile("a9a-first-rows", ".libsvm");
    List<String> lines = Files.readAllLines(Path.of(SharedSpark.data("a9a/a9a")));
    Files.write(file, lines.subList(0, ROWS));
    train = LibsvmInput.read(SharedSpark.session(), file.toString(), A9a.FEATURES, 3, new LogisticLoss());
    objective = A9a.objective(LAMBDA);
    optimum = MllibReference.optimum(file.toString(), A9a.FEATURES, LAMBDA, objective, train);
  }

  @AfterAll
  static void release() throws IOException {
    train.close();
    Files.deleteIfExists(file);
  }

  private static TrainingResult fit(TrainingConfig config, Objective o) {
    TrainingContext given = new TrainingContext(SharedSpark.context(), train, null, o, config, null,
        TrainingListener.NONE);
    return new SynchronousSgd().train(StepSizeDefaults.resolve("sync", given));
  }

  @Test
  void reachesMllibsOptimumWithoutAStepSize() {
    TrainingConfig config = TrainingConfig.builder().stepSize(TrainingConfig.STEP_SIZE_FROM_DATA)
        .learningRateSchedule(TrainingConfig.SCHEDULE_AUTO).optimizer("lbfgs").maxRounds(300).tolerance(0)
        .seed(3).build();
    TrainingResult r = fit(config, objective);
    long evaluations = ((Number) r.extras().get("function_evaluations")).longValue();
    System.out.printf("sync lbfgs a9a[0,%d): objective %.10f MLlib %.10f rounds %d evaluations %d%n", ROWS,
        r.finalObjective(), optimum, r.rounds(), evaluations);
    assertEquals(optimum, r.finalObjective(), 1e-9 * optimum, "objective vs MLlib's L-BFGS");
    assertTrue(r.rounds() < 300, "stops when the line search finds no lower objective: " + r.rounds());
    assertTrue(evaluations > r.rounds(), "the first round evaluates the start too: " + evaluations);
    // bytes: one synchronous step's 2 x P x (8 x dimension + 24) per evaluation
    assertEquals(evaluations * 2L * 3 * (8L * 124 + 24), r.bytesCommunicated());
    assertTrue(r.extras().containsKey("lbfgs_stopped"), r.extras().toString());
    assertEquals(StopReason.CONVERGED, r.stopReason(), "the stalled line search stops the run itself");
  }

  /**
   * With a tolerance L-BFGS stops the run itself ({@code TrainingLoop.stop}) in the round its test
   * (MLlib's tol: relative objective decrease or gradient norm) first holds, with stop reason converged,
   * not at max rounds; the loop's own rule cannot be what stopped it, since the loop evaluates only at
   * the start and the end here. The model is then within 1e-4 (relative) of MLlib's optimum, and each
   * earlier round's objective decreased by more than the tolerance.
   */
  @Test
  void stopsItselfOnceConvergedWithMllibsTolerance() {
    double tol = SyncOptimizerDefault.TOLERANCE;
    TrainingConfig config = TrainingConfig.builder().stepSize(TrainingConfig.STEP_SIZE_FROM_DATA)
        .learningRateSchedule(TrainingConfig.SCHEDULE_AUTO).optimizer("lbfgs").maxRounds(300).tolerance(tol)
        .evaluateEvery(1000).build();
    TrainingResult r = fit(config, objective);
    String why = String.valueOf(r.extras().get("lbfgs_stopped"));
    System.out.printf("sync lbfgs tol %g: %d rounds, %s, objective %.10f MLlib %.10f%n", tol, r.rounds(), why,
        r.finalObjective(), optimum);
    assertEquals(StopReason.CONVERGED, r.stopReason(), why);
    assertTrue(r.rounds() < 300, "stopped before max rounds: " + r.rounds());
    assertTrue(why.startsWith("round " + r.rounds() + ": "), "the last round is the one that converged: " + why);
    assertTrue(r.finalObjective() - optimum <= 1e-4 * optimum, r.finalObjective() + " vs MLlib " + optimum);
    TrainingResult fewer = fit(TrainingConfig.builder().stepSize(TrainingConfig.STEP_SIZE_FROM_DATA)
        .learningRateSchedule(TrainingConfig.SCHEDULE_AUTO).optimizer("lbfgs").maxRounds(r.rounds() - 1)
        .tolerance(tol).evaluateEvery(1000).build(), objective);
    assertEquals(StopReason.MAX_ROUNDS, fewer.stopReason(), "not converged one round earlier");
  }

  @Test
  void tenRoundsBeatOneHundredGradientSteps() {
    TrainingResult lbfgs = fit(TrainingConfig.builder().stepSize(TrainingConfig.STEP_SIZE_FROM_DATA)
        .learningRateSchedule(TrainingConfig.SCHEDULE_AUTO).optimizer("lbfgs").maxRounds(10).tolerance(0)
        .build(), objective);
    TrainingResult gd = fit(TrainingConfig.builder().stepSize(TrainingConfig.STEP_SIZE_FROM_DATA)
        .learningRateSchedule(TrainingConfig.SCHEDULE_AUTO).maxRounds(100).tolerance(0).build(), objective);
    System.out.printf("gap after 10 lbfgs rounds %.3g, after 100 preconditioned gradient steps %.3g%n",
        lbfgs.finalObjective() - optimum, gd.finalObjective() - optimum);
    assertTrue(lbfgs.finalObjective() - optimum < gd.finalObjective() - optimum,
        "lbfgs " + lbfgs.finalObjective() + " gd " + gd.finalObjective() + " optimum " + optimum);
  }

  @Test
  void rejectsL1MiniBatchesAndOtherStrategiesNamingTheSetting() {
    Objective l1 = new Objective(new LogisticLoss(), Regularization.l1(LAMBDA),
        new ModelShape(A9a.FEATURES, 1, true));
    TrainingConfig config = TrainingConfig.builder().optimizer("lbfgs").maxRounds(5).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fit(config, l1));
    assertTrue(e.getMessage().contains("regType l1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.builder().optimizer("lbfgs").miniBatchFraction(0.5).build());
    assertTrue(e.getMessage().contains("miniBatchFraction"), e.getMessage());
    Objective hinge = new Objective(new io.sparkdtrain.model.linear.HingeLoss(), Regularization.l2(LAMBDA),
        new ModelShape(A9a.FEATURES, 1, true));
    e = assertThrows(IllegalArgumentException.class, () -> fit(config, hinge));
    assertTrue(e.getMessage().contains("objective hinge") && e.getMessage().contains("smooth"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Optimizers.create(config, objective));
    assertTrue(e.getMessage().contains("lbfgs"), e.getMessage());
  }
}
