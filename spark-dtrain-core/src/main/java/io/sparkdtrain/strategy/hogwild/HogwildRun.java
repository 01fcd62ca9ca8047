package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.store.ParameterStore;
import io.sparkdtrain.store.SparseDelta;
import io.sparkdtrain.store.SparseDeltaAccumulator;
import java.io.Serializable;
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
import io.sparkdtrain.engine.Round;
import io.sparkdtrain.events.EventLog;

/**
 * The driver side that {@link HogwildSgd} and {@link HogwildMf} share: one run id, the versioned
 * {@link ParameterStore} fed by a registered {@link SparseDeltaAccumulator}, and the round.
 *
 * <p>A round ({@link Round}) broadcasts the store's weights, runs one timed task per partition (each task refreshes its
 * executor's shared array from the broadcast, once per executor per round, runs its Hogwild! steps
 * on it and adds its sparse delta to the accumulator), destroys the broadcast, then applies every
 * executor's change scaled by {@code 1 / E}, with E the number of executors that sent deltas: the
 * executors' models are averaged. An executor's change is assembled from its tasks' deltas, each the
 * executor's cumulative change on the task's coordinates when the task ended, keeping per coordinate
 * the latest ({@link #latestPerCoordinate}); see {@link HogwildWorker} for why that is the
 * executor's final array. In {@code local[N]} E = 1 and the store equals the shared array after
 * every round, lost updates included.
 *
 * <p>{@link #close()} releases the run's arrays: in this JVM directly, and on a cluster by one
 * release task per partition.
 */
final class HogwildRun implements AutoCloseable {

  /** One task's work in a round: Hogwild! steps on its partition; returns its delta. */
  interface RoundTask<E> extends Serializable {
    SparseDelta run(Iterator<E> data, int round, long readVersion, double[] model);
  }

  /** What a round did. */
  record RoundStats(long updates, long bytesUp, int deltas, int executors, long maxTaskNanos) {}

  private final JavaSparkContext sc;
  private final String runId = "hogwild-" + UUID.randomUUID();
  private final ParameterStore store;
  private final SparseDeltaAccumulator accumulator;
  private JavaRDD<?> lastTasks;

  HogwildRun(JavaSparkContext sc, double[] initial) {
    this.sc = sc;
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
      SparseDelta delta = task.run(it, round, version, current);
      acc.add(delta);
      return delta.bytes();
    });
    store.checkHealthy();
    List<SparseDelta> deltas = store.drain();
    Map<String, List<SparseDelta>> bySource = new TreeMap<>();
    long updates = 0;
    long bytes = 0;
    long maxNanos = 0;
    for (SparseDelta d : deltas) {
      bySource.computeIfAbsent(d.source(), s -> new ArrayList<>()).add(d);
      updates += d.steps();
      bytes += d.bytes();
      maxNanos = Math.max(maxNanos, d.nanos());
    }
    double scale = bySource.isEmpty() ? 0.0 : 1.0 / bySource.size();
    for (List<SparseDelta> fromOne : bySource.values()) {
      store.apply(latestPerCoordinate(fromOne, scratch(), version), scale);
    }
    return new RoundStats(updates, bytes, deltas.size(), bySource.size(), maxNanos);
  }

  private double[] scratch;

  private double[] scratch() {
    if (scratch == null) {
      scratch = new double[store.snapshot().length];
    }
    return scratch;
  }

  /**
   * One executor's change of the round from its tasks' deltas: per coordinate the value of the
   * delta with the highest sequence number (each delta carries the executor's cumulative change at
   * the time it was taken). O(shipped non-zeros); {@code scratch} is left all zero.
   */
  static SparseDelta latestPerCoordinate(List<SparseDelta> fromOne, double[] scratch, long version) {
    fromOne.sort(Comparator.comparingLong(SparseDelta::sequence));
    boolean[] seen = new boolean[scratch.length];
    int[] touched = new int[16];
    int count = 0;
    long steps = 0;
    for (SparseDelta d : fromOne) {
      steps += d.steps();
      int[] idx = d.indices();
      double[] val = d.values();
      for (int p = 0; p < idx.length; p++) {
        int j = idx[p];
        if (!seen[j]) {
          seen[j] = true;
          if (count == touched.length) {
            touched = Arrays.copyOf(touched, 2 * count);
          }
          touched[count++] = j;
        }
        scratch[j] = val[p];
      }
    }
    int[] idx = Arrays.copyOf(touched, count);
    Arrays.sort(idx);
    double[] val = new double[count];
    for (int p = 0; p < count; p++) {
      val[p] = scratch[idx[p]];
      scratch[idx[p]] = 0.0;
    }
    return new SparseDelta(fromOne.get(0).source(), version, 0, steps, 0, idx, val);
  }

  /** Releases the run's shared arrays everywhere; never throws. */
  @Override
  public void close() {
    LocalParameterRegistry.release(runId);
    if (!sc.isLocal() && lastTasks != null) {
      String id = runId;
      try {
        lastTasks.foreachPartition(it -> LocalParameterRegistry.release(id));
      } catch (RuntimeException e) {
        // best effort: executors that miss it drop the array when they exit
      }
    }
  }
}
