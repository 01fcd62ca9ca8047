package io.sparkdtrain.examples;

/**
 * Option checks whose messages name the command-line option and the value given, for example
 * "Invalid value '0' for option --rank: must be >= 1". The named checks state each rule once, so
 * the test and the message cannot disagree.
 */
final class Checks {
  private Checks() {}

  static void require(boolean ok, String option, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid value '" + value + "' for option " + option + ": " + rule);
    }
  }

  /** {@code value >= min} ("must be >= MIN"). */
  static void atLeast(String option, long value, long min) {
    require(value >= min, option, value, "must be >= " + min);
  }

  /** {@code value} finite and {@code > 0} (NaN fails). */
  static void finitePositive(String option, double value) {
    require(value > 0 && Double.isFinite(value), option, value, "must be finite and > 0");
  }

  /** {@code value} finite and {@code >= 0} (NaN fails). */
  static void finiteNonNegative(String option, double value) {
    require(value >= 0 && Double.isFinite(value), option, value, "must be finite and >= 0");
  }

  /** {@code value} in {@code (0, 1]} (NaN fails). */
  static void inOpenClosedUnit(String option, double value) {
    require(value > 0 && value <= 1, option, value, "must be in (0, 1]");
  }

  /** {@code value} in {@code [0, 1)} (NaN fails). */
  static void inClosedOpenUnit(String option, double value) {
    require(value >= 0 && value < 1, option, value, "must be in [0, 1)");
  }
}
