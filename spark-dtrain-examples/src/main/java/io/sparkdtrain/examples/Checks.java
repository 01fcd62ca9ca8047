package io.sparkdtrain.examples;

/** Option checks whose messages name the command-line option and the value given. */
final class Checks {
  private Checks() {}

  static void require(boolean ok, String option, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid value '" + value + "' for option " + option + ": " + rule);
    }
  }
}
