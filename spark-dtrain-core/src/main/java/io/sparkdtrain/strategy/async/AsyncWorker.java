package io.sparkdtrain.strategy.async;

import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.engine.PartitionBlock;
import io.sparkdtrain.events.StepTimer;
import io.sparkdtrain.events.WorkerStep;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.LocalStepper;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.store.SparseDelta;
import io.sparkdtrain.store.SparseDeltaAccumulator;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.local.AdamLocalStepper;
import java.io.Serializable;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.apache.spark.TaskContext;

/**
 * The executor side of {@link AsyncParameterServer}: one update of one worker (partition), for any
 * {@link Model}. From the shipped snapshot (never the driver's store: in local mode tasks share the
 * driver's JVM) it takes k mini-batch steps with a fresh {@link Model#localStepper} (for linear models
 * {@link io.sparkdtrain.model.linear.SparseSgd}: O(nnz) per step; for a dense model such as the
 * network, {@link io.sparkdtrain.model.DenseLocalStepper}), pushes the change
 * {@code w_local - w_read} through the {@link SparseDeltaAccumulator} as a {@link SparseDelta} (only
 * the coordinates that changed; with an L2 penalty every weight decays, and a dense model changes
 * every weight, so the delta is then dense), injects the straggler delay and returns its timing.
 *
 * <p>Update c of worker p uses global step numbers {@code c k + j} (j &lt; k) for the learning rate
 * and draws its rows from (run seed, {@code c k + j + 1}, p): a retried attempt redoes exactly the same
 * work. The delta's {@code source} is the worker index, its {@code sequence} the worker's clock c.
 *
 * <p>With {@code optimizer=adam} (the network) the k steps are {@link AdamLocalStepper} steps (Kingma
 * and Ba 2015): the moments start at 0 with every update and are dropped with it, so they live in
 * the task of one update, are never shipped or averaged, and a retried attempt recomputes the same
 * delta; only the change of the weights travels, as with plain SGD.
 */
final class AsyncWorker<B extends ExampleBlock> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Model<B> model;
  private final LearningRateSchedule schedule;
  private final long seed;
  private final int localSteps;
  private final int batchSize;
  private final double failFirstAttempts;
  private final Adam localAdam;

  /** A worker taking the model's own (SGD) steps. */
  AsyncWorker(Model<B> model, LearningRateSchedule schedule, long seed, AsyncConfig config) {
    this(model, schedule, seed, config, null);
  }

  /** A worker taking the model's SGD steps ({@code localAdam} null) or Adam steps with its settings. */
  AsyncWorker(Model<B> model, LearningRateSchedule schedule, long seed, AsyncConfig config, Adam localAdam) {
    this.localAdam = localAdam;
    this.model = model;
    this.schedule = schedule;
    this.seed = seed;
    this.localSteps = config.localSteps();
    this.batchSize = config.batchSize();
    this.failFirstAttempts = config.failFirstAttempts();
  }

  /** The delta of update {@code clock} of {@code worker} from {@code w}; pure (no Spark). */
  SparseDelta compute(int worker, B block, double[] w, long readVersion, long clock) {
    long t0 = System.nanoTime();
    if (block == null || !(block.weightSum() > 0)) {
      return new SparseDelta(Integer.toString(worker), readVersion, clock, 0, 0, new int[0], new double[0]);
    }
    long first = clock * localSteps;
    LearningRateSchedule rates = LearningRates.shifted(schedule, first);
    LocalStepper<B> sgd = AdamLocalStepper.sgdOrAdam(model, w, rates, localAdam);
    int n = block.numRows();
    int[] rows = new int[batchSize];
    for (int j = 0; j < localSteps; j++) {
      SplittableRandom r = MiniBatchSampler.generator(seed, first + j + 1, worker);
      for (int i = 0; i < batchSize; i++) {
        rows[i] = r.nextInt(n);
      }
      sgd.step(block, rows, batchSize);
    }
    double[] u = new double[w.length];
    sgd.weightsInto(u);
    int nnz = 0;
    for (int i = 0; i < u.length; i++) {
      if (u[i] != w[i]) {
        nnz++;
      }
    }
    int[] idx = new int[nnz];
    double[] val = new double[nnz];
    for (int i = 0, q = 0; i < u.length; i++) {
      if (u[i] != w[i]) {
        idx[q] = i;
        val[q++] = u[i] - w[i];
      }
    }
    return new SparseDelta(Integer.toString(worker), readVersion, clock, sgd.steps(), System.nanoTime() - t0, idx, val);
  }

  /**
   * The task: computes the delta, adds it to {@code deltas}, injects the straggler delay, and (fault
   * injection) fails the chosen first attempts after the push, so that a double apply would show.
   */
  WorkerStep run(int worker, Iterator<B> blocks, double[] w, long readVersion, long clock,
                 SparseDeltaAccumulator deltas, long origin, StragglerModel stragglers) {
    StepTimer timer = StepTimer.start(origin);
    B block = PartitionBlock.of(model, blocks, "the asynchronous worker");
    SparseDelta delta = compute(worker, block, w, readVersion, clock);
    deltas.add(delta);
    WorkerStep step = timer.finish(stragglers, worker, clock, 8L * w.length, delta.bytes());
    TaskContext task = TaskContext.get();
    if (task != null && task.attemptNumber() == 0 && failsFirstAttempt(seed, worker, clock, failFirstAttempts)) {
      throw new IllegalStateException("injected failure of the first attempt of worker " + worker
          + " update " + clock + " (failFirstAttempts=" + failFirstAttempts + ")");
    }
    return step;
  }

  /** Whether fault injection fails the first attempt of update {@code clock} of {@code worker}. */
  static boolean failsFirstAttempt(long seed, int worker, long clock, double share) {
    return share > 0 && MiniBatchSampler.generator(seed ^ 0x5eedfa11L, clock, worker).nextDouble() < share;
  }
}
