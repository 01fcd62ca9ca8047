package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.model.Workspace;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.store.SharedParameters;
import java.util.function.IntConsumer;

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
final class ModelHogwildWorker<B extends ExampleBlock> extends HogwildRoundTask<B> {
  private static final long serialVersionUID = 1L;

  private final Model<B> model;

  ModelHogwildWorker(Model<B> model, LearningRateSchedule schedule, HogwildConfig config, String runId, long seed,
                     double fraction) {
    super(schedule, config, runId, seed, fraction);
    this.model = model;
  }

  @Override
  int dimension() {
    return model.dimension();
  }

  @Override
  RowStep<B> rowStep(SharedParameters w, HogwildWorker.TouchedSet touched, double lr) {
    IntConsumer mark = touched::mark;
    Workspace ws = model.newWorkspace();
    return (block, row) -> model.racingStep(block, row, w, lr, mark, ws);
  }
}
