package io.sparkdtrain.optim;

import io.sparkdtrain.validation.Require;
import java.util.Arrays;
import java.util.Locale;

/**
 * Factory of the {@link LearningRateSchedule}s, with the step number {@code t = 0, 1, 2, ...}:
 *
 * <ul>
 *   <li>{@link #constant}: {@code eta};
 *   <li>{@link #inverseSqrt}: {@code eta / sqrt(1 + t)}, the decay under which SGD on convex
 *       Lipschitz objectives attains its {@code O(1/sqrt(T))} rate (Zinkevich 2003), or
 *       {@code eta / sqrt(1 + floor(t / every))} counting blocks of steps (passes over the data);
 *   <li>{@link #stepDecay}: {@code eta * factor^floor(t / everySteps)}, the piecewise-constant
 *       schedule of Krizhevsky et al. 2012 and He et al. 2016.
 * </ul>
 *
 * <p>Schedules are immutable, serializable and compare by value. {@link #parse} reads the textual
 * form used in configuration and on the command line.
 */
public final class LearningRates {

  private LearningRates() {}

  /**
   * The constant rate {@code eta}.
   *
   * @param stepSize eta, finite and {@code > 0}
   * @throws IllegalArgumentException if {@code stepSize} is not finite and positive
   */
  public static LearningRateSchedule constant(double stepSize) {
    return new Constant(checkStepSize(stepSize));
  }

  /**
   * The rate {@code eta / sqrt(1 + t)}.
   *
   * @param stepSize eta, finite and {@code > 0}
   * @throws IllegalArgumentException if {@code stepSize} is not finite and positive
   */
  public static LearningRateSchedule inverseSqrt(double stepSize) {
    return inverseSqrt(stepSize, 1);
  }

  /**
   * The rate {@code eta / sqrt(1 + floor(t / everySteps))}: {@link #inverseSqrt} counting blocks of
   * {@code everySteps} steps, for example passes over the data, instead of single steps.
   *
   * @param stepSize eta, finite and {@code > 0}
   * @param everySteps steps per block, {@code >= 1}
   * @throws IllegalArgumentException naming the parameter and the value when a check fails
   */
  public static LearningRateSchedule inverseSqrt(double stepSize, long everySteps) {
    checkStepSize(stepSize);
    Require.that("everySteps", everySteps, everySteps >= 1, ">= 1");
    return new InverseSqrt(stepSize, everySteps);
  }

  /**
   * The rate {@code eta * factor^floor(t / everySteps)}.
   *
   * @param stepSize eta, finite and {@code > 0}
   * @param factor multiplier applied every {@code everySteps} steps, in {@code (0, 1]}
   * @param everySteps steps between decays, {@code >= 1}
   * @throws IllegalArgumentException naming the parameter and the value when a check fails
   */
  public static LearningRateSchedule stepDecay(double stepSize, double factor, long everySteps) {
    checkStepSize(stepSize);
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("Cannot set factor to " + factor
          + ", the value must be in (0, 1]");
    }
    Require.that("everySteps", everySteps, everySteps >= 1, ">= 1");
    return new StepDecay(stepSize, factor, everySteps);
  }

  /**
   * {@code base.rate(offset + t)}: the global schedule seen from a worker whose first step is step
   * {@code offset} of the run (a Local SGD round's first local step, an async update's first step).
   */
  public static LearningRateSchedule shifted(LearningRateSchedule base, long offset) {
    return new Shifted(base, offset);
  }

  /**
   * Parses {@code "constant"}, {@code "inverse-sqrt"}, {@code "inverse-sqrt:EVERY"} or {@code "step:FACTOR:EVERY"}
   * (case-insensitive), with {@code stepSize} as eta.
   *
   * @param spec the schedule's textual form
   * @param stepSize eta, finite and {@code > 0}
   * @throws IllegalArgumentException quoting the spec when it cannot be parsed or its values are
   *     invalid
   */
  public static LearningRateSchedule parse(String spec, double stepSize) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("constant")) {
      return constant(stepSize);
    }
    if (s.equals("inverse-sqrt")) {
      return inverseSqrt(stepSize);
    }
    if (s.startsWith("inverse-sqrt:")) {
      String every = s.substring("inverse-sqrt:".length());
      try {
        return inverseSqrt(stepSize, Long.parseLong(every));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Cannot parse learning-rate schedule '" + spec
            + "': EVERY '" + every + "' is not an integer (inverse-sqrt:EVERY, for example inverse-sqrt:400)", e);
      }
    }
    if (s.startsWith("step:")) {
      String[] parts = s.split(":", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException("Cannot parse learning-rate schedule '" + spec
            + "': expected step:FACTOR:EVERY, for example step:0.5:1000");
      }
      double factor;
      long every;
      try {
        factor = Double.parseDouble(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Cannot parse learning-rate schedule '" + spec
            + "': FACTOR '" + parts[1] + "' is not a number", e);
      }
      try {
        every = Long.parseLong(parts[2]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Cannot parse learning-rate schedule '" + spec
            + "': EVERY '" + parts[2] + "' is not an integer", e);
      }
      return stepDecay(stepSize, factor, every);
    }
    throw new IllegalArgumentException("Unknown learning-rate schedule '" + spec
        + "'; expected one of constant, inverse-sqrt, inverse-sqrt:EVERY, step:FACTOR:EVERY");
  }

  private static double checkStepSize(double stepSize) {
    if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
      throw new IllegalArgumentException("Cannot set stepSize to " + stepSize
          + ", the value must be finite and > 0");
    }
    return stepSize;
  }

  private static void checkStep(long t) {
    if (t < 0) {
      throw new IllegalArgumentException("Cannot compute the learning rate at t=" + t
          + ", the value must be >= 0");
    }
  }

  /**
   * What the schedules built from an initial rate share: {@code eta}, the check {@code t >= 0} before
   * every rate, and equality by class and settings.
   */
  abstract static class FromInitialRate implements LearningRateSchedule {
    private static final long serialVersionUID = 1L;
    /** The rate at {@code t = 0}. */
    final double eta;

    FromInitialRate(double eta) {
      this.eta = eta;
    }

    /** The rate at step {@code t}, already checked to be {@code >= 0}. */
    abstract double rateAt(long t);

    /** Every setting, {@code eta} first: what equality and the hash compare. */
    abstract double[] settings();

    @Override
    public final double rate(long t) {
      checkStep(t);
      return rateAt(t);
    }

    @Override
    public final double initialRate() {
      return eta;
    }

    @Override
    public final boolean equals(Object o) {
      return o != null && o.getClass() == getClass() && Arrays.equals(((FromInitialRate) o).settings(), settings());
    }

    @Override
    public final int hashCode() {
      return 31 * getClass().getSimpleName().hashCode() + Arrays.hashCode(settings());
    }
  }

  /** The constant schedule {@code eta}; build with {@link LearningRates#constant}. */
  public static final class Constant extends FromInitialRate {
    private static final long serialVersionUID = 1L;

    private Constant(double eta) {
      super(eta);
    }

    /** Returns eta for every {@code t >= 0}. */
    @Override
    double rateAt(long t) {
      return eta;
    }

    @Override
    double[] settings() {
      return new double[] {eta};
    }

    /** For example {@code constant(0.1)}. */
    @Override
    public String toString() {
      return "constant(" + eta + ")";
    }
  }

  /**
   * The schedule {@code eta / sqrt(1 + floor(t / everySteps))} ({@code everySteps} 1: {@code eta /
   * sqrt(1 + t)}); build with {@link LearningRates#inverseSqrt}.
   */
  public static final class InverseSqrt extends FromInitialRate {
    private static final long serialVersionUID = 1L;
    private final long everySteps;

    private InverseSqrt(double eta, long everySteps) {
      super(eta);
      this.everySteps = everySteps;
    }

    /** Returns {@code eta / sqrt(1 + floor(t / everySteps))}. */
    @Override
    double rateAt(long t) {
      return eta / Math.sqrt(1.0 + (double) (t / everySteps));
    }

    @Override
    double[] settings() {
      return new double[] {eta, everySteps};
    }

    /** For example {@code inverse-sqrt(0.1)}, or {@code inverse-sqrt(0.1, every 400 steps)}. */
    @Override
    public String toString() {
      return everySteps == 1 ? "inverse-sqrt(" + eta + ")" : "inverse-sqrt(" + eta + ", every " + everySteps + " steps)";
    }
  }

  /** The schedule {@code eta * factor^floor(t / everySteps)}; build with {@link LearningRates#stepDecay}. */
  public static final class StepDecay extends FromInitialRate {
    private static final long serialVersionUID = 1L;
    private final double factor;
    private final long everySteps;

    private StepDecay(double eta, double factor, long everySteps) {
      super(eta);
      this.factor = factor;
      this.everySteps = everySteps;
    }

    /** Returns {@code eta * factor^floor(t / everySteps)}. */
    @Override
    double rateAt(long t) {
      return eta * Math.pow(factor, (double) (t / everySteps));
    }

    /** The decay multiplier, in {@code (0, 1]}. */
    public double factor() {
      return factor;
    }

    /** The number of steps between decays. */
    public long everySteps() {
      return everySteps;
    }

    @Override
    double[] settings() {
      return new double[] {eta, factor, everySteps};
    }

    /** For example {@code step(0.1, factor=0.5, everySteps=100)}. */
    @Override
    public String toString() {
      return "step(" + eta + ", factor=" + factor + ", everySteps=" + everySteps + ")";
    }
  }

  /** The schedule {@code base.rate(offset + t)}; build with {@link LearningRates#shifted}. */
  public record Shifted(LearningRateSchedule base, long offset) implements LearningRateSchedule {
    @Override
    public double rate(long t) {
      return base.rate(offset + t);
    }

    @Override
    public double initialRate() {
      return base.initialRate();
    }
  }
}
