package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.model.Workspace;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.store.SharedParameters;
import io.sparkdtrain.store.SparseDelta;
import java.util.Iterator;
import java.util.function.IntConsumer;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * The executor side of {@link HogwildSgd} for any {@link Model} other than the linear one (matrix
 * factorisation; dense models through the interface's fallback): one task's share of an epoch. As
 * {@link HogwildWorker}: the task takes its executor's shared array, visits its rows in the seeded
 * order of {@link HogwildWorker#roundRows} and takes each row's {@link Model#racingStep} on the
 * shared array at the rate {@code schedule.rate(round - 1)}, without locks (or under the executor's
 * lock with {@link HogwildConfig#locked()}), recording the coordinates it wrote; then it ships the
 * executor's change on them ({@link HogwildWorker.TouchedSet}). The slot's life cycle is
 * {@link HogwildWorker}'s: the task leaves it in {@code finally} and stops within
 * {@link HogwildWorker#CHECK_EVERY} rows once killed or once its round is over.
 *
 * @param <B> the model's block type
 */
final class ModelHogwildWorker<B extends ExampleBlock> implements HogwildRun.RoundTask<B> {
  private static final long serialVersionUID = 1L;

  private final Model<B> model;
  private final LearningRateSchedule schedule;
  private final HogwildConfig config;
  private final String runId;
  private final long seed;
  private final double fraction;

  ModelHogwildWorker(Model<B> model, LearningRateSchedule schedule, HogwildConfig config, String runId, long seed,
                     double fraction) {
    this.model = model;
    this.schedule = schedule;
    this.config = config;
    this.runId = runId;
    this.seed = seed;
    this.fraction = fraction;
  }

  @Override
  public SparseDelta run(Iterator<B> blocks, int round, long readVersion, double[] start) {
    long t0 = System.nanoTime();
    LocalParameterRegistry.Slot slot = LocalParameterRegistry.acquire(runId, model.dimension(), config.access());
    try {
      return runOn(slot, blocks, round, readVersion, start, t0);
    } finally {
      slot.finishTask();
    }
  }

  private SparseDelta runOn(LocalParameterRegistry.Slot slot, Iterator<B> blocks, int round, long readVersion,
                            double[] start, long t0) {
    int dim = model.dimension();
    SharedParameters w = slot.forRound(round, () -> start);
    TaskContext task = TaskContext.get();
    HogwildWorker.TouchedSet touched = new HogwildWorker.TouchedSet(dim);
    IntConsumer mark = touched::mark;
    Workspace ws = model.newWorkspace();
    double lr = schedule.rate(round - 1L);
    int partition = TaskContext.getPartitionId();
    long steps = 0;
    long visited = 0;
    int blockIndex = 0;
    while (blocks.hasNext()) {
      B block = blocks.next();
      int n = block.numRows();
      if (n == 0) {
        continue;
      }
      int stream = partition * 1_000_003 + blockIndex++;
      int count = fraction >= 1.0 ? n : MiniBatchSampler.batchSize(n, fraction);
      for (int row : HogwildWorker.roundRows(n, count, round, seed, stream)) {
        if ((visited++ & (HogwildWorker.CHECK_EVERY - 1)) == 0) {
          HogwildWorker.checkLive(task, slot, round); // a killed task or a finished round stops writing
        }
        if (config.locked()) {
          synchronized (slot.updateLock()) {
            model.racingStep(block, row, w, lr, mark, ws);
          }
        } else {
          model.racingStep(block, row, w, lr, mark, ws);
        }
      }
      steps += count;
    }
    return touched.toDelta(slot, w, start, SparkEnv.get().executorId(), readVersion, steps,
        System.nanoTime() - t0);
  }
}
