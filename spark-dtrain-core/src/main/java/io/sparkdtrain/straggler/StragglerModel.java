package io.sparkdtrain.straggler;

import java.io.Serializable;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

/**
 * A seeded straggler scenario: which workers are slow and by how much. Immutable, serializable, and
 * shipped to executors inside task closures. Built with {@link #builder()}; {@link #NONE} is the
 * "real" scenario (nothing injected, workers run at the speed the cluster gives them).
 *
 * <p>The model of delay is sleeping. A worker with slowdown factor {@code f} that measured
 * {@code c} nanoseconds of compute in a step sleeps a further {@code (f - 1) x c}, so its step takes
 * {@code f} times as long, as if it ran on an {@code f}-times slower machine. A worker with a fixed
 * pause of {@code p} milliseconds sleeps {@code p} ms more in every step, whatever its compute took (a
 * slow link or a node that keeps pausing: a delay that does not shrink on a faster machine). On top of that, an
 * optional random extra delay, exponential with mean {@code meanMs}, is drawn for every worker and
 * step from a generator seeded by {@code (seed, worker, step)}: the same scenario gives the same
 * delays in every run and every strategy. The injected sleep is part of the worker's measured
 * compute time and is reported separately as the injected delay.
 *
 * <p>A factor of 1 and no random delay inject nothing: the model is {@linkplain #isNone() none} and
 * the computation is untouched (sleeping never changes the arithmetic, so the trained model is
 * bitwise identical with or without a straggler model).
 *
 * <p>Workers are the partition indices (or clients) of a strategy; steps are its rounds (sync,
 * local SGD, FedAvg) or a worker's job count (asynchronous strategies).
 */
public final class StragglerModel implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No injected delay. */
  public static final StragglerModel NONE = builder().build();

  private final TreeMap<Integer, Double> factors;
  private final TreeMap<Integer, Double> pausesMs;
  private final double meanDelayMs;
  private final long seed;

  private StragglerModel(Builder b) {
    this.factors = new TreeMap<>(b.factors);
    this.factors.values().removeIf(f -> f == 1.0);
    this.pausesMs = new TreeMap<>(b.pausesMs);
    this.pausesMs.values().removeIf(ms -> ms == 0.0);
    this.meanDelayMs = b.meanDelayMs;
    this.seed = b.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The slowdown factor of {@code worker} (1 when it is not slowed). */
  public double factor(int worker) {
    return factors.getOrDefault(worker, 1.0);
  }

  /** Slowed workers and their factors (factors of 1 left out), by worker. */
  public Map<Integer, Double> factors() {
    return Collections.unmodifiableMap(factors);
  }

  /** The fixed pause of {@code worker} per step in milliseconds (0 when it has none). */
  public double pauseMs(int worker) {
    return pausesMs.getOrDefault(worker, 0.0);
  }

  /** Workers with a fixed pause and their pauses in milliseconds (pauses of 0 left out), by worker. */
  public Map<Integer, Double> pausesMs() {
    return Collections.unmodifiableMap(pausesMs);
  }

  /** Every worker this scenario slows by a factor or a pause. */
  public SortedSet<Integer> slowedWorkers() {
    TreeSet<Integer> out = new TreeSet<>(factors.keySet());
    out.addAll(pausesMs.keySet());
    return Collections.unmodifiableSortedSet(out);
  }

  /** Mean of the exponential extra delay in milliseconds; 0 = none. */
  public double meanDelayMs() {
    return meanDelayMs;
  }

  public long seed() {
    return seed;
  }

  /** True when this model never injects anything. */
  public boolean isNone() {
    return factors.isEmpty() && pausesMs.isEmpty() && meanDelayMs == 0;
  }

  /**
   * The random extra delay of {@code worker} at {@code step} in nanoseconds: exponential with mean
   * {@link #meanDelayMs()}, the same for the same {@code (seed, worker, step)}.
   */
  public long extraDelayNanos(int worker, long step) {
    if (meanDelayMs == 0) {
      return 0;
    }
    long mixed = seed * 0x9E3779B97F4A7C15L + worker * 0xC2B2AE3D27D4EB4FL + step * 0x165667B19E3779F9L;
    double u = new SplittableRandom(mixed).nextDouble();
    return Math.round(-Math.log1p(-u) * meanDelayMs * 1e6);
  }

  /**
   * The delay to inject for {@code worker} at {@code step} after it measured {@code computeNanos}
   * of its own work: {@code (factor - 1) x computeNanos} plus its fixed pause plus the random extra delay.
   */
  public long delayNanos(int worker, long step, long computeNanos) {
    double f = factor(worker);
    long slow = f > 1 ? Math.round((f - 1) * computeNanos) : 0;
    return slow + Math.round(pauseMs(worker) * 1e6) + extraDelayNanos(worker, step);
  }

  /**
   * Sleeps the delay of {@link #delayNanos} and returns the nanoseconds actually slept (0 without
   * a delay). Interruption ends the sleep early (the thread's interrupt flag stays set).
   */
  public long inject(int worker, long step, long computeNanos) {
    long delay = delayNanos(worker, step, computeNanos);
    if (delay <= 0) {
      return 0;
    }
    long t0 = System.nanoTime();
    long deadline = t0 + delay;
    for (long left = delay; left > 0 && !Thread.currentThread().isInterrupted();
         left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    return System.nanoTime() - t0;
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "StragglerModel(none)";
    }
    StringBuilder s = new StringBuilder("StragglerModel(factors=");
    s.append(factors.isEmpty() ? "{}" : factors.toString());
    if (!pausesMs.isEmpty()) {
      s.append(", pausesMs=").append(pausesMs);
    }
    s.append(", meanDelayMs=").append(meanDelayMs).append(", seed=").append(seed).append(')');
    return s.toString();
  }

  /** Mutable builder; {@link #build()} returns the immutable model. */
  public static final class Builder {
    private final TreeMap<Integer, Double> factors = new TreeMap<>();
    private final TreeMap<Integer, Double> pausesMs = new TreeMap<>();
    private double meanDelayMs;
    private long seed = 42L;

    private Builder() {}

    /** Makes {@code worker} {@code factor} times slower (factor >= 1; 1 = not slowed). */
    public Builder slow(int worker, double factor) {
      if (worker < 0) {
        throw new IllegalArgumentException("Cannot set straggler worker to " + worker
            + ", the value must be >= 0 (a partition index)");
      }
      if (!(factor >= 1) || !Double.isFinite(factor)) {
        throw new IllegalArgumentException("Cannot set the slowdown factor of worker " + worker + " to "
            + factor + ", the value must be finite and >= 1");
      }
      factors.put(worker, factor);
      return this;
    }

    /**
     * Makes {@code worker} sleep a further {@code ms} milliseconds in every step, whatever its compute
     * took (ms >= 0; 0 = no pause).
     */
    public Builder pause(int worker, double ms) {
      if (worker < 0) {
        throw new IllegalArgumentException("Cannot set straggler worker to " + worker
            + ", the value must be >= 0 (a partition index)");
      }
      if (!(ms >= 0) || !Double.isFinite(ms)) {
        throw new IllegalArgumentException("Cannot set the pause of worker " + worker + " to " + ms
            + " ms, the value must be finite and >= 0");
      }
      pausesMs.put(worker, ms);
      return this;
    }

    /**
     * Parses {@code WORKER:FACTOR} (for example {@code 2:4}; applies {@link #slow}) or
     * {@code WORKER:+MSms} (for example {@code 2:+150ms}; applies {@link #pause}).
     */
    public Builder slow(String spec) {
      String[] parts = spec.trim().split(":");
      try {
        if (parts.length == 2) {
          int worker = Integer.parseInt(parts[0].trim());
          String value = parts[1].trim();
          if (value.startsWith("+") && value.endsWith("ms")) {
            return pause(worker, Double.parseDouble(value.substring(1, value.length() - 2)));
          }
          if (!value.startsWith("+")) {
            return slow(worker, Double.parseDouble(value));
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("Cannot parse straggler '" + spec + "', expected WORKER:FACTOR (for "
          + "example 2:4: worker 2 is 4x slower) or WORKER:+MSms (for example 2:+150ms: worker 2 sleeps 150 ms "
          + "more per step)");
    }

    /** Adds an exponential extra delay with mean {@code meanMs} to every worker's step (0 = none). */
    public Builder exponentialDelay(double meanMs) {
      if (!(meanMs >= 0) || !Double.isFinite(meanMs)) {
        throw new IllegalArgumentException("Cannot set the mean straggler delay to " + meanMs
            + " ms, the value must be finite and >= 0");
      }
      this.meanDelayMs = meanMs;
      return this;
    }

    /** Parses a delay spec: {@code none} or {@code exp:MEAN_MS} (for example {@code exp:20}). */
    public Builder delay(String spec) {
      String s = spec.trim().toLowerCase(Locale.ROOT);
      if (s.equals("none")) {
        return exponentialDelay(0);
      }
      if (s.startsWith("exp:")) {
        try {
          return exponentialDelay(Double.parseDouble(s.substring(4)));
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      throw new IllegalArgumentException("Cannot parse straggler delay '" + spec
          + "', expected none or exp:MEAN_MS (for example exp:20)");
    }

    /** Seed of the random delays (use the run's seed). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public StragglerModel build() {
      return new StragglerModel(this);
    }
  }
}
