package io.sparkdtrain.testing;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Follows the Spark jobs whose job group starts with a prefix, from Spark's own listener events, so a
 * test can wait for "a job of ours started" and "every job of ours ended" on a condition the
 * listener bus signals (no polling of the status tracker, which also lists other tests' jobs whose
 * end it has not yet processed). Register with {@link #attach}, remove with {@link #close}.
 */
public final class JobTracker extends SparkListener implements AutoCloseable {
  private final String groupPrefix;
  private final SparkContext sc;
  private final Set<Integer> active = new HashSet<>();
  private int started;

  private JobTracker(SparkContext sc, String groupPrefix) {
    this.sc = sc;
    this.groupPrefix = groupPrefix;
  }

  /** A tracker of the jobs in groups starting with {@code groupPrefix}, registered on {@code sc}. */
  public static JobTracker attach(SparkContext sc, String groupPrefix) {
    JobTracker t = new JobTracker(sc, groupPrefix);
    sc.addSparkListener(t);
    return t;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart start) {
    String group = start.properties() == null ? null : start.properties().getProperty("spark.jobGroup.id");
    if (group != null && group.startsWith(groupPrefix)) {
      active.add(start.jobId());
      started++;
      notifyAll();
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    if (active.remove(end.jobId())) {
      notifyAll();
    }
  }

  /** Waits until at least {@code n} tracked jobs have started; false on timeout. */
  public synchronized boolean awaitStarted(int n, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (started < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * Waits until every tracked job that started has ended (the listener bus delivers job ends after
   * the job's caller has returned); returns the jobs still active at the timeout (empty when done).
   */
  public synchronized Set<Integer> awaitNoneActive(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!active.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return new HashSet<>(active);
  }

  public synchronized int started() {
    return started;
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
  }
}
