package io.sparkdtrain.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * A {@code treeAggregate} whose merge order is fixed by partition index, so the result is bitwise
 * reproducible. Spark's own {@code treeAggregate} merges partial results in the order tasks finish,
 * and floating-point addition is not associative: two runs with the same seed then differ in the
 * last bits, and over many SGD steps in more. This keeps Spark's tree shape (depth, the same rule
 * for adding a level) but tags each partial result with its partition index and merges each group
 * in index order, the last level on the driver.
 */
public final class OrderedTreeAggregate {
  private OrderedTreeAggregate() {}

  /** Folds a partition's elements into one value: {@code (partitionIndex, elements) -> value}. */
  @FunctionalInterface
  public interface PartitionFold<E, T> extends Serializable {
    T fold(int partition, Iterator<E> elements) throws Exception;
  }

  /**
   * Folds every partition with {@code fold}, then merges the partial values with {@code merge} in
   * partition order through {@code depth} levels (depth 1: all on the driver).
   */
  public static <E, T> T aggregate(JavaRDD<E> rdd, PartitionFold<E, T> fold, Function2<T, T, T> merge,
                                   int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("Cannot set treeDepth to " + depth + ", the value must be >= 1");
    }
    JavaPairRDD<Integer, T> partial = rdd.mapPartitionsWithIndex(
        (index, it) -> Collections.singletonList(new Tuple2<>(index, fold.fold(index, it))).iterator(),
        true).mapToPair(t -> t);
    int n = rdd.getNumPartitions();
    int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
    while (depth > 1 && n > scale + (int) Math.ceil((double) n / scale)) {
      int groups = (int) Math.ceil((double) n / scale);
      final int s = scale;
      partial = partial.mapToPair(t -> new Tuple2<>(t._1() / s, t)).groupByKey(groups)
          .mapToPair(g -> new Tuple2<>(g._1(), mergeInOrder(g._2(), merge)));
      n = groups;
    }
    List<Tuple2<Integer, T>> last = new ArrayList<>(partial.collect());
    if (last.isEmpty()) {
      throw new IllegalStateException("cannot aggregate an RDD with no partitions");
    }
    try {
      return mergeInOrder(last, merge);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("merging partial aggregates failed", e);
    }
  }

  /**
   * The merge of element-wise sums: {@code a += b}, returning {@code a} (the sums of two partitions,
   * {@code a} the earlier one).
   */
  public static double[] addInto(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static <T> T mergeInOrder(Iterable<Tuple2<Integer, T>> values, Function2<T, T, T> merge)
      throws Exception {
    List<Tuple2<Integer, T>> sorted = new ArrayList<>();
    values.forEach(sorted::add);
    sorted.sort(Comparator.comparingInt(Tuple2::_1));
    T acc = sorted.get(0)._2();
    for (int i = 1; i < sorted.size(); i++) {
      acc = merge.call(acc, sorted.get(i)._2());
    }
    return acc;
  }
}
