package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.engine.Round;
import io.sparkdtrain.events.EventLog;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.store.ParameterStore;
import io.sparkdtrain.store.SparseDelta;
import io.sparkdtrain.store.SparseDeltaAccumulator;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The driver side that {@link HogwildSgd} and {@link HogwildMf} share: one run id, the versioned
 * {@link ParameterStore} fed by a registered {@link SparseDeltaAccumulator}, and the round.
 *
 * <p>A round ({@link Round}) broadcasts the store's weights, runs one timed task per partition (each task refreshes its
 * executor's shared array from the broadcast, once per executor per round, runs its Hogwild! steps
 * on it and adds its sparse delta to the accumulator), destroys the broadcast, then applies the
 * executors' changes. An executor's change is assembled from its tasks' deltas, each the executor's
 * cumulative change on the task's coordinates when the task ended, keeping per coordinate the latest
 * ({@link #latestPerCoordinate}); see {@link HogwildWorker} for why that is the executor's final
 * array. In {@code local[N]} there is one executor and the store equals the shared array after every
 * round, lost updates included. On a cluster the executors' changes are combined by
 * {@link ExecutorMerge}: per coordinate, their work-weighted average times a factor between 1 and the
 * number of executors that touched it, measured from the tasks' mid-round deltas, so that a round
 * moves the model about as far as one array receiving every executor's updates would have (the sum
 * of the changes where the gradient stayed about constant over the round, their average where each
 * executor converged). The deterministic mode combines its tasks' own changes with
 * {@link #weightedByWork}.
 *
 * <p>{@link #close()} releases the run's arrays: in this JVM directly, and on a cluster by one
 * release task per partition; executors it does not reach drop the array when its lease ends (see
 * {@link LocalParameterRegistry}).
 */
final class HogwildRun implements AutoCloseable {

  /**
   * One task's work in a round: Hogwild! steps on its partition; returns its delta (and, on a
   * cluster, its mid-round delta for {@link ExecutorMerge}).
   */
  interface RoundTask<E> extends Serializable {
    List<SparseDelta> run(Iterator<E> data, int round, long readVersion, double[] model);
  }

  /**
   * What a round did; {@code mergeBytes} and {@code mergeNanos}: the heap the driver allocated and the
   * time it took to combine the round's deltas into one change ({@code mergeBytes} -1 where the JVM
   * does not count allocations per thread).
   */
  record RoundStats(long updates, long bytesUp, int deltas, int executors, long maxTaskNanos, long mergeBytes,
                    long mergeNanos) {}

  private final JavaSparkContext sc;
  private final String runId = "hogwild-" + UUID.randomUUID();
  private final ParameterStore store;
  private final SparseDeltaAccumulator accumulator;
  private final boolean perTask;
  private JavaRDD<?> lastTasks;

  /**
   * @param perTask deterministic mode ({@link HogwildConfig#deterministic()}): every delta is one
   *     task's own change (its sequence is its partition) and the round combines the tasks' changes
   *     in partition order ({@link #perTaskChanges}), not the executors' arrays
   */
  HogwildRun(JavaSparkContext sc, double[] initial, boolean perTask) {
    this.sc = sc;
    this.perTask = perTask;
    this.store = new ParameterStore(initial);
    this.accumulator = new SparseDeltaAccumulator(store);
    sc.sc().register(accumulator, "dtrain-hogwild-deltas");
  }

  String runId() {
    return runId;
  }

  ParameterStore store() {
    return store;
  }

  /** {@link #round(int, JavaRDD, RoundTask, Round)} without worker events nor stragglers. */
  <E> RoundStats round(int round, JavaRDD<E> tasks, RoundTask<E> task) {
    return round(round, tasks, task, new Round(sc, new EventLog("hogwild"), null));
  }

  /**
   * One round through {@code rounds}: every task timed (the straggler delay injected at its end)
   * and the round's barrier recorded in its event log; the deltas travel through the accumulator.
   */
  <E> RoundStats round(int round, JavaRDD<E> tasks, RoundTask<E> task, Round rounds) {
    lastTasks = tasks;
    long version = store.version();
    SparseDeltaAccumulator acc = accumulator;
    double[] model = store.snapshot();
    rounds.timedCollect(round, model, tasks, 8L * model.length, bytes -> bytes, (partition, it, current) -> {
      long shipped = 0;
      for (SparseDelta delta : task.run(it, round, version, current)) {
        acc.add(delta);
        shipped += delta.bytes();
      }
      return shipped;
    });
    store.checkHealthy();
    List<SparseDelta> deltas = store.drain();
    long mergeStart = System.nanoTime();
    long allocatedBefore = allocatedBytes();
    Map<String, List<SparseDelta>> bySource = new TreeMap<>();
    Map<String, List<SparseDelta>> halvesBySource = new TreeMap<>();
    List<SparseDelta> counts = new ArrayList<>();
    long updates = 0;
    long bytes = 0;
    long maxNanos = 0;
    int ends = 0;
    for (SparseDelta d : deltas) {
      bytes += d.bytes();
      if (d.source().endsWith(ExecutorMerge.COUNT)) {
        counts.add(d);
        continue;
      }
      if (d.source().endsWith(ExecutorMerge.HALF)) {
        String executor = d.source().substring(0, d.source().length() - ExecutorMerge.HALF.length());
        halvesBySource.computeIfAbsent(executor, s -> new ArrayList<>()).add(d);
        continue;
      }
      ends++;
      bySource.computeIfAbsent(d.source(), s -> new ArrayList<>()).add(d);
      updates += d.steps();
      maxNanos = Math.max(maxNanos, d.nanos());
    }
    if (perTask) {
      for (SparseDelta change : weightedByWork(perTaskChanges(deltas, tasks.getNumPartitions(), round), scratch())) {
        store.apply(change, 1.0);
      }
    } else if (bySource.size() == 1) { // one executor (local mode): its array's change as it is
      store.apply(latestPerCoordinate(bySource.values().iterator().next(), version), 1.0);
    } else if (Boolean.getBoolean(ExecutorMerge.AVERAGE_PROPERTY)) { // benchmark: the previous merge
      for (SparseDelta change : weightedByWork(latestPerExecutor(bySource, version), scratch())) {
        store.apply(change, 1.0);
      }
    } else {
      List<SparseDelta> changes = latestPerExecutor(bySource, version);
      Map<String, SparseDelta> halves = new TreeMap<>();
      halvesBySource.forEach((executor, fromOne) -> halves.put(executor, latestPerCoordinate(fromOne, version)));
      store.apply(ExecutorMerge.combine(changes, halves, counts, version), 1.0);
    }
    long allocatedAfter = allocatedBytes();
    return new RoundStats(updates, bytes, ends, bySource.size(), maxNanos,
        allocatedBefore < 0 || allocatedAfter < 0 ? -1 : allocatedAfter - allocatedBefore, System.nanoTime() - mergeStart);
  }

  /** Each executor's change of the round ({@link #latestPerCoordinate}), in executor order. */
  private static List<SparseDelta> latestPerExecutor(Map<String, List<SparseDelta>> bySource, long version) {
    List<SparseDelta> changes = new ArrayList<>(bySource.size());
    for (List<SparseDelta> fromOne : bySource.values()) {
      changes.add(latestPerCoordinate(fromOne, version));
    }
    return changes;
  }

  /** The heap this thread has allocated so far (HotSpot's per-thread counter), -1 where not supported. */
  private static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemoryEnabled()) {
      return threads.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }

  /**
   * Zero, model-sized, for {@link #weightedByWork} (the deterministic mode; the benchmark switch
   * {@link ExecutorMerge#AVERAGE_PROPERTY}); allocated on first use.
   */
  private double[] scratch;

  private double[] scratch() {
    if (scratch == null) {
      scratch = new double[store.snapshot().length];
    }
    return scratch;
  }

  /**
   * Deterministic mode: the tasks' own changes in partition order (their sequence numbers), which
   * {@link #weightedByWork} then combines per coordinate as it combines executors. The order, the
   * weights and every value depend only on the round's model and the partitions' rows, so a round's
   * result is the same bit for bit whatever ran where, was retried or was speculated.
   *
   * @throws IllegalStateException unless exactly one delta arrived per partition (Spark merges a
   *     task's accumulator update once, from its one successful attempt)
   */
  static List<SparseDelta> perTaskChanges(List<SparseDelta> deltas, int partitions, int round) {
    List<SparseDelta> sorted = new ArrayList<>(deltas);
    sorted.sort(Comparator.comparingLong(SparseDelta::sequence));
    boolean once = sorted.size() == partitions;
    for (int p = 0; once && p < partitions; p++) {
      once = sorted.get(p).sequence() == p;
    }
    if (!once) {
      throw new IllegalStateException("Hogwild! round " + round + " (deterministic) expected one delta from each of "
          + partitions + " partitions, got the partitions " + sorted.stream().map(d -> d.sequence()).toList());
    }
    return sorted;
  }

  /**
   * One executor's change of the round from its tasks' deltas: per coordinate the value of the
   * delta with the highest sequence number (each delta carries the executor's cumulative change at
   * the time it was taken). O(T log T) for T shipped non-zeros, 16 T bytes on the driver, nothing of
   * the model's dimension; a single delta with ascending indices is taken as it is.
   */
  static SparseDelta latestPerCoordinate(List<SparseDelta> fromOne, long version) {
    fromOne.sort(Comparator.comparingLong(SparseDelta::sequence));
    long steps = 0;
    int total = 0;
    for (SparseDelta d : fromOne) {
      steps += d.steps();
      total += d.indices().length;
    }
    SparseDelta first = fromOne.get(0);
    if (fromOne.size() == 1 && ascending(first.indices())) {
      return new SparseDelta(first.source(), version, 0, steps, 0, first.indices(), first.values());
    }
    long[] keys = new long[total]; // coordinate in the high half, arrival (sequence order) in the low half
    double[] values = new double[total];
    int n = 0;
    for (SparseDelta d : fromOne) {
      for (int p = 0; p < d.indices().length; p++) {
        keys[n] = ((long) d.indices()[p] << 32) | n;
        values[n++] = d.values()[p];
      }
    }
    Arrays.sort(keys);
    int count = 0;
    for (int i = 0; i < total; i++) {
      count += i + 1 == total || (keys[i + 1] >>> 32) != (keys[i] >>> 32) ? 1 : 0;
    }
    int[] idx = new int[count];
    double[] val = new double[count];
    int c = 0;
    for (int i = 0; i < total; i++) {
      if (i + 1 == total || (keys[i + 1] >>> 32) != (keys[i] >>> 32)) { // the latest delta of the coordinate
        idx[c] = (int) (keys[i] >>> 32);
        val[c++] = values[(int) keys[i]];
      }
    }
    return new SparseDelta(first.source(), version, 0, steps, 0, idx, val);
  }

  private static boolean ascending(int[] idx) {
    for (int p = 1; p < idx.length; p++) {
      if (idx[p] <= idx[p - 1]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The executors' changes weighted by the work behind them, per coordinate: executor e's change of
   * coordinate j gets weight {@code s_e / sum of s_f over the executors f that changed j}, with
   * {@code s_e} the rows (updates) e's array received in the round. So a coordinate that one executor
   * alone trained keeps that executor's whole change (as in {@code local[N]}, where every thread
   * writes into one array), a coordinate that all trained gets their work-weighted average, and task
   * placement (one executor running more tasks than another) does not change the effective step.
   * {@code scratch} (zero, model-sized) is left zero.
   */
  static List<SparseDelta> weightedByWork(List<SparseDelta> changes, double[] scratch) {
    if (changes.size() == 1) {
      return changes; // weight 1 on every coordinate: local[N] applies the array's change as it is
    }
    for (SparseDelta c : changes) {
      WorkWeights.addWork(c.indices(), c.steps(), scratch);
    }
    List<SparseDelta> out = new ArrayList<>(changes.size());
    for (SparseDelta c : changes) {
      int[] idx = c.indices();
      double[] val = new double[idx.length];
      for (int p = 0; p < idx.length; p++) {
        val[p] = c.values()[p] * WorkWeights.share(c.steps(), scratch[idx[p]]);
      }
      out.add(new SparseDelta(c.source(), c.readVersion(), c.sequence(), c.steps(), c.nanos(), idx, val));
    }
    for (SparseDelta c : changes) {
      for (int j : c.indices()) {
        scratch[j] = 0.0;
      }
    }
    return out;
  }

  /** Releases the run's shared arrays everywhere; never throws. */
  @Override
  public void close() {
    LocalParameterRegistry.release(runId);
    if (!perTask && !sc.isLocal() && lastTasks != null) { // deterministic tasks hold no array
      String id = runId;
      try {
        lastTasks.foreachPartition(it -> LocalParameterRegistry.release(id));
      } catch (RuntimeException e) {
        // best effort: an executor that misses it drops the array one lease after its last task there
      }
    }
  }
}
