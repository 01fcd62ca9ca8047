package io.sparkdtrain.validation;

/**
 * Checks of a setting's value that throw an {@link IllegalArgumentException} naming the setting and
 * the value: "Cannot set NAME to VALUE, the value must be RULE" (or "Cannot set NAME to null"). Each
 * returns the value, so that a constructor checks and assigns in one line:
 *
 * <pre>{@code
 * this.localSteps = Require.atLeast("localSteps", b.localSteps, 1);
 * }</pre>
 */
public final class Require {
  private Require() {}

  /**
   * {@code value} when {@code ok}, else "Cannot set {@code name} to {@code value}, the value must be
   * {@code rule}".
   */
  public static double that(String name, double value, boolean ok, String rule) {
    if (!ok) {
      throw invalid(name, String.valueOf(value), rule);
    }
    return value;
  }

  /** The {@code int} form of {@link #that(String, double, boolean, String)} (the value printed as an integer). */
  public static int that(String name, int value, boolean ok, String rule) {
    if (!ok) {
      throw invalid(name, String.valueOf(value), rule);
    }
    return value;
  }

  /** The {@code long} form of {@link #that(String, double, boolean, String)} (the value printed as an integer). */
  public static long that(String name, long value, boolean ok, String rule) {
    if (!ok) {
      throw invalid(name, String.valueOf(value), rule);
    }
    return value;
  }

  /** {@code value} when it is at least {@code min}, else "..., the value must be >= {@code min}". */
  public static int atLeast(String name, int value, int min) {
    return that(name, value, value >= min, ">= " + min);
  }

  /** {@code value} when it is finite and positive, else "..., the value must be finite and > 0". */
  public static double finitePositive(String name, double value) {
    return that(name, value, value > 0 && Double.isFinite(value), "finite and > 0");
  }

  /** {@code value} when it is in {@code [0, 1)}, else "..., the value must be in [0, 1)". */
  public static double inZeroOne(String name, double value) {
    return that(name, value, value >= 0 && value < 1, "in [0, 1)");
  }

  /** {@code value} when it is not null, else "Cannot set {@code name} to null". */
  public static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException("Cannot set " + name + " to null");
    }
    return value;
  }

  private static IllegalArgumentException invalid(String name, String value, String rule) {
    return new IllegalArgumentException("Cannot set " + name + " to " + value + ", the value must be " + rule);
  }
}
