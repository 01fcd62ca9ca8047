package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.engine.ConfiguredStrategy;
import io.sparkdtrain.engine.Optimizers;
import io.sparkdtrain.engine.Round;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingLoop;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * Hogwild!: lock-free SGD whose threads share one parameter array and update it without locks,
 * each update touching only the example's non-zero features (any {@link io.sparkdtrain.model.Model}:
 * linear models through {@link HogwildWorker}, others through their racing step in
 * {@link ModelHogwildWorker}, e.g. matrix factorisation for {@link HogwildMf}) (Niu, Recht, Re and Wright, "HOGWILD!:
 * A Lock-Free Approach to Parallelizing Stochastic Gradient Descent", NIPS 2011).
 *
 * <p>One round is one epoch (or {@code miniBatchFraction} of one): the driver broadcasts w; each of
 * the {@code threads} tasks ({@link HogwildConfig}) refreshes its executor's shared array from the
 * broadcast (the first task of the round per executor copies; see
 * {@link io.sparkdtrain.store.LocalParameterRegistry}) and runs per-example sparse steps on it
 * ({@link HogwildWorker}); each task ships its own sparse delta through the accumulator-backed
 * store, and the driver combines the executors' changes ({@link HogwildRun}, {@link ExecutorMerge}).
 * In {@code local[N]} this is Hogwild! on N threads with a synchronisation point per epoch; across
 * executors it is Hogwild! inside each executor, and between them a merge that moves each coordinate
 * about as far as one array receiving every executor's updates would have.
 *
 * <p>Not deterministic: the interleaving of threads changes the result; tests assert convergence
 * bounds. {@link HogwildConfig#deterministic()} trades the racing for a repeatable run (each task on
 * its own copy, the tasks' changes merged in partition order), which fault tests compare bit for bit. The optimizer setting must be {@code sgd} (momentum is not used: per-example momentum
 * would make every step O(dimension)). The store is released when {@link #train} returns or throws.
 *
 * <p>Report extras: {@code updates} (examples processed), {@code updates_per_second} (over the
 * training wall-clock, Spark scheduling included), {@code compute_updates_per_second} (over the
 * slowest task of each round), {@code threads}, {@code access}, {@code locked},
 * {@code executors_averaged} (the most executors whose arrays one round combined; 1 in local mode),
 * {@code merge_driver_bytes} (the most heap the driver allocated to combine one round's deltas; -1
 * where the JVM does not count it) and {@code merge_seconds} (the driver's time combining deltas, all
 * rounds).
 *
 * <p>Checkpoints hold the model and the loop's counters (the epoch is the round); a resumed run
 * continues from the checkpointed epoch and model. It is not bitwise equal to an uninterrupted run
 * (Hogwild! never is), and {@code updates} counts the updates since the resume.
 */
public final class HogwildSgd extends ConfiguredStrategy<HogwildConfig> {
  /** The name on the command line and in reports. */
  public static final String NAME = "hogwild";

  /** Hogwild! with the given settings. */
  public HogwildSgd(HogwildConfig config) {
    super(NAME, config);
  }

  @Override
  public TrainingResult train(TrainingContext context) {
    TrainingConfig tc = context.config();
    TrainingContext.Typed<ExampleBlock> typed = prepareTyped(context, "Hogwild!", ""); // any model
    JavaRDD<ExampleBlock> tasks = tasks(typed.train().blocks(), config.threads(), config.deterministic());
    int dim = typed.model().dimension();
    TrainingLoop loop = new TrainingLoop(NAME, context)
        .checkpointing(io.sparkdtrain.checkpoint.Checkpointable.stateless(config.toString()));
    double[] w = loop.start(context.startingWeights()); // a checkpoint's model when resuming
    Broadcast<double[]> penalty = null;
    long updates = 0;
    int executors = 0;
    double computeSeconds = 0;
    long mergeBytes = 0;
    long mergeNanos = 0;
    try (HogwildRun run = new HogwildRun(context.sparkContext(), w, config.deterministic())) {
      HogwildRun.RoundTask<ExampleBlock> worker;
      if (context.model() instanceof Objective objective) { // sparse-separable penalties need the data's counts
        if (objective.regularization().kind() != Regularization.Kind.NONE) {
          penalty = context.sparkContext().broadcast(penaltyScale(context.train().blocks(), objective));
        }
        worker = linear(new HogwildWorker(objective, Optimizers.schedule(tc), config, run.runId(),
            tc.seed(), tc.miniBatchFraction(), penalty));
      } else {
        worker = new ModelHogwildWorker<>(typed.model(), Optimizers.schedule(tc), config, run.runId(), tc.seed(),
            tc.miniBatchFraction());
      }
      Round rounds = new Round(context, loop);
      while (loop.hasNextRound()) {
        int round = loop.beginRound();
        HogwildRun.RoundStats stats = run.round(round, tasks, worker, rounds);
        updates += stats.updates();
        executors = Math.max(executors, stats.executors());
        computeSeconds += stats.maxTaskNanos() / 1e9;
        mergeBytes = stats.mergeBytes() < 0 || mergeBytes < 0 ? -1 : Math.max(mergeBytes, stats.mergeBytes());
        mergeNanos += stats.mergeNanos();
        run.store().copyInto(w);
        loop.endRound(w, Round.modelBytes(dim, tasks.getNumPartitions()) + stats.bytesUp());
      }
      double seconds = loop.elapsedSeconds();
      Map<String, Object> extras = new LinkedHashMap<>();
      extras.put("threads", tasks.getNumPartitions());
      extras.put("access", config.access().name().toLowerCase(Locale.ROOT));
      extras.put("locked", config.locked());
      if (config.deterministic()) {
        extras.put("deterministic", true);
      }
      extras.put("updates", updates);
      extras.put("executors_averaged", executors);
      extras.put("merge_driver_bytes", mergeBytes);
      extras.put("merge_seconds", mergeNanos / 1e9);
      extras.put("updates_per_second", seconds > 0 ? updates / seconds : 0.0);
      extras.put("compute_updates_per_second", computeSeconds > 0 ? updates / computeSeconds : 0.0);
      return loop.finish(w, extras);
    } finally {
      if (penalty != null) {
        penalty.destroy();
      }
    }
  }

  /** The linear worker as a task over any block (the blocks of a linear model's data are CSR blocks). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static HogwildRun.RoundTask<ExampleBlock> linear(HogwildWorker worker) {
    return (HogwildRun.RoundTask) worker;
  }

  /**
   * The blocks as {@code threads} tasks (coalesced without a shuffle); all partitions for 0. A
   * deterministic run ({@code onePerPartition}) takes one task per partition: Spark's coalescing
   * groups partitions by the executors that cache them, so the rows that share a task could change
   * from run to run.
   */
  static <E> JavaRDD<E> tasks(JavaRDD<E> blocks, int threads, boolean onePerPartition) {
    int partitions = blocks.getNumPartitions();
    if (threads > partitions) {
      throw new IllegalArgumentException("Cannot set threads to " + threads + ": the training data has "
          + partitions + " partitions (set the partitions, --partitions, to at least the threads)");
    }
    if (threads == 0 || threads == partitions) {
      return blocks;
    }
    if (onePerPartition) {
      throw new IllegalArgumentException("Cannot set threads to " + threads + " with deterministic: the training data has "
          + partitions + " partitions and a deterministic run takes one task per partition (set threads to 0 or "
          + partitions + ", or the partitions, --partitions, to " + threads + ")");
    }
    return blocks.coalesce(threads);
  }

  /** {@code n / c_j} per feature: rows over rows having feature j (0 for unseen features). */
  static double[] penaltyScale(JavaRDD<CsrBlock> blocks, Objective objective) {
    int d = objective.shape().numFeatures();
    long[] counts = blocks.map(b -> {
      long[] c = new long[d + 1];
      for (int i : b.indices()) {
        c[i]++;
      }
      c[d] = b.numRows();
      return c;
    }).reduce((a, b) -> {
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
      return a;
    });
    double n = counts[d];
    double[] scale = new double[d];
    for (int j = 0; j < d; j++) {
      scale[j] = counts[j] == 0 ? 0.0 : n / counts[j];
    }
    return scale;
  }

  @Override
  public String toString() {
    return "HogwildSgd(" + config + ")";
  }
}
