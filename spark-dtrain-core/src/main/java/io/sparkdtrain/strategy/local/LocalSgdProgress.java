package io.sparkdtrain.strategy.local;

import io.sparkdtrain.checkpoint.Checkpointable;
import io.sparkdtrain.checkpoint.StrategyState;
import io.sparkdtrain.engine.LocalUpdate;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.optim.Sgd;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver-side state a {@link LocalSgd} round leaves behind: the global step count, the counters
 * of the report, the outer optimiser, the H schedule and (with top-k error feedback) the executors'
 * residuals; saved in checkpoints and restored on resume.
 */
final class LocalSgdProgress implements Checkpointable {
  private final Sgd outer;
  private final LocalStepsSchedule schedule;
  private final String settings;
  long firstStep;
  long bytesDown;
  long bytesUp;
  long workerSteps;
  int sparseMessages;
  final List<Integer> perRound = new ArrayList<>();
  private final Residuals residuals;

  LocalSgdProgress(Sgd outer, LocalStepsSchedule schedule, String settings, Residuals residuals) {
    this.outer = outer;
    this.schedule = schedule;
    this.settings = settings;
    this.residuals = residuals;
  }

  void add(int h, LocalUpdate sum, long down) {
    firstStep += h;
    perRound.add(h);
    workerSteps += sum.steps();
    sparseMessages += sum.sparseMessages();
    bytesDown += down;
    bytesUp += sum.bytes();
  }

  @Override
  public String settings() {
    return settings;
  }

  @Override
  public void save(StrategyState out) {
    out.putLong("first_step", firstStep).putLong("bytes_down", bytesDown).putLong("bytes_up", bytesUp)
        .putLong("worker_steps", workerSteps).putLong("sparse_messages", sparseMessages)
        .putInts("local_steps_per_round", perRound.stream().mapToInt(Integer::intValue).toArray())
        .putOptimizer("outer", outer);
    schedule.save(out);
    if (residuals != null) {
      residuals.save(perRound.size(), out);
    }
  }

  @Override
  public void restore(StrategyState in) {
    firstStep = in.getLong("first_step");
    bytesDown = in.getLong("bytes_down");
    bytesUp = in.getLong("bytes_up");
    workerSteps = in.getLong("worker_steps");
    sparseMessages = (int) in.getLong("sparse_messages");
    perRound.clear();
    for (int h : in.getInts("local_steps_per_round")) {
      perRound.add(h);
    }
    in.restoreOptimizer("outer", outer);
    schedule.restore(in);
    if (residuals != null) {
      residuals.restore(perRound.size(), in);
    }
  }

  /**
   * The top-k residuals in a checkpoint: collected from the executors after round r (one job, one
   * task per partition, normally where the cached block and so the residual lives; a partition
   * whose task runs elsewhere reads zero, as a moved partition does during a run) and, on resume,
   * stored back under the new run's id as the residuals carried into round r + 1.
   */
  record Residuals(TrainingContext context, JavaRDD<?> blocks, String runId) {
    void save(int round, StrategyState out) {
      String run = runId;
      List<double[]> all = blocks.mapPartitionsWithIndex((p, it) -> {
        double[] r = LocalSgdResiduals.carriedInto(run, p, round + 1);
        return Collections.singletonList(r == null ? new double[0] : r.clone()).iterator();
      }, true).collect();
      for (int p = 0; p < all.size(); p++) {
        out.putDoubles("residual." + p, all.get(p));
      }
    }

    void restore(int round, StrategyState in) {
      double[][] all = new double[blocks.getNumPartitions()][];
      for (int p = 0; p < all.length; p++) {
        all[p] = in.getDoubles("residual." + p);
      }
      Broadcast<double[][]> saved = context.sparkContext().broadcast(all);
      String run = runId;
      try {
        blocks.mapPartitionsWithIndex((p, it) -> {
          double[] r = saved.value()[p];
          LocalSgdResiduals.store(run, p, round, null, r.length == 0 ? null : r.clone());
          return Collections.<Integer>emptyIterator();
        }, true).count();
      } finally {
        saved.destroy();
      }
    }
  }
}
