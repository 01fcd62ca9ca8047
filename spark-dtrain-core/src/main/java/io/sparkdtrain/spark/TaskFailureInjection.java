package io.sparkdtrain.spark;

import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.data.TrainingData;
import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;

/**
 * Fault injection for tests of retries (not for normal runs): the first attempt of a seeded share
 * {@code F} of the tasks that read an RDD fails <em>after</em> the task did all its work, from a
 * task-completion listener, so the attempt's result, shuffle output and accumulator updates are
 * produced and then thrown away by Spark, and the retry redoes the work. Which tasks fail is a
 * function of (seed, stage id, partition), the same for every attempt of a task, and only attempt 0
 * fails, so a run completes when tasks may be retried ({@code spark.task.maxFailures >= 2}, or
 * {@code local[N,F]} with F &gt;= 2; the default of {@code local[N]} is a single attempt).
 *
 * <p>The failure message contains "injected", which {@link ClusterActivity} counts separately.
 * Deterministic strategies must train the same model with and without it: a retried task reads the
 * same broadcast and the same cached block and so recomputes the same result.
 */
public final class TaskFailureInjection implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double share;
  private final long seed;

  /**
   * @param share the share F of tasks whose first attempt fails, in [0, 1)
   * @throws IllegalArgumentException naming {@code share} and its value when outside [0, 1)
   */
  public TaskFailureInjection(double share, long seed) {
    if (!(share >= 0 && share < 1)) {
      throw new IllegalArgumentException("Cannot set share to " + share
          + ", the value must be in [0, 1) (1 would fail every task's first attempt of every stage)");
    }
    this.share = share;
    this.seed = seed;
  }

  /** The share F. */
  public double share() {
    return share;
  }

  /** {@code data} whose tasks fail as this injection says (the cached blocks are shared). */
  public TrainingData applyTo(TrainingData data) {
    return data.withWrappedBlocks(this::wrap);
  }

  /**
   * {@code rdd} with the injection: every task that computes one of its partitions registers the
   * failing completion listener when chosen. Same partitions, same elements; unchanged when F = 0.
   */
  public <T> JavaRDD<T> wrap(JavaRDD<T> rdd) {
    if (share == 0) {
      return rdd;
    }
    TaskFailureInjection self = this;
    return rdd.mapPartitions(it -> {
      self.arm(TaskContext.get());
      return it;
    }, true);
  }

  /** Whether the first attempt of partition {@code partition} of stage {@code stage} fails. */
  public boolean failsFirstAttempt(int stage, int partition) {
    return share > 0
        && MiniBatchSampler.generator(seed ^ 0x7a5cfa11L, stage, partition).nextDouble() < share;
  }

  private void arm(TaskContext task) {
    if (task == null || task.attemptNumber() != 0 || !failsFirstAttempt(task.stageId(), task.partitionId())) {
      return;
    }
    int stage = task.stageId();
    int partition = task.partitionId();
    task.addTaskCompletionListener((TaskContext done) -> {
      if (!done.isInterrupted()) {
        throw new IllegalStateException("injected failure of the first attempt of stage " + stage
            + " partition " + partition + " (inject-task-failures=" + share + ")");
      }
    });
  }

  @Override
  public String toString() {
    return "TaskFailureInjection(share=" + share + ", seed=" + seed + ")";
  }
}
