package io.sparkdtrain.strategy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link LocalSgdConfig} validation and printing, and the H schedules of {@link LocalStepsSchedule}. */
class LocalSgdConfigTest {

  static void rejects(String message, Supplier<LocalSgdConfig> build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
    assertEquals(message, e.getMessage());
  }

  @Test
  void badValuesAreRejectedWithTheSettingAndValueNamed() {
    rejects("Cannot set localSteps to -1, the value must be >= 0",
        () -> LocalSgdConfig.builder().localSteps(-1).build());
    rejects("Cannot set batchSize to -1, the value must be >= 0",
        () -> LocalSgdConfig.builder().batchSize(-1).build());
    rejects("Cannot set outerLearningRate to 0.0, the value must be finite and > 0",
        () -> LocalSgdConfig.builder().outerLearningRate(0).build());
    rejects("Cannot set outerLearningRate to NaN, the value must be finite and > 0",
        () -> LocalSgdConfig.builder().outerLearningRate(Double.NaN).build());
    rejects("Cannot set outerMomentum to 1.0, the value must be in [0, 1)",
        () -> LocalSgdConfig.builder().nesterov(0.7, 1.0).build());
    rejects("Cannot set outerMomentum to 0.0 with outerOptimizer NESTEROV, the value must be in (0, 1)"
        + " (or use outerOptimizer AVERAGE)",
        () -> LocalSgdConfig.builder().outerOptimizer(LocalSgdConfig.OuterOptimizer.NESTEROV).build());
    rejects("Cannot set outerMomentum to 0.9 with outerOptimizer AVERAGE, the value must be 0"
        + " (momentum needs NESTEROV)", () -> LocalSgdConfig.builder().outerMomentum(0.9).build());
    rejects("Cannot set switchRound to 0, the value must be >= 1",
        () -> LocalSgdConfig.builder().postLocal(0).build());
    rejects("Cannot set aggregation to null", () -> LocalSgdConfig.builder().aggregation(null).build());
    rejects("Cannot set config to null", () -> new LocalSgd(null).config());
  }

  @Test
  void topKMustBeNonNegativeAndIsKeptByToBuilder() {
    rejects("Cannot set topK to -1, the value must be >= 0", () -> LocalSgdConfig.builder().topK(-1).build());
    LocalSgdConfig c = LocalSgdConfig.builder().topK(5).errorFeedback(false).build();
    assertEquals(5, c.topK());
    assertEquals(false, c.errorFeedback());
    assertTrue(c.toString().endsWith("topK=5, errorFeedback=false, adamMoments=RESET)"), c.toString());
    assertEquals(c.toString(), c.toBuilder().build().toString());
    assertEquals(0, LocalSgdConfig.builder().build().topK());
    assertTrue(LocalSgdConfig.builder().build().errorFeedback());
  }

  @Test
  void toStringPrintsEverySettingAndToBuilderKeepsThem() {
    LocalSgdConfig c = LocalSgdConfig.builder().localSteps(16).batchSize(8)
        .aggregation(LocalSgdConfig.Aggregation.DRIVER).nesterov(0.7, 0.9).postLocal(5)
        .sparseDeltas(LocalSgdConfig.SparseDeltas.OFF).build();
    assertEquals("LocalSgdConfig(localSteps=16, batchSize=8, aggregation=DRIVER, outerOptimizer=NESTEROV,"
        + " outerLearningRate=0.7, outerMomentum=0.9, schedule=POST_LOCAL, switchRound=5,"
        + " sparseDeltas=OFF, topK=0, errorFeedback=true, adamMoments=RESET)", c.toString());
    assertEquals(c.toString(), c.toBuilder().build().toString());
    assertEquals("post-local:5", c.scheduleSpec());
    assertEquals("LocalSgdConfig(localSteps=8, batchSize=0, aggregation=TREE, outerOptimizer=AVERAGE,"
        + " outerLearningRate=1.0, outerMomentum=0.0, schedule=FIXED, switchRound=1, sparseDeltas=AUTO,"
        + " topK=0, errorFeedback=true, adamMoments=RESET)",
        LocalSgdConfig.builder().build().toString());
  }

  static List<Integer> steps(LocalSgdConfig c, double... objectives) {
    LocalStepsSchedule s = new LocalStepsSchedule(c);
    List<Integer> out = new ArrayList<>();
    s.observe(objectives[0]);
    for (int round = 1; round < objectives.length; round++) {
      out.add(s.localSteps(round));
      s.observe(objectives[round]);
    }
    return out;
  }

  @Test
  void fixedAndPostLocalSchedules() {
    assertEquals(List.of(4, 4, 4), steps(LocalSgdConfig.builder().localSteps(4).build(), 1, 0.5, 0.2, 0.1));
    assertEquals(List.of(1, 1, 4, 4), steps(LocalSgdConfig.builder().localSteps(4).postLocal(3).build(),
        1, 0.5, 0.2, 0.1, 0.1));
    assertEquals(List.of(4, 4), steps(LocalSgdConfig.builder().localSteps(4).postLocal(1).build(), 1, 1, 1));
  }

  @Test
  void adaptiveScheduleShrinksWithTheSquareRootOfTheObjectiveRatio() {
    LocalSgdConfig c = LocalSgdConfig.builder().localSteps(16).schedule(LocalSgdConfig.Schedule.ADAPTIVE).build();
    // F_0 = 0.8: ceil(16 sqrt(0.5 / 0.8)) = ceil(12.65) = 13; ceil(16 sqrt(0.2 / 0.8)) = 8;
    // NaN (not evaluated) keeps H; a higher objective never raises H again; the floor is 1.
    assertEquals(List.of(16, 13, 8, 8, 8, 1),
        steps(c, 0.8, 0.5, 0.2, Double.NaN, 0.7, 1e-6, 1e-6));
    assertEquals(16, LocalStepsSchedule.adaptiveSteps(16, 0.0, 0.5));
    assertTrue(LocalStepsSchedule.adaptiveSteps(16, 1.0, 4.0) == 16, "capped at H");
  }
}
