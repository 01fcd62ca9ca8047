package io.sparkdtrain.strategy.local;

import io.sparkdtrain.engine.ConfiguredStrategy;
import io.sparkdtrain.engine.ExecutorWait;
import io.sparkdtrain.engine.LocalUpdate;
import io.sparkdtrain.engine.Optimizers;
import io.sparkdtrain.engine.OrderedTreeAggregate;
import io.sparkdtrain.engine.Round;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingLoop;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.events.Timed;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.Sgd;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.LongAccumulator;

/**
 * Local SGD (model averaging): each RDD partition is a worker that takes H local SGD steps on its
 * cached block between communications, and the driver averages the resulting models. Any
 * {@link Model} (linear models; matrix factorisation with {@code dtrain train-mf --strategy local}):
 * the workers step with the model's {@link Model#localStepper}.
 *
 * <p>One round: broadcast w; every partition runs {@link LocalSgdWorker} (a fresh {@link
 * io.sparkdtrain.model.linear.SparseSgd} from w, H mini-batches of b rows sampled from (run seed, global
 * step, partition), the {@code TrainingConfig} learning-rate schedule on the global step number)
 * and returns {@code (n_k (w_k - w), n_k)} with {@code n_k} its weight sum, encoded as a
 * {@link LocalUpdate}; the updates are summed in partition order through
 * {@link OrderedTreeAggregate} ({@link LocalSgdConfig.Aggregation#TREE}) or on the driver
 * ({@link LocalSgdConfig.Aggregation#DRIVER}); the outer optimiser steps on the averaged
 * pseudo-gradient {@code g = w - sum_k n_k w_k / sum_k n_k}: {@code w -= eta g}
 * ({@link LocalSgdConfig.OuterOptimizer#AVERAGE}; eta = 1 is plain averaging) or Nesterov
 * momentum on g ({@link LocalSgdConfig.OuterOptimizer#NESTEROV}, the outer step of DiLoCo). The
 * broadcast is destroyed after every round. Deterministic for a seed: the sampling, the local
 * steps and the merge order are all fixed.
 *
 * <p>With H = 1, plain averaging and {@code miniBatchFraction = 1} a round equals a step of
 * {@link SynchronousSgd} with momentum 0 (same rate, same rows; the n_k-weighted mean of the
 * per-partition mean gradients is the global mean gradient); for fractions below 1 the two differ
 * only in weighting the partitions by n_k instead of by their batch weight.
 *
 * <p>The local optimiser is plain SGD without momentum (momentum is O(dimension) per step,
 * see {@code SparseSgd}); {@code TrainingConfig.momentum}/{@code nesterov} are not used here, and
 * {@code optimizer=adagrad} is rejected. Momentum belongs to the outer optimiser. For the network
 * ({@code MlpModel}, whose steps are dense anyway) {@code optimizer=adam} makes the local steps
 * Adam steps ({@link AdamLocalStepper}, Kingma and Ba 2015): the moments live
 * in the worker's task and start from 0 every round, only the parameters are averaged. DiLoCo
 * (Douillard et al. 2023) instead keeps each worker's inner AdamW state across rounds and never
 * averages it; here resetting is chosen because Spark gives no stable worker: a retried or
 * speculative task, or a partition that moves to another executor, would otherwise need executor
 * state keyed by round to avoid applying moment updates twice or starting from the wrong ones,
 * while a reset round is a pure function of (broadcast model, partition, round), so a retry
 * recomputes the same update. Adam's bias correction counts the round's own steps, which is what
 * makes zero-started moments unbiased. With {@link LocalSgdConfig.AdamMoments#KEEP} each partition
 * keeps its moments across rounds on its executor instead ({@link LocalAdamMoments}; a partition
 * that finds none restarts from zero and the report counts it as {@code adam_moment_restarts}); they
 * are removed when {@code train} ends, with the residuals. Other models reject adam naming the model.
 *
 * <p>Communication per round, counted in {@code bytes_communicated}: the dense model down to each
 * partition ({@code 8 x dimension}) and each partition's update as shipped, dense
 * ({@code 8 x dimension + 24}) or sparse ({@code 12 x nnz + 24}; see {@link LocalUpdate} for why
 * the update stays sparse under L2). The tree's intermediate levels are not counted, as for
 * synchronous SGD.
 *
 * <p><b>Top-k sparsification with error feedback</b> ({@link LocalSgdConfig#topK()} = k > 0). A
 * partition's message is the exact scalar {@code n_k (c_k - 1)} and the vector {@code n_k u_k} (see
 * {@link LocalUpdate}); only the vector is compressed. Partition k adds its residual {@code e_k}
 * (zero in round 1) to get {@code v = n_k u_k + e_k}, ships the k largest-magnitude coordinates of
 * v (sparse, {@code 12 x kept + 24} bytes, or dense if that is smaller under
 * {@code sparseDeltas=AUTO}) and keeps {@code e_k = v - shipped} for its next round. This is the
 * "memory" of Stich, Cordonnier and Jaggi, "Sparsified SGD with Memory" (NeurIPS 2018), who show
 * top-k with memory converges at the rate of uncompressed SGD; the error-feedback idea goes back to
 * 1-bit SGD (Seide, Fu, Droppo, Li and Yu, "1-Bit Stochastic Gradient Descent and its Application
 * to Data-Parallel Distributed Training of Speech DNNs", Interspeech 2014) and local gradient
 * accumulation in Deep Gradient Compression (Lin, Han, Mao, Wang and Dally, ICLR 2018). Here it is
 * applied to the round's model delta rather than to a gradient, as in DGC's accumulation across
 * steps. The residual is weighted by {@code n_k} like the message (a partition's weight is the same
 * in every round) and is in model units, so a change of learning rate does not rescale it. The
 * scalar stays exact because it is one number and because the L2 decay acts on the whole model: a
 * residual of it would not be sparse. With k at least the number of non-zeros of every update,
 * nothing is held back and the run equals the uncompressed one bitwise.
 *
 * <p>Where the residuals live: executor-side in {@link LocalSgdResiduals}, a JVM-wide registry keyed
 * by (a fresh random run id per {@code train} call, partition), so nothing large travels back to
 * the driver. {@code train} removes its run's entries when it returns or throws ({@code finally}):
 * in the driver's JVM, which in local mode is the executors' too, and on a cluster through a
 * best-effort job with one task per partition. On a cluster a task retried on another executor (or
 * a partition that moves between executors) restarts that partition's residual from zero: that
 * changes only the compressor's memory (the mass held back so far is dropped, as without feedback),
 * never applies an update twice, since the driver takes one result per partition and round. A retry
 * in the same JVM reuses the residual the round started from and recomputes the same message. With
 * {@link LocalSgdConfig#errorFeedback()} false the unshipped coordinates are dropped (plain top-k,
 * kept for comparison; it converges more slowly or to a worse point, see the tests).
 *
 * <p>References: Zinkevich, Weimer, Smola and Li, "Parallelized Stochastic Gradient Descent" (NIPS
 * 2010), one-shot averaging; Stich, "Local SGD Converges Fast and Communicates Little" (ICLR 2019),
 * periodic averaging with the same rate as mini-batch SGD at H times fewer rounds; Lin, Stich,
 * Patel and Jaggi, "Don't Use Large Mini-Batches, Use Local SGD" (ICLR 2020), post-local SGD; Wang
 * and Joshi, "Adaptive Communication Strategies to Achieve the Best Error-Runtime Trade-off in
 * Local-Update SGD" (SysML 2019), ADACOMM; Douillard et al., "DiLoCo: Distributed Low-Communication
 * Training of Language Models" (2023), Nesterov outer optimiser. See {@link LocalStepsSchedule} for
 * the H schedules.
 *
 * <p>Checkpoints hold the model, the outer optimiser's momentum, the global step count and the H
 * schedule's state and, with top-k and error feedback, every partition's residual (collected from
 * the executors by one job per checkpoint and stored back on resume), so a resumed run ends with the
 * same model, bit for bit, as an uninterrupted one (on a cluster, a partition whose collecting or
 * restoring task runs on another executor than its residual restarts it from zero, as a moved
 * partition does during a run).
 */
public final class LocalSgd extends ConfiguredStrategy<LocalSgdConfig> {
  /** The name on the command line and in reports. */
  public static final String NAME = "local";

  /** Local SGD with the given settings. */
  public LocalSgd(LocalSgdConfig config) {
    super(NAME, config);
  }

  @Override
  public TrainingResult train(TrainingContext context) {
    TrainingConfig tc = context.config();
    if (config.localSteps() == StepSizeDefaults.ONE_PASS) {
      return new LocalSgd(config.resolved(tc.derivedStepSize(), context.trainData().numRows(),
          context.trainData().blocks().getNumPartitions())).train(context);
    }
    boolean adam = tc.optimizer().equals("adam");
    TrainingContext.Typed<ExampleBlock> typed = adam ? adamTyped(context)
        : prepareTyped(context, "Local SGD", " (the local optimiser is plain sparse SGD, or adam for"
            + " the network)"); // any model: linear, matrix factorisation, network
    Model<ExampleBlock> trained = typed.model();
    JavaRDD<ExampleBlock> blocks = typed.train().blocks();
    int partitions = blocks.getNumPartitions();
    int dim = trained.dimension();
    if (config.topK() > dim) {
      throw new IllegalArgumentException("Cannot set topK to " + config.topK()
          + ", the value must be <= the model dimension " + dim);
    }
    boolean keptMoments = adam && config.adamMoments() == LocalSgdConfig.AdamMoments.KEEP;
    LongAccumulator restarts = keptMoments ? context.sparkContext().sc().longAccumulator("adam_moment_restarts") : null;
    LocalSgdWorker<ExampleBlock> worker = new LocalSgdWorker<>(trained, Optimizers.schedule(tc), tc.seed(),
        config.batchSize(), tc.miniBatchFraction(), config.sparseDeltas(), config.topK(),
        config.errorFeedback(), adam ? (Adam) Optimizers.create(tc, trained) : null,
        restarts);
    boolean residuals = config.topK() > 0 && config.errorFeedback();
    String runId = UUID.randomUUID().toString();
    Sgd outer = outerOptimizer();
    LocalStepsSchedule schedule = new LocalStepsSchedule(config);
    LocalSgdProgress progress = new LocalSgdProgress(outer, schedule, config.toString(),
        residuals ? new LocalSgdProgress.Residuals(context, blocks, runId) : null);
    TrainingLoop loop = new TrainingLoop(NAME, observed(context, schedule)).checkpointing(progress);
    double[] w = loop.start(context.startingWeights());
    Round rounds = new Round(context, loop);
    try {
      while (loop.hasNextRound()) {
        int round = loop.beginRound();
        int h = schedule.localSteps(round);
        final long first = progress.firstStep;
        Round.Work<ExampleBlock, LocalUpdate> work = (partition, it, current) ->
            worker.run(partition, it, current, first, h, runId, round);
        Timed<LocalUpdate> timed = config.aggregation() == LocalSgdConfig.Aggregation.TREE
            ? rounds.timedTreeAggregate(round, w, blocks, 8L * dim, LocalUpdate::bytes, work, LocalUpdate::merge,
                tc.treeDepth())
            : Round.mergeInOrder(rounds.timedCollect(round, w, blocks, 8L * dim, LocalUpdate::bytes, work),
                LocalUpdate::merge);
        LocalUpdate sum = timed.value();
        if (sum.weight() > 0) {
          outer.step(w, sum.pseudoGradient(w, trained::decays), round - 1L);
        }
        long down = Round.modelBytes(dim, partitions);
        progress.add(h, sum, down);
        loop.endRound(w, down + sum.bytes());
      }
    } finally {
      if (residuals || keptMoments) {
        releaseExecutorState(context, blocks, runId);
      }
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("partitions", partitions);
    extras.put("local_steps", config.localSteps());
    extras.put("h_schedule", config.scheduleSpec());
    extras.put("local_steps_per_round", progress.perRound);
    extras.put("local_steps_total", progress.firstStep);
    extras.put("worker_steps_total", progress.workerSteps);
    extras.put("local_optimizer", adam ? "adam" : "sgd");
    if (adam) {
      extras.put("adam_moments", config.adamMoments().name().toLowerCase(Locale.ROOT));
    }
    if (keptMoments) {
      extras.put("adam_moment_restarts", restarts.value());
    }
    extras.put("batch_size", config.batchSize());
    if (config.batchSize() == 0) {
      extras.put("mini_batch_fraction", tc.miniBatchFraction());
    }
    extras.put("aggregation", config.aggregation().name().toLowerCase(Locale.ROOT));
    extras.put("outer_optimizer", config.outerOptimizer() == LocalSgdConfig.OuterOptimizer.AVERAGE
        ? "avg" : "nesterov");
    extras.put("outer_lr", config.outerLearningRate());
    extras.put("outer_momentum", config.outerMomentum());
    extras.put("sparse_deltas", config.sparseDeltas().name().toLowerCase(Locale.ROOT));
    extras.put("sparse_messages", progress.sparseMessages);
    extras.put("bytes_down", progress.bytesDown);
    extras.put("bytes_up", progress.bytesUp);
    extras.put("top_k", config.topK());
    if (config.topK() > 0) {
      extras.put("error_feedback", config.errorFeedback());
    }
    return loop.finish(w, extras);
  }

  /**
   * Drops run {@code runId}'s residuals and kept Adam moments: in this JVM (all of them in local mode) and, on a cluster,
   * with one best-effort task per partition. Never throws: a failure here must not hide the run's
   * own outcome or exception, and what it misses is bounded by the executors' lifetime.
   */
  private static void releaseExecutorState(TrainingContext context, JavaRDD<?> blocks, String runId) {
    LocalSgdResiduals.clear(runId);
    LocalAdamMoments.clear(runId);
    if (context.sparkContext().isLocal()) {
      return;
    }
    try {
      blocks.foreachPartition(it -> {
        LocalSgdResiduals.clear(runId);
        LocalAdamMoments.clear(runId);
      });
    } catch (RuntimeException e) {
      // best effort; see LocalSgdResiduals
    }
  }

  /**
   * The context typed for a run with a local Adam: only the network, whose steps are dense; then the
   * wait for the executors, as {@link #prepareTyped} does.
   */
  private static TrainingContext.Typed<ExampleBlock> adamTyped(TrainingContext context) {
    TrainingContext.Typed<ExampleBlock> typed = context.typed();
    AdamLocalStepper.settingsFor(typed.model(), context.config(), "Local SGD");
    ExecutorWait.await(context.sparkContext().sc());
    return typed;
  }


  private Sgd outerOptimizer() {
    Sgd.Builder b = Sgd.builder().stepSize(config.outerLearningRate());
    if (config.outerOptimizer() == LocalSgdConfig.OuterOptimizer.NESTEROV) {
      b.momentum(config.outerMomentum()).nesterov(true);
    }
    return b.build();
  }

  /** The context with a listener that also feeds every evaluated objective to the H schedule. */
  private static TrainingContext observed(TrainingContext c, LocalStepsSchedule schedule) {
    TrainingListener user = c.listener();
    TrainingListener both = new TrainingListener() {
      @Override
      public void onStart(String strategy, int maxRounds) {
        user.onStart(strategy, maxRounds);
      }

      @Override
      public void onRound(RoundRecord record) {
        schedule.observe(record.objective());
        user.onRound(record);
      }

      @Override
      public void onCheckpoint(int round, String file) {
        user.onCheckpoint(round, file);
      }

      @Override
      public void onResume(int round, String file) {
        user.onResume(round, file);
      }

      @Override
      public void onEnd(TrainingResult result) {
        user.onEnd(result);
      }
    };
    return c.withListener(both);
  }

  @Override
  public String toString() {
    return "LocalSgd(" + config + ")";
  }
}
