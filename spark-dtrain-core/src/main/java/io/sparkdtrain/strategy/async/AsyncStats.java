package io.sparkdtrain.strategy.async;

import io.sparkdtrain.engine.TrainingLoop;
import io.sparkdtrain.events.WorkerEvent;
import io.sparkdtrain.events.WorkerStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-worker counters of {@link AsyncParameterServer} and the event recording shared by its two
 * modes (threaded, {@link AsyncRun}, and deterministic): jobs submitted, succeeded and failed, updates
 * applied, idle and compute time, the largest SSP clock gap, and the final model. Thread-safe: the
 * worker threads update it under this object's lock.
 */
final class AsyncStats {
  private final long[] updates;
  private final long[] jobs;
  private final long[] submitted;
  private final long[] failed;
  private final double[] idleMs;
  private final double[] computeMs;
  private long maxGap;
  private double[] finalWeights;

  AsyncStats(int workers) {
    updates = new long[workers];
    jobs = new long[workers];
    submitted = new long[workers];
    failed = new long[workers];
    idleMs = new double[workers];
    computeMs = new double[workers];
  }

  synchronized void record(TrainingLoop loop, WorkerStep step, AsyncApplier.Outcome o, double submitMs,
                           double doneMs, double waitMs) {
    int p = step.worker();
    updates[p] += o.applied() ? 1 : 0;
    idleMs[p] += waitMs;
    computeMs[p] += step.computeMs();
    WorkerEvent e = WorkerEvent.of(step, Math.max(0, step.startMs() - submitMs), Math.max(0, doneMs - step.endMs()),
        waitMs, (int) o.staleness());
    synchronized (loop.events()) {
      loop.events().record(e);
    }
  }

  /**
   * Runs a job of worker {@code p}, counting it as submitted and, when it throws (every attempt of
   * its task failed, or it was cancelled), as failed: its update was never merged.
   */
  WorkerStep submit(java.util.function.Supplier<WorkerStep> job, int p) {
    synchronized (this) {
      submitted[p]++;
    }
    try {
      return job.get();
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        failed[p]++;
      }
      throw e;
    }
  }

  synchronized long submitted() { return java.util.Arrays.stream(submitted).sum(); }
  synchronized long failed() { return java.util.Arrays.stream(failed).sum(); }

  /** Counts a job of worker {@code p} that succeeded (its delta was merged exactly once). */
  synchronized void completed(int p) {
    jobs[p]++;
  }

  synchronized void gap(long gap) {
    maxGap = Math.max(maxGap, gap);
  }

  synchronized AsyncStats finish(double[] w) {
    finalWeights = w;
    return this;
  }

  synchronized double[] finalWeights() { return finalWeights; }
  synchronized long maxGap() { return maxGap; }
  synchronized long clock(int p) { return jobs[p]; }

  synchronized long jobs() {
    long n = 0;
    for (long j : jobs) {
      n += j;
    }
    return n;
  }

  synchronized List<Map<String, Object>> perWorker() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int p = 0; p < updates.length; p++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("worker", p);
      m.put("jobs", jobs[p]);
      m.put("updates", updates[p]);
      m.put("idle_ms", idleMs[p]);
      m.put("compute_ms", computeMs[p]);
      out.add(m);
    }
    return out;
  }
}
