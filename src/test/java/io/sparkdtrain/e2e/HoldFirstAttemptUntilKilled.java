package io.sparkdtrain.e2e;

import java.io.Serializable;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.JavaRDD;

/**
 * A deterministic straggler for speculation tests: the first attempt (attempt 0) of every task
 * of partition {@code partition} reads all its rows, then does not end until Spark kills it. So in
 * every stage the task's speculative copy (attempt 1, on another host) is the one that commits, and
 * the original's result never arrives. The hold waits on a condition (the task's kill flag, polled
 * every millisecond), not on a time; it fails the attempt after {@code limitSeconds} with a message
 * saying that no speculative copy committed, so a run without speculation fails instead of hanging.
 */
final class HoldFirstAttemptUntilKilled implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int partition;
  private final long limitSeconds;

  HoldFirstAttemptUntilKilled(int partition, long limitSeconds) {
    this.partition = partition;
    this.limitSeconds = limitSeconds;
  }

  /** {@code rdd} whose attempt 0 of partition {@code partition} holds after its last element. */
  <T> JavaRDD<T> wrap(JavaRDD<T> rdd) {
    HoldFirstAttemptUntilKilled self = this;
    return rdd.mapPartitions(it -> new Iterator<T>() {
      @Override
      public boolean hasNext() {
        if (it.hasNext()) {
          return true;
        }
        self.holdIfFirstAttempt(TaskContext.get());
        return false;
      }

      @Override
      public T next() {
        return it.next();
      }
    }, true);
  }

  private void holdIfFirstAttempt(TaskContext task) {
    if (task == null || task.partitionId() != partition || task.attemptNumber() != 0) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
    while (!task.isInterrupted()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("attempt 0 of stage " + task.stageId() + " partition " + partition
            + " was not killed within " + limitSeconds + " s: no speculative copy committed");
      }
      LockSupport.parkNanos(1_000_000L);
    }
    throw new TaskKilledException("held attempt 0 of partition " + partition + " released by its kill");
  }
}
