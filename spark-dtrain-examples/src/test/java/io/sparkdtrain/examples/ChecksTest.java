package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link Checks}: each named rule at its boundaries, with NaN and infinities, and its exact message. */
class ChecksTest {

  private static String message(Executable check) {
    return assertThrows(IllegalArgumentException.class, check).getMessage();
  }

  @Test
  void atLeast() {
    assertDoesNotThrow(() -> Checks.atLeast("--rank", 1, 1));
    assertEquals("Invalid value '0' for option --rank: must be >= 1", message(() -> Checks.atLeast("--rank", 0, 1)));
    assertEquals("Invalid value '-1' for option --gen-test-rows: must be >= 0",
        message(() -> Checks.atLeast("--gen-test-rows", -1L, 0)));
  }

  @Test
  void finitePositive() {
    assertDoesNotThrow(() -> Checks.finitePositive("--step-size", Double.MIN_VALUE));
    assertEquals("Invalid value '0.0' for option --step-size: must be finite and > 0",
        message(() -> Checks.finitePositive("--step-size", 0.0)));
    assertEquals("Invalid value 'NaN' for option --step-size: must be finite and > 0",
        message(() -> Checks.finitePositive("--step-size", Double.NaN)));
    message(() -> Checks.finitePositive("--step-size", Double.POSITIVE_INFINITY));
  }

  @Test
  void finiteNonNegative() {
    assertDoesNotThrow(() -> Checks.finiteNonNegative("--reg-param", 0.0));
    assertEquals("Invalid value '-0.5' for option --reg-param: must be finite and >= 0",
        message(() -> Checks.finiteNonNegative("--reg-param", -0.5)));
    message(() -> Checks.finiteNonNegative("--reg-param", Double.NaN));
    message(() -> Checks.finiteNonNegative("--reg-param", Double.POSITIVE_INFINITY));
  }

  @Test
  void unitIntervals() {
    assertDoesNotThrow(() -> Checks.inOpenClosedUnit("--fraction", 1.0));
    assertEquals("Invalid value '0.0' for option --fraction: must be in (0, 1]",
        message(() -> Checks.inOpenClosedUnit("--fraction", 0.0)));
    message(() -> Checks.inOpenClosedUnit("--fraction", Double.NaN));
    assertDoesNotThrow(() -> Checks.inClosedOpenUnit("--momentum", 0.0));
    assertEquals("Invalid value '1.0' for option --momentum: must be in [0, 1)",
        message(() -> Checks.inClosedOpenUnit("--momentum", 1.0)));
    message(() -> Checks.inClosedOpenUnit("--momentum", Double.NaN));
  }
}
