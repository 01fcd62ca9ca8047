package io.sparkdtrain.engine;

import io.sparkdtrain.events.EventLog;
import io.sparkdtrain.events.StepTimer;
import io.sparkdtrain.events.Timed;
import io.sparkdtrain.straggler.StragglerModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.BinaryOperator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.runtime.AbstractFunction1;

/**
 * The round every synchronous strategy runs (sync, Local SGD, FedAvg, Hogwild!), written once, as
 * MLlib's {@code RDDLossFunction} writes it for its losses: broadcast the model, run a function on
 * every partition (or on the subset {@link #only} keeps), collect the results in partition order or
 * merge them in an ordered tree ({@link OrderedTreeAggregate}, bitwise reproducible), and destroy
 * the broadcast whatever happens. The timed variants wrap each worker's part in a
 * {@link StepTimer}, which injects the run's straggler delay, and record the round's barrier in the
 * run's {@link EventLog}; {@link #modelBytes} counts what the broadcast ships.
 *
 * <p>Driver side; one instance per run. The functions run on the executors and must be
 * serializable; they capture nothing of this class.
 */
public final class Round {
  private final JavaSparkContext sc;
  private final EventLog events;
  private final StragglerModel stragglers;

  /** What a worker computes from its partition and the round's model (on the executor). */
  @FunctionalInterface
  public interface Work<E, R> extends Serializable {
    R run(int partition, Iterator<E> data, double[] model) throws Exception;
  }

  /** What a worker computes from its partition and a broadcast value of any type (on the executor). */
  @FunctionalInterface
  public interface ValueWork<E, T, R> extends Serializable {
    R run(int partition, Iterator<E> data, T value) throws Exception;
  }

  /** Merges two partial results (in partition order). */
  @FunctionalInterface
  public interface Merge<R> extends BinaryOperator<R>, Serializable {}

  /** The bytes a worker's result ships back. */
  @FunctionalInterface
  public interface BytesOut<R> extends Serializable {
    long of(R result);
  }

  /**
   * Rounds of a run that logs to {@code events} and injects {@code stragglers}' delays (null or
   * none: no delay).
   */
  public Round(JavaSparkContext sc, EventLog events, StragglerModel stragglers) {
    this.sc = sc;
    this.events = events;
    this.stragglers = stragglers;
  }

  /** Rounds of the run in {@code loop} with {@code context}'s straggler model. */
  public Round(TrainingContext context, TrainingLoop loop) {
    this(context.sparkContext(), loop.events(), context.stragglers());
  }

  /** The bytes of a model of {@code dimension} doubles sent to {@code workers} workers. */
  public static long modelBytes(int dimension, int workers) {
    return 8L * dimension * workers;
  }

  /** Broadcasts {@code model}, runs {@code work} on every partition, returns the results in partition order. */
  public <E, R> List<R> collect(double[] model, JavaRDD<E> data, Work<E, R> work) {
    Broadcast<double[]> b = sc.broadcast(model);
    try {
      return data.mapPartitionsWithIndex((index, it) -> Collections.singletonList(
          work.run(index, it, b.value())).iterator(), true).collect(); // fetching the broadcast counts as communication
    } finally {
      b.destroy();
    }
  }

  /**
   * {@link #collect} for a broadcast value that is not a {@code double[]} (word2vec's float tables):
   * broadcast, run on every partition, results in partition order, destroy.
   */
  public <T, E, R> List<R> collectValue(T value, JavaRDD<E> data, ValueWork<E, T, R> work) {
    Broadcast<T> b = sc.broadcast(value);
    try {
      return data.mapPartitionsWithIndex((index, it) -> Collections.singletonList(
          work.run(index, it, b.value())).iterator(), true).collect();
    } finally {
      b.destroy();
    }
  }

  /**
   * Broadcasts {@code model}, runs {@code work} on every partition and merges the results with
   * {@code merge} in partition order through {@code depth} levels (1: all on the driver).
   */
  public <E, R> R treeAggregate(double[] model, JavaRDD<E> data, Work<E, R> work, Merge<R> merge, int depth) {
    Broadcast<double[]> b = sc.broadcast(model);
    try {
      return OrderedTreeAggregate.aggregate(data, (index, it) -> work.run(index, it, b.value()), merge::apply, depth);
    } finally {
      b.destroy();
    }
  }

  /**
   * {@link #treeAggregate} with each worker timed ({@link #timed}) and the round's barrier recorded:
   * the merged value and every worker's step.
   */
  public <E, R> Timed<R> timedTreeAggregate(int round, double[] model, JavaRDD<E> data, long bytesIn,
                                            BytesOut<R> bytesOut, Work<E, R> work, Merge<R> merge, int depth) {
    double start = events.nowMs();
    Timed<R> result = treeAggregate(model, data, timed(round, bytesIn, bytesOut, work),
        (a, b) -> a.merge(b, merge), depth);
    events.recordBarrier(start, events.nowMs(), result.steps());
    return result;
  }

  /** {@link #collect} with each worker timed ({@link #timed}) and the round's barrier recorded. */
  public <E, R> List<Timed<R>> timedCollect(int round, double[] model, JavaRDD<E> data, long bytesIn,
                                            BytesOut<R> bytesOut, Work<E, R> work) {
    double start = events.nowMs();
    List<Timed<R>> results = collect(model, data, timed(round, bytesIn, bytesOut, work));
    List<io.sparkdtrain.events.WorkerStep> steps = new ArrayList<>();
    results.forEach(r -> steps.addAll(r.steps()));
    events.recordBarrier(start, events.nowMs(), steps);
    return results;
  }

  /**
   * {@code work} timed on the executor from after the model was fetched, the straggler delay of
   * (partition, round) injected at its end: its step of round {@code round} with {@code bytesIn}
   * bytes received and {@code bytesOut} of its result sent.
   */
  public <E, R> Work<E, Timed<R>> timed(int round, long bytesIn, BytesOut<R> bytesOut, Work<E, R> work) {
    long origin = events.originEpochMicros();
    StragglerModel delays = stragglers;
    return (partition, it, model) -> {
      StepTimer timer = StepTimer.start(origin);
      R r = work.run(partition, it, model);
      return new Timed<>(r, timer.finish(delays, partition, round, bytesIn, bytesOut.of(r)));
    };
  }

  /** The results of a timed round merged in partition order. */
  public static <R> Timed<R> mergeInOrder(List<Timed<R>> results, Merge<R> merge) {
    Timed<R> sum = results.get(0);
    for (int i = 1; i < results.size(); i++) {
      sum = sum.merge(results.get(i), merge);
    }
    return sum;
  }

  /**
   * The partitions of {@code data} whose indices are in {@code partitions} (ascending), as an RDD
   * of those only, without a shuffle: a round on a subset (FedAvg's sampled clients) or a
   * single-partition job (an async worker's update). Partition i of the result is partitions[i].
   */
  public static <E> JavaRDD<E> only(JavaRDD<E> data, int... partitions) {
    return new JavaRDD<>(PartitionPruningRDD.create(data.rdd(), new InSet(partitions.clone())), data.classTag());
  }

  /** The partition filter of {@link PartitionPruningRDD}: membership in a sorted set of indices. */
  private static final class InSet extends AbstractFunction1<Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] sorted;

    InSet(int[] sorted) {
      this.sorted = sorted;
    }

    @Override
    public Object apply(Object index) {
      return Arrays.binarySearch(sorted, (Integer) index) >= 0;
    }
  }
}
