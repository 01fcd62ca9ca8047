package io.sparkdtrain.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The accumulator-backed store on a real local[2] Spark: each successful task's delta arrives
 * exactly once, a failed task's delta never arrives, and the accumulator obeys Spark's
 * copy/reset/isZero contract.
 */
class ParameterStoreAccumulatorTest {

  @Test
  void eachSuccessfulTaskDeltaIsMergedExactlyOnce() {
    JavaSparkContext sc = SharedSpark.context();
    ParameterStore store = new ParameterStore(new double[8]);
    SparseDeltaAccumulator acc = new SparseDeltaAccumulator(store);
    sc.sc().register(acc, "test-deltas");
    List<Integer> data = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      data.add(i);
    }
    JavaRDD<Integer> rdd = sc.parallelize(data, 6);
    rdd.foreachPartition(it -> {
      int p = TaskContext.getPartitionId();
      acc.add(new SparseDelta("p" + p, 0, 0, 1, 0, new int[] {p}, new double[] {1.0}));
    });
    assertEquals(6, store.received());
    assertEquals(6L, acc.value());
    List<SparseDelta> deltas = store.drain();
    Set<String> sources = new HashSet<>();
    for (SparseDelta d : deltas) {
      sources.add(d.source());
      store.apply(d, 1.0);
    }
    assertEquals(6, sources.size(), "one delta per partition, none twice: " + deltas);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 0, 0}, store.snapshot(), 0.0);
    assertEquals(6, store.version());
    assertTrue(store.drain().isEmpty(), "drain takes each delta once");
  }

  /** The driver's store of {@link #aFailedTasksDeltaIsDroppedAndTheOthersArrive}, read by its tasks (local mode: one JVM). */
  private static volatile ParameterStore failingJobStore;

  /**
   * Four tasks in a job that fails: partitions 1 to 3 succeed, and partition 0 throws only once the
   * store has received their three deltas (it polls the driver's store, with a deadline; no sleep
   * decides the order). Their deltas must have arrived, once each, and partition 0's never.
   * (Retried attempts, which local[2] does not make, are covered end to end: {@code AsyncE2ETest}
   * on {@code local[2,3]} and {@code RetriesAndSpeculationE2ETest} on two executor JVMs.)
   */
  @Test
  void aFailedTasksDeltaIsDroppedAndTheOthersArrive() {
    JavaSparkContext sc = SharedSpark.context();
    ParameterStore store = new ParameterStore(new double[4]);
    failingJobStore = store;
    SparseDeltaAccumulator acc = new SparseDeltaAccumulator(store);
    sc.sc().register(acc, "test-failing");
    JavaRDD<Integer> rdd = sc.parallelize(List.of(0, 1, 2, 3), 4);
    Exception failed = assertThrows(Exception.class, () -> rdd.foreachPartition(it -> {
      int p = TaskContext.getPartitionId();
      acc.add(new SparseDelta("p" + p, 0, 0, 1, 0, new int[] {p}, new double[] {1.0}));
      if (p == 0) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (failingJobStore.received() < 3 && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        throw new IllegalStateException("forced failure after " + failingJobStore.received() + " deltas arrived");
      }
    }));
    assertTrue(failed.getMessage().contains("forced failure after 3 deltas arrived"), failed.getMessage());
    List<SparseDelta> deltas = store.drain();
    Set<String> sources = new HashSet<>();
    for (SparseDelta d : deltas) {
      sources.add(d.source());
    }
    assertEquals(Set.of("p1", "p2", "p3"), sources, "the successful tasks' deltas, not the failed one's: " + deltas);
    assertEquals(3, deltas.size(), "each once: " + deltas);
    assertEquals(3, store.received());
  }

  @Test
  void copyResetAndIsZeroAgree() {
    SparseDeltaAccumulator acc = new SparseDeltaAccumulator(null);
    assertTrue(acc.isZero());
    acc.add(new SparseDelta("x", 0, 0, 1, 0, new int[] {1}, new double[] {2.0}));
    SparseDeltaAccumulator copy = acc.copy();
    assertEquals(1, copy.pending().size());
    assertTrue(acc.copyAndReset().isZero());
    acc.reset();
    assertTrue(acc.isZero());
    SparseDeltaAccumulator sink = new SparseDeltaAccumulator(null);
    sink.merge(copy);
    assertEquals(1L, sink.value());
    assertEquals(1, sink.pending().size(), "without a store, merged deltas are kept");
  }

  @Test
  void applyReportsStalenessAndRejectsBadIndices() {
    ParameterStore store = new ParameterStore(new double[3]);
    assertEquals(0, store.apply(new SparseDelta("a", 0, 0, 1, 0, new int[] {0}, new double[] {1}), 1.0));
    assertEquals(1, store.apply(new SparseDelta("b", 0, 0, 1, 0, new int[] {2}, new double[] {4}), 0.5));
    assertArrayEquals(new double[] {1, 0, 2}, store.snapshot(), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.apply(new SparseDelta("c", 0, 0, 1, 0, new int[] {3}, new double[] {1}), 1.0));
    assertEquals("delta from c has index 3 outside [0, 3)", e.getMessage());
  }
}
