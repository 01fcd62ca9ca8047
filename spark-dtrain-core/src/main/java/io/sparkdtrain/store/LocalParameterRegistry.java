package io.sparkdtrain.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The executor-local side of Hogwild!: a JVM-wide registry holding, per training run, one
 * {@link SharedParameters} array that every task thread of this JVM (executor, or the driver in
 * {@code local[N]} mode) updates in place. Keyed by a run id the driver makes up, so concurrent runs
 * in one long-lived session (a notebook) never share or see each other's arrays.
 *
 * <p>Life cycle: tasks call {@link #acquire} then {@link Slot#forRound}; the driver calls
 * {@link #release} when the run ends, returns or throws (and, on a cluster, runs one release task
 * per partition so every executor drops its copy). A released id is remembered (the last
 * {@value #TOMBSTONES} ids), so a straggling task of a failed run cannot re-create the array and leak
 * it: {@link #acquire} of a released id throws {@link IllegalStateException}.
 */
public final class LocalParameterRegistry {
  static final int TOMBSTONES = 1024;
  private static final Map<String, Slot> SLOTS = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> RELEASED = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > TOMBSTONES;
        }
      });

  private LocalParameterRegistry() {}

  /**
   * The run's slot in this JVM, created on first use.
   *
   * @throws IllegalStateException if the run was released, or exists with another dimension or mode
   */
  public static Slot acquire(String runId, int dimension, SharedParameters.Access access) {
    if (RELEASED.containsKey(runId)) {
      throw new IllegalStateException("training run " + runId + " was already released in this JVM");
    }
    Slot slot = SLOTS.computeIfAbsent(runId, id -> new Slot(new SharedParameters(dimension, access)));
    if (slot.params.dimension() != dimension || slot.params.access() != access) {
      throw new IllegalStateException("training run " + runId + " holds " + slot.params
          + " but a task asked for dimension " + dimension + " and access " + access);
    }
    return slot;
  }

  /** Drops the run's array; returns whether this JVM held one. Idempotent. */
  public static boolean release(String runId) {
    RELEASED.put(runId, Boolean.TRUE);
    return SLOTS.remove(runId) != null;
  }

  /** The ids of the runs whose arrays this JVM holds now (for tests and leak checks). */
  public static Set<String> heldRuns() {
    return new TreeSet<>(SLOTS.keySet());
  }

  /**
   * One run's shared array with its round stamp. The first task of a round copies the round's
   * broadcast model into the array; later tasks of that round (and every task that finds the stamp
   * already current) use the array as the others left it.
   */
  public static final class Slot {
    private final SharedParameters params;
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
    private volatile int round = Integer.MIN_VALUE;

    private Slot(SharedParameters params) {
      this.params = params;
    }

    /**
     * The array, refreshed from {@code model} if this is the first call for {@code round} in this
     * JVM. The copy runs under the slot's lock and is published by the volatile round stamp, so a
     * task that sees the stamp also sees every copied element (JLS 17.4.5 happens-before through a
     * volatile write and read).
     */
    public SharedParameters forRound(int round, Supplier<double[]> model) {
      if (this.round == round) {
        return params;
      }
      synchronized (this) {
        if (this.round != round) {
          params.copyFrom(model.get());
          this.round = round;
        }
      }
      return params;
    }

    /**
     * The next number of this JVM's counter for the run. A task takes one after its last update and
     * before reading the values it ships; the atomic increment orders it after every task that took
     * a smaller number (their updates happen-before its reads), which is what lets the driver keep,
     * per coordinate, the value of the highest-numbered task as the executor's final value.
     */
    public long nextSequence() {
      return sequence.incrementAndGet();
    }

    /** The lock of the locked variant (held for one whole example). */
    public Object updateLock() {
      return params;
    }

    /** The round last copied in, {@code Integer.MIN_VALUE} before the first. */
    public int round() {
      return round;
    }
  }
}
