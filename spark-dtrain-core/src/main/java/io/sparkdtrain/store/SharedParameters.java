package io.sparkdtrain.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One flat {@code double[]} of parameters that several threads read and update at once without
 * locks: the array of Hogwild! (Niu, Recht, Re and Wright, "HOGWILD!: A Lock-Free Approach to
 * Parallelizing Stochastic Gradient Descent", NIPS 2011). Every update is an {@link #add} of one
 * coordinate, and a sparse example touches only its own non-zeros.
 *
 * <p><b>What the Java memory model promises.</b> Concurrent plain reads and writes of the same
 * element form a data race. JLS 17.7 allows a non-volatile {@code double} write to be split into two
 * 32-bit halves, so a racing reader may in principle see a torn value; 64-bit HotSpot on x86-64 and
 * AArch64 writes doubles with single 64-bit instructions, so tearing does not occur in practice, but
 * that is an implementation property, not a guarantee. A plain read-add-write ({@code w[i] += d}) is
 * never atomic: two threads adding to the same element can lose one of the two additions. Hogwild!
 * tolerates both lost updates and stale reads; its analysis needs only that updates are sparse and
 * collisions rare. Nothing orders plain writes of one thread before reads of another, so visibility
 * between threads is eventual in practice, not promised; the round structure (a refresh under a lock,
 * published through a volatile round stamp in {@link LocalParameterRegistry}) gives the
 * happens-before edges that matter.
 *
 * <p><b>Access modes</b> ({@link Access}), measured by {@link AccessModeBenchmark} (numbers in
 * {@code docs/hogwild.md}):
 * <ul>
 *   <li>{@link Access#PLAIN}: ordinary array reads and writes; the JIT may keep values in registers
 *       and vectorise; torn values are excluded only by the JVM implementation; lost updates possible.
 *   <li>{@link Access#OPAQUE}: {@code VarHandle.getOpaque/setOpaque}: each access is bitwise atomic
 *       (no torn doubles, guaranteed by the specification) and coherent per element, with no ordering
 *       fences; on x86-64 it compiles to the same plain moves, but the JIT may not merge or hoist them.
 *       Lost updates remain possible (read and write are two accesses).
 *   <li>{@link Access#ATOMIC}: a {@code compareAndSet} loop per add (the double's raw bits are
 *       compared): no lost updates, at the price of a locked instruction per coordinate and retries
 *       under contention.
 * </ul>
 * The default is {@link Access#PLAIN}, as in the paper's C++ implementation: it is the fastest, and
 * the guarantees OPAQUE or ATOMIC add are ones Hogwild! does not need. The locked comparison of the
 * paper (a lock held for a whole example) is a separate switch of the strategy, not an access mode.
 */
public final class SharedParameters {
  private static final VarHandle ELEMENTS = MethodHandles.arrayElementVarHandle(double[].class);

  /** How elements are read and written. */
  public enum Access {
    /** Plain array access: racy, fastest. */
    PLAIN,
    /** {@code VarHandle} opaque access: racy but bitwise atomic per element. */
    OPAQUE,
    /** Compare-and-set loop per add: no lost updates. */
    ATOMIC
  }

  private final double[] values;
  private final Access access;

  /** A zero array of {@code dimension} parameters accessed with {@code access}. */
  public SharedParameters(int dimension, Access access) {
    if (dimension < 1) {
      throw new IllegalArgumentException("Cannot set dimension to " + dimension + ", the value must be >= 1");
    }
    if (access == null) {
      throw new IllegalArgumentException("Cannot set access to null");
    }
    this.values = new double[dimension];
    this.access = access;
  }

  /** The number of parameters. */
  public int dimension() {
    return values.length;
  }

  /** The access mode. */
  public Access access() {
    return access;
  }

  /**
   * The backing array in {@link Access#PLAIN} mode, for inner loops that index it directly (the
   * same racy plain accesses as {@link #get}/{@link #update}, minus the mode dispatch); {@code null}
   * in the other modes.
   */
  public double[] plainArray() {
    return access == Access.PLAIN ? values : null;
  }

  /** Element {@code i}. */
  public double get(int i) {
    return access == Access.PLAIN ? values[i] : (double) ELEMENTS.getOpaque(values, i);
  }

  /** Adds {@code delta} to element {@code i} (atomically only in {@link Access#ATOMIC} mode). */
  public void add(int i, double delta) {
    switch (access) {
      case PLAIN -> values[i] += delta;
      case OPAQUE -> ELEMENTS.setOpaque(values, i, (double) ELEMENTS.getOpaque(values, i) + delta);
      default -> {
        double old;
        do {
          old = (double) ELEMENTS.getVolatile(values, i);
        } while (!ELEMENTS.compareAndSet(values, i, old, old + delta));
      }
    }
  }

  /**
   * Sets element {@code i} to {@code read + delta}, where {@code read} is what this thread just got
   * from {@link #get}: one write instead of {@link #add}'s read and write in the racy modes (a
   * concurrent add between the two is lost, as with {@code add}); in {@link Access#ATOMIC} mode a
   * compare-and-set from {@code read}, retried as an atomic add when another thread intervened.
   */
  public void update(int i, double read, double delta) {
    switch (access) {
      case PLAIN -> values[i] = read + delta;
      case OPAQUE -> ELEMENTS.setOpaque(values, i, read + delta);
      default -> {
        if (!ELEMENTS.compareAndSet(values, i, read, read + delta)) {
          add(i, delta);
        }
      }
    }
  }

  /** {@code sum_p val[p] * this[offset + idx[p]]} over {@code p in [from, to)}. */
  public double dot(int[] idx, double[] val, int from, int to, int offset) {
    double s = 0.0;
    if (access == Access.PLAIN) {
      for (int p = from; p < to; p++) {
        s += val[p] * values[offset + idx[p]];
      }
    } else {
      for (int p = from; p < to; p++) {
        s += val[p] * (double) ELEMENTS.getOpaque(values, offset + idx[p]);
      }
    }
    return s;
  }

  /**
   * Overwrites every element with {@code source}. Not safe against concurrent updates: callers hold
   * the slot's lock and publish the refresh through a volatile write (see
   * {@link LocalParameterRegistry.Slot#forRound}).
   */
  public void copyFrom(double[] source) {
    if (source.length != values.length) {
      throw new IllegalArgumentException("source has length " + source.length
          + " but the shared array has " + values.length);
    }
    System.arraycopy(source, 0, values, 0, values.length);
  }

  /** A copy of the current values (racy with concurrent writers, as every Hogwild! read is). */
  public double[] snapshot() {
    return values.clone();
  }

  @Override
  public String toString() {
    return "SharedParameters(dimension=" + values.length + ", access=" + access + ")";
  }
}
