package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.store.SharedParameters;
import io.sparkdtrain.store.SparseDelta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * The row loop of a Hogwild! task (Niu, Recht, Re and Wright 2011), whatever the model: the task
 * takes its executor's shared array for the run ({@link LocalParameterRegistry}, left in a
 * {@code finally}), visits its partition's rows in the seeded order of {@link HogwildWorker#roundRows}
 * at the rate {@code schedule.rate(round - 1)}, stops within {@link HogwildWorker#CHECK_EVERY} rows
 * once killed or once its round is over ({@link HogwildWorker#checkLive}), takes each row's step
 * without locks (or under the executor's lock with {@link HogwildConfig#locked()}) and ships the
 * executor's change on the coordinates it touched ({@link HogwildWorker.TouchedSet}). A subclass
 * gives the step of one row: {@link HogwildWorker} the sparse linear step, {@link ModelHogwildWorker}
 * a {@code Model}'s racing step.
 *
 * @param <B> the block type
 */
abstract class HogwildRoundTask<B extends ExampleBlock> implements HogwildRun.RoundTask<B> {
  private static final long serialVersionUID = 1L;

  private final LearningRateSchedule schedule;
  private final HogwildConfig config;
  private final String runId;
  private final long seed;
  private final double fraction;

  HogwildRoundTask(LearningRateSchedule schedule, HogwildConfig config, String runId, long seed, double fraction) {
    this.schedule = schedule;
    this.config = config;
    this.runId = runId;
    this.seed = seed;
    this.fraction = fraction;
  }

  /** One row's step on the shared array, marking the coordinates it writes. */
  @FunctionalInterface
  interface RowStep<B> {
    void step(B block, int row);
  }

  /** The number of parameters. */
  abstract int dimension();

  /** The step of this task's rows at rate {@code lr} on {@code w} (made once per task). */
  abstract RowStep<B> rowStep(SharedParameters w, HogwildWorker.TouchedSet touched, double lr);

  @Override
  public final List<SparseDelta> run(Iterator<B> blocks, int round, long readVersion, double[] start) {
    long t0 = System.nanoTime();
    if (config.deterministic()) { // a private copy: the task's change depends on nothing but start and its rows
      SharedParameters own = new SharedParameters(dimension(), config.access());
      own.copyFrom(start);
      return steps(null, own, blocks, round, readVersion, start, t0);
    }
    LocalParameterRegistry.Slot slot = LocalParameterRegistry.acquire(runId, dimension(), config.access());
    try {
      return steps(slot, slot.forRound(round, () -> start), blocks, round, readVersion, start, t0);
    } finally {
      slot.finishTask();
    }
  }

  /**
   * The task's steps on {@code w}: its executor's shared array ({@code slot} given) or a private copy
   * ({@code slot} null, deterministic mode: the delta then carries the partition as its sequence).
   * On an executor of a cluster (not in local mode, not deterministic) the task also ships the
   * executor's change on the coordinates it had touched when half its rows were stepped, with the
   * source {@code executor + }{@link ExecutorMerge#HALF}, no steps, and the end delta's sequence,
   * and its own number of updates per touched coordinate (source {@code executor + }
   * {@link ExecutorMerge#COUNT}): the driver's {@link ExecutorMerge} measures from them how much the
   * executor's progress slowed.
   */
  private List<SparseDelta> steps(LocalParameterRegistry.Slot slot, SharedParameters w, Iterator<B> blocks,
                                  int round, long readVersion, double[] start, long t0) {
    TaskContext task = TaskContext.get();
    int partition = TaskContext.getPartitionId();
    String executor = SparkEnv.get().executorId();
    boolean measureHalf = slot != null && !"driver".equals(executor) // local mode: one array, no merge
        && !Boolean.getBoolean(ExecutorMerge.AVERAGE_PROPERTY);
    HogwildWorker.TouchedSet touched = new HogwildWorker.TouchedSet(dimension(), measureHalf);
    RowStep<B> stepper = rowStep(w, touched, schedule.rate(round - 1L));
    long halfAt = -1; // the row before which the mid-round delta is taken; blocks read lazily otherwise
    if (measureHalf) {
      List<B> mine = new ArrayList<>();
      blocks.forEachRemaining(mine::add);
      long total = 0;
      for (B block : mine) {
        int n = block.numRows();
        total += n == 0 ? 0 : fraction >= 1.0 ? n : MiniBatchSampler.batchSize(n, fraction);
      }
      halfAt = total / 2;
      blocks = mine.iterator();
    }
    SparseDelta half = null;
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
        if (visited == halfAt) {
          half = touched.toDelta(0, w, start, executor + ExecutorMerge.HALF, readVersion, 0, 0);
        }
        if ((visited++ & (HogwildWorker.CHECK_EVERY - 1)) == 0) {
          HogwildWorker.checkLive(task, slot, round); // a killed task or a finished round stops writing
        }
        if (config.locked()) {
          synchronized (slot.updateLock()) {
            stepper.step(block, row);
          }
        } else {
          stepper.step(block, row);
        }
      }
      steps += count;
    }
    long nanos = System.nanoTime() - t0;
    SparseDelta end = slot == null
        ? touched.toDelta(partition, w, start, executor, readVersion, steps, nanos)
        : touched.toDelta(slot, w, start, executor, readVersion, steps, nanos);
    if (!measureHalf) {
      return List.of(end);
    }
    if (half == null) { // no rows
      half = new SparseDelta(executor + ExecutorMerge.HALF, readVersion, 0, 0, 0, new int[0], new double[0]);
    }
    return List.of(end, new SparseDelta(half.source(), readVersion, end.sequence(), 0, 0, half.indices(),
        half.values()), touched.countsDelta(executor + ExecutorMerge.COUNT, readVersion, end.sequence()));
  }
}
