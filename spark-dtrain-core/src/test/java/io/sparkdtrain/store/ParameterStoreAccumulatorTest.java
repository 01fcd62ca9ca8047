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

  @Test
  void failedTasksDeltasAreNotMerged() {
    JavaSparkContext sc = SharedSpark.context();
    ParameterStore store = new ParameterStore(new double[4]);
    SparseDeltaAccumulator acc = new SparseDeltaAccumulator(store);
    sc.sc().register(acc, "test-failing");
    JavaRDD<Integer> rdd = sc.parallelize(List.of(0, 1, 2, 3), 4);
    assertThrows(Exception.class, () -> rdd.foreachPartition(it -> {
      int p = TaskContext.getPartitionId();
      acc.add(new SparseDelta("p" + p, 0, 0, 1, 0, new int[] {p}, new double[] {1.0}));
      if (p == 0) {
        throw new IllegalStateException("forced failure");
      }
    }));
    for (SparseDelta d : store.drain()) {
      assertTrue(!d.source().equals("p0"), "the failed task's delta must not arrive");
    }
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
