package io.sparkdtrain.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * What the cluster did during a run, as seen from the driver's listener bus: executors added and
 * removed (a killed executor JVM, a relaunched one), task attempts started, speculative copies
 * launched, and failed attempts by reason ({@code injected} for the fault injection of
 * {@link TaskFailureInjection} and {@code AsyncConfig.failFirstAttempts}, {@code executor_lost} for an
 * attempt whose executor died, {@code killed} for a losing speculative copy, {@code other}). A
 * read-only observer: it changes nothing the scheduler does, so a run with or without it trains the
 * same model. Register with {@link #attach(SparkContext)} before the run; {@link #report()} is the
 * {@code spark} section of the {@code dtrain} report.
 *
 * <p>Listener events are delivered asynchronously; {@link #report()} first waits (bounded) for the
 * listener bus to drain, so events posted before the call are counted.
 */
public final class ClusterActivity extends SparkListener {
  private final SparkContext sc;
  private final TreeSet<String> live = new TreeSet<>();
  private final TreeSet<String> seen = new TreeSet<>();
  private final TreeMap<String, Long> failures = new TreeMap<>();
  private long removed;
  private int maxLive;
  private long attempts;
  private long speculative;
  private long speculativeSucceeded;

  private ClusterActivity(SparkContext sc) {
    this.sc = sc;
  }

  /** A listener registered on {@code sc}, knowing the executors already registered. */
  public static ClusterActivity attach(SparkContext sc) {
    ClusterActivity a = new ClusterActivity(sc);
    sc.addSparkListener(a);
    synchronized (a) {
      if (!sc.isLocal()) {
        for (String id : scala.collection.JavaConverters.seqAsJavaList(sc.getExecutorIds())) {
          a.live.add(id);
          a.seen.add(id);
        }
      }
      a.maxLive = Math.max(a.maxLive, a.live.size());
    }
    return a;
  }

  @Override
  public synchronized void onExecutorAdded(SparkListenerExecutorAdded e) {
    live.add(e.executorId());
    seen.add(e.executorId());
    maxLive = Math.max(maxLive, live.size());
    notifyAll();
  }

  /**
   * Waits until {@code count} executors are registered; returns false if they are not within
   * {@code timeoutMillis}.
   */
  public synchronized boolean awaitExecutors(int count, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (live.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  @Override
  public synchronized void onExecutorRemoved(SparkListenerExecutorRemoved e) {
    live.remove(e.executorId());
    removed++;
    notifyAll();
  }

  @Override
  public synchronized void onTaskStart(SparkListenerTaskStart e) {
    attempts++;
    if (e.taskInfo().speculative()) {
      speculative++;
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
    TaskEndReason reason = e.reason();
    if (e.taskInfo().successful()) {
      speculativeSucceeded += e.taskInfo().speculative() ? 1 : 0;
      return;
    }
    String kind;
    if (reason instanceof ExceptionFailure f) {
      kind = f.description() != null && f.description().contains("injected") ? "injected" : "other";
    } else if (reason instanceof ExecutorLostFailure) {
      kind = "executor_lost";
    } else if (reason instanceof org.apache.spark.TaskKilled) {
      kind = "killed";
    } else {
      kind = "other";
    }
    failures.merge(kind, 1L, Long::sum);
  }

  /** Speculative copies launched so far (events delivered so far). */
  public synchronized long speculativeLaunched() {
    return speculative;
  }

  /** Failed (or killed) task attempts of {@code kind}: injected, executor_lost, killed, other. */
  public synchronized long failed(String kind) {
    return failures.getOrDefault(kind, 0L);
  }

  /** Waits (up to 10 s) for the listener bus to deliver what was posted so far. */
  public void drain() {
    try {
      sc.listenerBus().waitUntilEmpty(10_000);
    } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
      // counts may then miss the last events; the report says what was seen
    }
  }

  /**
   * The {@code spark} report section: {@code master}, {@code executors_seen} (ids),
   * {@code executors_removed}, {@code executors_live_at_end}, {@code max_live_executors},
   * {@code task_attempts}, {@code speculative_launched}, {@code speculative_succeeded},
   * {@code tasks_failed} (by reason).
   */
  public Map<String, Object> report() {
    drain();
    synchronized (this) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("master", sc.master());
      m.put("executors_seen", String.join(",", seen));
      m.put("executors_removed", removed);
      m.put("executors_live_at_end", live.size());
      m.put("max_live_executors", maxLive);
      m.put("task_attempts", attempts);
      m.put("speculative_launched", speculative);
      m.put("speculative_succeeded", speculativeSucceeded);
      m.put("tasks_failed", new LinkedHashMap<>(failures));
      return m;
    }
  }

  /** Stops listening. */
  public void detach() {
    sc.removeSparkListener(this);
  }
}
