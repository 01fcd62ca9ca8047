package io.sparkdtrain.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The executor-local side of Hogwild! (Niu, Recht, Re and Wright, NIPS 2011): a JVM-wide registry
 * holding, per training run, one {@link SharedParameters} array that every task thread of this JVM
 * (executor, or the driver in {@code local[N]} mode) updates in place. Keyed by a run id the driver
 * makes up, so concurrent runs in one long-lived session (a notebook) never share arrays.
 *
 * <p><b>Life cycle.</b> A task calls {@link #acquire} (which counts it as active on the slot), then
 * {@link Slot#forRound}, and {@link Slot#finishTask} when it ends, also when it throws. The driver
 * calls {@link #release} when the run ends, returns or throws, and on a cluster runs one release
 * task per partition. Three rules make sure no array outlives its run:
 * <ul>
 *   <li><b>No creation after release.</b> {@link #release} replaces the slot by a tombstone in one
 *       atomic map operation, and {@link #acquire} creates a slot only inside the map's atomic
 *       {@code compute}: a straggling task of a released run finds the tombstone and fails with
 *       {@link IllegalStateException} ("already released"); there is no window between a check and
 *       the creation. A tombstone (a few dozen bytes) is kept {@value #TOMBSTONE_HOURS} hour, and at most
 *       the last {@value #MAX_TOMBSTONES} are kept; a task of an older run would re-create an array
 *       that the lease then drops.
 *   <li><b>Lease.</b> An array that no task of this JVM has used for the lease
 *       ({@code -Ddtrain.hogwild.leaseSeconds}, default {@value #DEFAULT_LEASE_SECONDS} s) and that no
 *       running task holds is dropped by a sweep that runs on every {@link #acquire} and
 *       {@link #release} and every quarter lease on one daemon thread per JVM (which stops when the
 *       JVM holds no array any more)
 *       ({@value #SWEEPER_THREAD}). So an executor that the driver's release tasks do not reach drops
 *       the array one lease after the run's last task there. Dropping the array of a run that is
 *       still going (the driver spent longer than the lease between two rounds) costs only a new
 *       allocation: every round starts by copying the round's model into the array.
 *   <li><b>Killed tasks stop.</b> The row loops check {@link org.apache.spark.TaskContext#isInterrupted()}
 *       and the slot's round every few hundred rows (see {@code HogwildWorker.checkLive}), so a
 *       killed or superseded (speculative) task stops writing into the array within a bounded
 *       number of rows.
 * </ul>
 */
public final class LocalParameterRegistry {
  static final long DEFAULT_LEASE_SECONDS = 120;
  static final long TOMBSTONE_HOURS = 1;
  static final int MAX_TOMBSTONES = 4096;
  static final String SWEEPER_THREAD = "dtrain-hogwild-lease";
  static final long LEASE_NANOS = TimeUnit.SECONDS.toNanos(
      Long.getLong("dtrain.hogwild.leaseSeconds", DEFAULT_LEASE_SECONDS));
  private static final long TOMBSTONE_NANOS = TimeUnit.HOURS.toNanos(TOMBSTONE_HOURS);

  /** A live slot, or the tombstone of a released run ({@code slot == null}). */
  private record Entry(Slot slot, long releasedAt) {}

  private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();
  private static volatile ScheduledExecutorService sweeper;

  private LocalParameterRegistry() {}

  /**
   * The run's slot in this JVM, created on first use, with the calling task counted as active on it
   * until it calls {@link Slot#finishTask}.
   *
   * @throws IllegalStateException if the run was released, or exists with another dimension or mode
   */
  public static Slot acquire(String runId, int dimension, SharedParameters.Access access) {
    Slot slot = startTask(runId, () -> new Slot(new SharedParameters(dimension, access), null), "shared array");
    if (slot.params == null || slot.params.dimension() != dimension || slot.params.access() != access) {
      slot.finishTask();
      throw new IllegalStateException("training run " + runId + " holds " + (slot.params != null ? slot.params
          : slot.shared) + " but a task asked for dimension " + dimension + " and access " + access);
    }
    return slot;
  }

  /**
   * Like {@link #acquire(String, int, SharedParameters.Access)} for state of another shape (word2vec's
   * float embedding tables and negative table): the run's slot holds the object {@code create} makes
   * on first use in this JVM (called inside the registry's atomic creation), under the same rules
   * (tombstone, lease, release). Read it with {@link Slot#shared}, refresh it with {@link Slot#refresh}.
   *
   * @throws IllegalStateException if the run was released, or holds a {@link SharedParameters} array
   */
  public static Slot acquireShared(String runId, Supplier<?> create) {
    Slot slot = startTask(runId, () -> new Slot(null, create.get()), "shared state");
    if (slot.shared == null) {
      slot.finishTask();
      throw new IllegalStateException("training run " + runId + " holds " + slot.params + ", not shared state");
    }
    return slot;
  }

  /**
   * The run's slot with one more task started on it: created by {@code fresh} on first use in this
   * JVM, inside the registry's atomic compute, so a released run (tombstone) is never re-created.
   *
   * @param state what the slot holds, for the message ("shared array", "shared state")
   * @throws IllegalStateException if the run was released in this JVM
   */
  private static Slot startTask(String runId, Supplier<Slot> fresh, String state) {
    long now = System.nanoTime();
    sweep(now);
    Entry entry = ENTRIES.compute(runId, (id, old) -> {
      if (old == null) {
        old = new Entry(fresh.get(), 0L);
      }
      if (old.slot() != null) {
        old.slot().startTask(now);
      }
      return old;
    });
    Slot slot = entry.slot();
    if (slot == null) {
      throw new IllegalStateException("training run " + runId + " was already released in this JVM: a task"
          + " of a finished run (a straggling or speculative copy) cannot re-create its " + state);
    }
    startSweeper();
    return slot;
  }

  /** Drops the run's array and leaves a tombstone; returns whether this JVM held one. Idempotent. */
  public static boolean release(String runId) {
    long now = System.nanoTime();
    Entry old = ENTRIES.put(runId, new Entry(null, now));
    sweep(now);
    stopSweeperIfIdle(true);
    return old != null && old.slot() != null;
  }

  /** The ids of the runs whose arrays this JVM holds now (for tests and leak checks). */
  public static Set<String> heldRuns() {
    Set<String> held = new TreeSet<>();
    ENTRIES.forEach((id, e) -> {
      if (e.slot() != null) {
        held.add(id);
      }
    });
    return held;
  }

  /**
   * Drops the arrays idle for longer than the lease at time {@code now} ({@link System#nanoTime})
   * with no task holding them, and the tombstones older than {@value #TOMBSTONE_HOURS} hour;
   * returns how many arrays it dropped. Each removal is atomic with its test.
   */
  static int sweep(long now) {
    int dropped = 0;
    for (Map.Entry<String, Entry> e : ENTRIES.entrySet()) {
      Entry seen = e.getValue();
      boolean expired = seen.slot() == null ? now - seen.releasedAt() > TOMBSTONE_NANOS : seen.slot().expired(now);
      if (expired && ENTRIES.computeIfPresent(e.getKey(), (id, cur) -> cur != seen
          || (cur.slot() == null ? now - cur.releasedAt() <= TOMBSTONE_NANOS : !cur.slot().expired(now))
          ? cur : null) == null) {
        dropped += seen.slot() == null ? 0 : 1;
      }
    }
    dropOldestTombstones();
    return dropped;
  }

  private static void dropOldestTombstones() {
    List<Map.Entry<String, Entry>> tombstones = new ArrayList<>();
    for (Map.Entry<String, Entry> e : ENTRIES.entrySet()) {
      if (e.getValue().slot() == null) {
        tombstones.add(e);
      }
    }
    if (tombstones.size() > MAX_TOMBSTONES) {
      tombstones.sort(Comparator.comparingLong(e -> e.getValue().releasedAt()));
      for (Map.Entry<String, Entry> e : tombstones.subList(0, tombstones.size() - MAX_TOMBSTONES)) {
        ENTRIES.remove(e.getKey(), e.getValue());
      }
    }
  }

  /** The number of released runs remembered (for leak checks: bounded by {@value #MAX_TOMBSTONES}). */
  public static int tombstones() {
    int n = 0;
    for (Entry e : ENTRIES.values()) {
      n += e.slot() == null ? 1 : 0;
    }
    return n;
  }

  private static void startSweeper() {
    if (sweeper != null) {
      return;
    }
    synchronized (LocalParameterRegistry.class) {
      if (sweeper == null) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
          Thread t = new Thread(r, SWEEPER_THREAD);
          t.setDaemon(true);
          return t;
        });
        long period = Math.max(1, LEASE_NANOS / 4);
        s.scheduleWithFixedDelay(() -> {
          sweep(System.nanoTime());
          stopSweeperIfIdle(false);
        }, period, period, TimeUnit.NANOSECONDS);
        sweeper = s;
      }
    }
  }

  /**
   * Stops the sweeper thread once this JVM holds no array (after the last release, or when the last
   * array expired), so no thread of ours outlives the runs; the next {@code acquire} starts it
   * again. With {@code wait}, returns after the thread has ended (not from the sweeper itself).
   */
  private static void stopSweeperIfIdle(boolean wait) {
    ScheduledExecutorService s;
    synchronized (LocalParameterRegistry.class) {
      if (sweeper == null || !heldRuns().isEmpty()) {
        return;
      }
      s = sweeper;
      sweeper = null;
    }
    s.shutdownNow();
    if (wait) {
      try {
        s.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * One run's shared array with its round stamp. The first task of a round copies the round's
   * broadcast model into the array; later tasks of that round (and every task that finds the stamp
   * already current) use the array as the others left it.
   */
  public static final class Slot {
    private final SharedParameters params;
    private final Object shared;
    private final AtomicLong sequence = new AtomicLong();
    private volatile int round = Integer.MIN_VALUE;
    // guarded by this slot's monitor
    private int activeTasks;
    private long lastUsed;

    private Slot(SharedParameters params, Object shared) {
      this.params = params;
      this.shared = shared;
    }

    /** The state {@link #acquireShared} created ({@code null} for a {@link SharedParameters} slot). */
    public Object shared() {
      return shared;
    }

    /**
     * Runs {@code copyIn} if this is the first call for {@code round} in this JVM, under the slot's
     * lock, and publishes it by the volatile round stamp (as {@link #forRound} does).
     */
    public void refresh(int round, Runnable copyIn) {
      if (this.round == round) {
        return;
      }
      synchronized (this) {
        if (this.round != round) {
          copyIn.run();
          this.round = round;
        }
      }
    }

    private synchronized void startTask(long now) {
      activeTasks++;
      lastUsed = now;
    }

    private synchronized boolean expired(long now) {
      return activeTasks == 0 && now - lastUsed > LEASE_NANOS;
    }

    /** Ends the calling task's hold on the slot (the lease counts from the last task's end). */
    public void finishTask() {
      synchronized (this) {
        activeTasks = Math.max(0, activeTasks - 1);
        lastUsed = System.nanoTime();
      }
    }

    /**
     * The array, refreshed from {@code model} if this is the first call for {@code round} in this
     * JVM. The copy runs under the slot's lock and is published by the volatile round stamp, so a
     * task that sees the stamp also sees every copied element (JLS 17.4.5 happens-before through a
     * volatile write and read).
     */
    public SharedParameters forRound(int round, Supplier<double[]> model) {
      refresh(round, () -> params.copyFrom(model.get()));
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
