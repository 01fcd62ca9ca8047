package io.sparkdtrain.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The shared checks keep the wording the settings objects wrote by hand before ("Cannot set X to V,
 * the value must be RULE"), print integers as integers, accept the boundary values and reject the
 * first value past them. Reference: the messages as the builders wrote them inline.
 */
class RequireTest {

  private static String message(Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  @Test
  void boundariesAreAcceptedAndTheFirstValuePastThemIsRejected() {
    assertEquals(1, Require.atLeast("localSteps", 1, 1));
    assertEquals("Cannot set localSteps to 0, the value must be >= 1", message(() -> Require.atLeast("localSteps", 0, 1)));
    assertEquals(Double.MIN_VALUE, Require.finitePositive("epsilon", Double.MIN_VALUE));
    for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertEquals("Cannot set epsilon to " + bad + ", the value must be finite and > 0",
          message(() -> Require.finitePositive("epsilon", bad)));
    }
    assertEquals(0.0, Require.inZeroOne("beta1", 0.0));
    assertEquals("Cannot set beta1 to 1.0, the value must be in [0, 1)", message(() -> Require.inZeroOne("beta1", 1.0)));
    assertEquals("Cannot set beta1 to -0.5, the value must be in [0, 1)", message(() -> Require.inZeroOne("beta1", -0.5)));
    assertEquals("x", Require.notNull("schedule", "x"));
    assertEquals("Cannot set schedule to null", message(() -> Require.notNull("schedule", null)));
  }

  @Test
  void integersArePrintedAsIntegers() {
    assertEquals("Cannot set everySteps to 0, the value must be >= 1",
        message(() -> Require.that("everySteps", 0L, false, ">= 1")));
    assertEquals("Cannot set evaluateEvery to -1, the value must be >= 1 (or 0 = adaptive)",
        message(() -> Require.that("evaluateEvery", -1, false, ">= 1 (or 0 = adaptive)")));
    assertEquals("Cannot set stepSize to 0.0, the value must be finite and > 0",
        message(() -> Require.that("stepSize", 0.0, false, "finite and > 0")));
  }

  @Test
  void theBuildersThatUseItKeepTheirMessages() {
    assertEquals("Cannot set maxRounds to 0, the value must be >= 1",
        message(() -> TrainingConfig.builder().maxRounds(0).build()));
    assertEquals("Cannot set checkpointEvery to 2, the value must be >= 0 (0 = no checkpoints) and needs"
        + " checkpointDir when > 0", message(() -> TrainingConfig.builder().checkpointEvery(2).build()));
    assertEquals(2, TrainingConfig.builder().checkpointDir("/tmp/x").checkpointEvery(2).build().checkpointEvery());
    assertEquals("Cannot set epsilon to 0.0, the value must be finite and > 0",
        message(() -> Adam.builder().epsilon(0.0)));
  }
}
