package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.engine.LocalUpdate;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.strategy.local.LocalSgdConfig;
import io.sparkdtrain.strategy.local.LocalSgdWorker;
import java.util.List;

/**
 * Local SGD's worker rounds without Spark, for benchmarks: the exact code a {@link LocalSgd} task
 * runs on its partition ({@code LocalSgdWorker}: a copy of the round's model, H seeded mini-batch
 * steps of {@code SparseSgd}, then the weighted update it would ship), called in a loop on one
 * thread, every round starting from the same given model (the cost of a step does not depend on the
 * weights' values, and the driver's averaging is not part of a worker's loop). What it leaves
 * out is exactly what a Spark task adds around it: task scheduling and deserialisation, the
 * broadcast fetch, the cached block's lookup, the result's serialisation and the tree aggregate.
 *
 * <p>The benchmark harness times it side by side with the plain one-core loop on the same blocks,
 * which is the measure of issue 11's "Local SGD's inner loop within 1.5x of the plain Java loop per
 * example processed" (Stich 2019, "Local SGD Converges Fast and Communicates Little", for the method).
 */
public final class LocalSgdInnerLoop {
  private final LocalSgdWorker worker;
  private final int localSteps;
  private final int batchSize;
  private long firstStep;
  private double lastWeight;

  /**
   * @param objective the problem
   * @param schedule the learning rate per global local step
   * @param localSteps H, local steps per round, {@code >= 1}
   * @param batchSize B, rows per local step, {@code >= 1}
   * @param seed the mini-batch sampling seed
   */
  public LocalSgdInnerLoop(Objective objective, LearningRateSchedule schedule, int localSteps, int batchSize,
                           long seed) {
    if (localSteps < 1 || batchSize < 1) {
      throw new IllegalArgumentException("Cannot set localSteps to " + localSteps + " and batchSize to " + batchSize
          + ", both must be >= 1");
    }
    this.localSteps = localSteps;
    this.batchSize = batchSize;
    this.worker = new LocalSgdWorker(objective, schedule, seed, batchSize, 0.0, LocalSgdConfig.SparseDeltas.AUTO);
  }

  /**
   * Runs {@code rounds} worker rounds of partition {@code partition} on {@code block}, each from
   * {@code w} (not modified), at successive global steps; returns the examples processed
   * ({@code rounds x H x B}) and the weight of the last update in {@link #lastWeight()}.
   */
  public long run(int partition, CsrBlock block, double[] w, int rounds) {
    for (int r = 0; r < rounds; r++) {
      LocalUpdate u = worker.run(partition, List.of(block).iterator(), w, firstStep, localSteps);
      firstStep += localSteps;
      lastWeight = u.weight();
    }
    return (long) rounds * localSteps * batchSize;
  }

  /** The weight (the partition's weight sum) the last round's update carried; 0 for an empty block. */
  public double lastWeight() {
    return lastWeight;
  }
}
