package io.sparkdtrain.strategy.sync;

import io.sparkdtrain.checkpoint.Checkpointable;
import io.sparkdtrain.checkpoint.StrategyState;
import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.engine.FeatureScaling;
import io.sparkdtrain.engine.Optimizers;
import io.sparkdtrain.engine.Round;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingLoop;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.events.Timed;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.GradientSum;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.optim.Optimizer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;

/**
 * Synchronous mini-batch SGD, the baseline every other strategy is measured against (any
 * {@link Model}; gradients summed by {@link GradientSum}): each step
 * broadcasts w, every partition sums the loss gradient over its seeded mini-batch, one
 * tree aggregation (an AllReduce through the driver; {@link OrderedTreeAggregate}, Spark's
 * {@code treeAggregate} with a fixed merge order so runs are bitwise reproducible) combines them, and the driver applies
 * the configured {@link Optimizer} (SGD with momentum or Nesterov, AdaGrad or Adam) to the mean gradient
 * plus the L2 gradient. The broadcast is destroyed after every step. Deterministic for a seed. With
 * {@code optimizer = lbfgs} the driver runs full-batch L-BFGS instead ({@link FullBatchLbfgs}), the default
 * of both front doors for smooth full-batch linear models ({@link SyncOptimizerDefault}). The result's
 * {@code optimizer} extra names the optimizer that ran.
 *
 * <p>Parallelised SGD in this bulk-synchronous form is the setting of Zinkevich, Weimer, Smola and
 * Li, "Parallelized Stochastic Gradient Descent" (NIPS 2010) and of MLlib's
 * {@code GradientDescent.runMiniBatchSGD}; all workers wait for the slowest at every step.
 *
 * <p>Communication per step, counted in {@code bytes_communicated}: the model down to each
 * partition and one dense gradient back from each, {@code 2 x P x 8 x dimension} bytes (plus a few
 * counters).
 *
 * <p>Stragglers and events: each partition's task times its step and sleeps the delay of the
 * context's {@link StragglerModel} (partition index = worker, round = step), and returns its
 * timing with its gradient; the driver records the round as a barrier in the run's
 * {@link io.sparkdtrain.events.EventLog}, so every worker's waiting time is the slowest worker's
 * lead over it.
 *
 * <p>Checkpoints ({@link io.sparkdtrain.engine.TrainingConfig#checkpointDir()}) hold the model and
 * the optimiser's state; the mini-batches depend only on (seed, round, partition), so a run resumed
 * after round k ends with the same model, bit for bit, as the run that was never interrupted.
 */
public final class SynchronousSgd implements TrainingStrategy {
  /** The name on the command line and in reports. */
  public static final String NAME = "sync";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrainingResult train(TrainingContext context) {
    if (context.config().optimizer().equals(Optimizers.LBFGS)) {
      return FullBatchLbfgs.train(context);
    }
    TrainingContext.Typed<ExampleBlock> typed = context.typed(); // any model: linear, matrix factorisation
    Model<ExampleBlock> trained = typed.model();
    JavaRDD<ExampleBlock> blocks = typed.train().blocks();
    int partitions = blocks.getNumPartitions();
    int dim = trained.dimension();
    long seed = context.config().seed();
    double fraction = context.config().miniBatchFraction();
    int depth = context.config().treeDepth();
    Optimizer optimizer = Optimizers.create(context.config(), trained);
    double[] preconditioner = FeatureScaling.applies(context) ? FeatureScaling.preconditioner(
        FeatureScaling.featureScales(context.train(), depth), context.objective().shape()) : null;
    TrainingLoop loop = new TrainingLoop(NAME, context).checkpointing(optimizerState(optimizer));
    double[] w = loop.start(context.startingWeights());
    long roundBytes = 2L * partitions * (8L * dim + 24L);
    Round rounds = new Round(context, loop);
    long bytesIn = 8L * dim;
    long bytesOut = 8L * dim + 24L;
    while (loop.hasNextRound()) {
      int round = loop.beginRound();
      Timed<GradientSum<ExampleBlock>> timed = rounds.timedTreeAggregate(round, w, blocks, bytesIn,
          acc -> bytesOut,
          (partition, it, current) -> addBatches(new GradientSum<>(trained), it, current, seed, round,
              partition, fraction),
          GradientSum::merge, depth);
      GradientSum<ExampleBlock> sum = timed.value();
      if (sum.weightSum() > 0) {
        double[] gradient = sum.gradient();
        trained.addPenaltyGradient(w, gradient); // linear: the L2 gradient (L1 is the optimiser's proximal step)
        if (preconditioner != null) {
          FeatureScaling.apply(preconditioner, gradient); // the default path only (derived step size)
        }
        optimizer.step(w, gradient, round - 1L);
      }
      loop.endRound(w, roundBytes);
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("partitions", partitions);
    extras.put("mini_batch_fraction", fraction);
    extras.put("preconditioned", preconditioner != null);
    extras.put("optimizer", context.config().optimizer());
    return loop.finish(w, extras);
  }

  /** Checkpoints hold the driver-side optimiser's state (momentum velocity, AdaGrad sums). */
  private static Checkpointable optimizerState(Optimizer optimizer) {
    return new Checkpointable() {
      @Override
      public String settings() {
        return optimizer.toString();
      }

      @Override
      public void save(StrategyState out) {
        out.putOptimizer("optimizer", optimizer);
      }

      @Override
      public void restore(StrategyState in) {
        in.restoreOptimizer("optimizer", optimizer);
      }
    };
  }

  /** Adds the partition's seeded mini-batch for {@code round} to {@code acc}. */
  static <B extends ExampleBlock> GradientSum<B> addBatches(GradientSum<B> acc, Iterator<B> blocks, double[] w,
                                        long seed, int round, int partition, double fraction) {
    while (blocks.hasNext()) {
      B block = blocks.next();
      int n = block.numRows();
      if (n == 0) {
        continue;
      }
      if (fraction >= 1.0) {
        acc.addAll(block, w);
        continue;
      }
      int[] rows = new int[MiniBatchSampler.batchSize(n, fraction)];
      int size = MiniBatchSampler.sample(seed, round, partition, n, fraction, rows);
      acc.add(block, rows, size, w);
    }
    return acc;
  }

  @Override
  public String toString() {
    return "SynchronousSgd";
  }
}
