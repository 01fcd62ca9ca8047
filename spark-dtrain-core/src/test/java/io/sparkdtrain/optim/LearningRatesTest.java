package io.sparkdtrain.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link LearningRates}: values against the formulas evaluated by hand, and validation. */
class LearningRatesTest {

  private static String message(Executable call) {
    return assertThrows(IllegalArgumentException.class, call).getMessage();
  }

  @Test
  void constantRate() {
    LearningRateSchedule s = LearningRates.constant(0.1);
    assertEquals(0.1, s.rate(0));
    assertEquals(0.1, s.rate(1_000_000_000L));
    assertEquals(0.1, s.initialRate());
    assertEquals("constant(0.1)", s.toString());
  }

  @Test
  void inverseSqrtRate() {
    // Reference: eta / sqrt(1 + t) by hand: t = 0 -> 0.2, t = 3 -> 0.2 / 2, t = 99 -> 0.2 / 10.
    LearningRateSchedule s = LearningRates.inverseSqrt(0.2);
    assertEquals(0.2, s.rate(0), 0);
    assertEquals(0.1, s.rate(3), 1e-17);
    assertEquals(0.02, s.rate(99), 1e-17);
    assertEquals(0.2, s.initialRate());
    assertEquals("inverse-sqrt(0.2)", s.toString());
  }

  @Test
  void inverseSqrtCountingBlocksOfSteps() {
    // Reference: eta / sqrt(1 + floor(t / 400)) by hand: t < 400 -> 0.2, 400..799 -> 0.2 / sqrt 2,
    // 1200 -> 0.2 / 2, 39999 -> 0.2 / 10 (floor 99).
    LearningRateSchedule s = LearningRates.inverseSqrt(0.2, 400);
    assertEquals(0.2, s.rate(0), 0);
    assertEquals(0.2, s.rate(399), 0);
    assertEquals(0.2 / Math.sqrt(2), s.rate(400), 1e-17);
    assertEquals(0.2 / Math.sqrt(2), s.rate(799), 1e-17);
    assertEquals(0.1, s.rate(1200), 1e-17);
    assertEquals(0.02, s.rate(39_999), 1e-17);
    assertEquals("inverse-sqrt(0.2, every 400 steps)", s.toString());
    assertEquals(LearningRates.inverseSqrt(0.2), LearningRates.inverseSqrt(0.2, 1), "every 1 step is inverse-sqrt");
    assertNotEquals(LearningRates.inverseSqrt(0.2, 400), LearningRates.inverseSqrt(0.2, 401));
    assertEquals(s, LearningRates.parse("inverse-sqrt:400", 0.2));
    assertEquals("Cannot set everySteps to 0, the value must be >= 1", message(() -> LearningRates.inverseSqrt(0.2, 0)));
    assertEquals("Cannot parse learning-rate schedule 'inverse-sqrt:pass': EVERY 'pass' is not an integer"
        + " (inverse-sqrt:EVERY, for example inverse-sqrt:400)", message(() -> LearningRates.parse("inverse-sqrt:pass", 0.1)));
  }

  @Test
  void stepDecayRate() {
    // Reference: 1.0 * 0.5^floor(t / 10) by hand.
    LearningRateSchedule s = LearningRates.stepDecay(1.0, 0.5, 10);
    assertEquals(1.0, s.rate(0));
    assertEquals(1.0, s.rate(9));
    assertEquals(0.5, s.rate(10));
    assertEquals(0.5, s.rate(19));
    assertEquals(0.25, s.rate(25));
    assertEquals(Math.pow(0.5, 100), s.rate(1000));
    assertEquals(1.0, LearningRates.stepDecay(1.0, 1.0, 1).rate(500), "factor 1 never decays");
    assertEquals("step(1.0, factor=0.5, everySteps=10)", s.toString());
  }

  @Test
  void badArgumentsAreRejectedNamingParameterAndValue() {
    assertEquals("Cannot set stepSize to -1.0, the value must be finite and > 0",
        message(() -> LearningRates.constant(-1.0)));
    assertEquals("Cannot set stepSize to 0.0, the value must be finite and > 0",
        message(() -> LearningRates.inverseSqrt(0.0)));
    assertTrue(message(() -> LearningRates.constant(Double.NaN)).contains("stepSize to NaN"));
    assertTrue(message(() -> LearningRates.constant(Double.POSITIVE_INFINITY))
        .contains("stepSize to Infinity"));
    assertEquals("Cannot set factor to 1.5, the value must be in (0, 1]",
        message(() -> LearningRates.stepDecay(0.1, 1.5, 10)));
    assertEquals("Cannot set factor to 0.0, the value must be in (0, 1]",
        message(() -> LearningRates.stepDecay(0.1, 0.0, 10)));
    assertEquals("Cannot set everySteps to 0, the value must be >= 1",
        message(() -> LearningRates.stepDecay(0.1, 0.5, 0)));
    assertEquals("Cannot compute the learning rate at t=-1, the value must be >= 0",
        message(() -> LearningRates.constant(0.1).rate(-1)));
  }

  @Test
  void parseReadsEveryFormAndExplainsErrors() {
    assertEquals(LearningRates.constant(0.3), LearningRates.parse("constant", 0.3));
    assertEquals(LearningRates.inverseSqrt(0.3), LearningRates.parse(" Inverse-Sqrt ", 0.3));
    assertEquals(LearningRates.stepDecay(0.3, 0.5, 100), LearningRates.parse("step:0.5:100", 0.3));
    assertEquals("Unknown learning-rate schedule 'cosine'; expected one of constant, inverse-sqrt,"
        + " inverse-sqrt:EVERY, step:FACTOR:EVERY", message(() -> LearningRates.parse("cosine", 0.1)));
    assertTrue(message(() -> LearningRates.parse("step:0.5", 0.1))
        .contains("'step:0.5': expected step:FACTOR:EVERY"));
    assertEquals("Cannot parse learning-rate schedule 'step:x:10': FACTOR 'x' is not a number",
        message(() -> LearningRates.parse("step:x:10", 0.1)));
    assertEquals("Cannot parse learning-rate schedule 'step:0.5:1.5': EVERY '1.5' is not an integer",
        message(() -> LearningRates.parse("step:0.5:1.5", 0.1)));
    assertEquals("Cannot set everySteps to -3, the value must be >= 1",
        message(() -> LearningRates.parse("step:0.5:-3", 0.1)));
    assertEquals("Cannot set stepSize to -2.0, the value must be finite and > 0",
        message(() -> LearningRates.parse("constant", -2.0)));
  }

  @Test
  void schedulesCompareByKindAndEverySetting() {
    assertEquals(LearningRates.constant(0.1), LearningRates.parse("constant", 0.1));
    assertEquals(LearningRates.constant(0.1).hashCode(), LearningRates.parse("constant", 0.1).hashCode());
    assertEquals(LearningRates.stepDecay(0.1, 0.5, 10), LearningRates.parse("step:0.5:10", 0.1));
    assertEquals(LearningRates.stepDecay(0.1, 0.5, 10).hashCode(), LearningRates.parse("step:0.5:10", 0.1).hashCode());
    // the same eta in another kind of schedule is another schedule
    assertNotEquals(LearningRates.constant(0.1), LearningRates.inverseSqrt(0.1));
    assertNotEquals(LearningRates.inverseSqrt(0.1), LearningRates.constant(0.1));
    assertNotEquals(LearningRates.constant(0.1), LearningRates.stepDecay(0.1, 1.0, 1));
    assertNotEquals(LearningRates.constant(0.1), LearningRates.constant(0.2));
    assertNotEquals(LearningRates.stepDecay(0.1, 0.5, 10), LearningRates.stepDecay(0.1, 0.25, 10));
    assertNotEquals(LearningRates.stepDecay(0.1, 0.5, 10), LearningRates.stepDecay(0.1, 0.5, 11));
    for (LearningRateSchedule s : new LearningRateSchedule[] {LearningRates.constant(0.1),
        LearningRates.inverseSqrt(0.1), LearningRates.stepDecay(0.1, 0.5, 10)}) {
      assertEquals("Cannot compute the learning rate at t=-1, the value must be >= 0", message(() -> s.rate(-1)),
          s.toString());
    }
  }
}
