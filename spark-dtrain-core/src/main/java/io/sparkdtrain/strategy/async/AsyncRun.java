package io.sparkdtrain.strategy.async;

import io.sparkdtrain.engine.TrainingLoop;
import io.sparkdtrain.events.WorkerStep;
import io.sparkdtrain.store.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The threaded (really asynchronous) mode of {@link AsyncParameterServer}: one driver thread per
 * worker, each looping read - submit one-partition job - apply, gated only by the SSP bound and by
 * evaluation pauses; the calling thread runs the rounds. All waiting is on this object's monitor.
 * The worker threads are created after {@link TrainingLoop#start}, so they inherit the job group of
 * the run (the caller's, when it had one: see {@link TrainingLoop}).
 */
final class AsyncRun {
  private final JavaSparkContext sc;
  private final TrainingLoop loop;
  private final ParameterStore store;
  private final AsyncApplier applier;
  private final AsyncParameterServer.Jobs<?> jobs;
  private final int workers;
  private final int perRound;
  private final int maxStaleness;
  private final long[] clocks;
  /** Tags this run's worker jobs, so the run can cancel its own jobs and no one else's. */
  private final String tag = "dtrain-async-" + UUID.randomUUID();
  private final AsyncStats stats;
  private boolean stopped;
  private boolean paused;
  private int running;
  private int applying;
  private Throwable failure;

  AsyncRun(JavaSparkContext sc, TrainingLoop loop, ParameterStore store, AsyncApplier applier,
           AsyncParameterServer.Jobs<?> jobs, int workers, int perRound, int maxStaleness) {
    this.sc = sc;
    this.loop = loop;
    this.store = store;
    this.applier = applier;
    this.jobs = jobs;
    this.workers = workers;
    this.perRound = perRound;
    this.maxStaleness = maxStaleness;
    this.clocks = new long[workers];
    this.stats = new AsyncStats(workers);
  }

  /** Runs until a stopping rule fires; returns with every worker thread ended and no job running. */
  AsyncStats run() {
    List<Thread> threads = new ArrayList<>(workers);
    boolean clean = false;
    double[] w = store.snapshot();
    try {
      synchronized (this) {
        running = workers;
      }
      for (int p = 0; p < workers; p++) {
        int worker = p;
        Thread t = new Thread(() -> workerLoop(worker), "dtrain-async-worker-" + p);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      long target = 0;
      long bytesBefore = 0;
      while (loop.hasNextRound()) {
        loop.beginRound();
        target += perRound;
        awaitProcessed(target);
        pauseApplies();
        w = store.snapshot();
        long bytes = applier.bytesPushed() + applier.bytesPulled();
        loop.endRound(w, bytes - bytesBefore);
        bytesBefore = bytes;
        if (loop.hasNextRound()) {
          setPaused(false);
        }
      }
      // still paused: nothing was applied since the snapshot, so the counters describe w exactly
      applier.stop();
      clean = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("asynchronous training was interrupted", e);
    } finally {
      applier.stop();
      synchronized (this) {
        stopped = true;
        notifyAll();
      }
      if (!clean) {
        sc.sc().cancelJobsWithTag(tag);
      }
      joinAll(threads);
    }
    return stats.finish(w);
  }

  /**
   * Joins every worker thread, even when the caller was interrupted (the interrupt flag is restored
   * afterwards): train must never return while a worker can still submit a job. A join, unlike an
   * executor's termination (signalled from inside its last thread before that thread ends), returns
   * only once the thread is dead. A worker still blocked after 60 s has its jobs cancelled and is
   * interrupted, then joined once more.
   */
  private void joinAll(List<Thread> threads) {
    boolean interrupted = Thread.interrupted();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      if (!joinUninterruptibly(threads, deadline)) {
        sc.sc().cancelJobsWithTag(tag);
        threads.forEach(Thread::interrupt);
        joinUninterruptibly(threads, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** True when every thread ended before the deadline (System.nanoTime). */
  private static boolean joinUninterruptibly(List<Thread> threads, long deadline) {
    for (Thread t : threads) {
      while (t.isAlive()) {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMs <= 0) {
          return false;
        }
        try {
          t.join(leftMs);
        } catch (InterruptedException e) {
          // keep waiting; joinAll restores the flag
        }
      }
    }
    return true;
  }

  private synchronized void awaitProcessed(long target) throws InterruptedException {
    while (applier.processed() < target && failure == null && running > 0) {
      wait(100);
    }
    if (failure != null) {
      throw new IllegalStateException("an asynchronous worker failed: " + failure.getMessage(), failure);
    }
    if (applier.processed() < target) {
      throw new IllegalStateException("every asynchronous worker stopped before " + target + " updates");
    }
  }

  /**
   * Pauses the run and waits until no worker thread is inside an apply: from then until the pause
   * ends the store does not change, so a snapshot taken now is the model the counters describe.
   */
  private synchronized void pauseApplies() throws InterruptedException {
    paused = true;
    notifyAll();
    while (applying > 0) {
      wait(100);
    }
  }

  /** Waits while paused (unless stopped), then counts the caller as applying. */
  private synchronized void beginApply() throws InterruptedException {
    while (paused && !stopped) {
      wait(50);
    }
    applying++;
  }

  private synchronized void endApply() {
    applying--;
    notifyAll();
  }

  private synchronized void setPaused(boolean value) {
    paused = value;
    notifyAll();
  }

  private void workerLoop(int p) {
    // The thread inherited the caller's job group (or the loop's own), which it keeps, so that
    // cancelling the caller's group cancels the workers' jobs too; the tag is for the run's own
    // cancellation of its workers.
    sc.sc().addJobTag(tag);
    sc.sc().setInterruptOnCancel(true);
    sc.setJobDescription("dtrain async worker " + p);
    try {
      while (true) {
        double waitMs = awaitTurn(p);
        if (waitMs < 0) {
          return;
        }
        AsyncApplier.Read read = applier.read(p);
        double submit = loop.events().nowMs();
        WorkerStep step = stats.submit(() -> jobs.run(p, read.weights(), read.version(), clocks[p]), p);
        double done = loop.events().nowMs();
        stats.completed(p);
        beginApply(); // updates are applied only between pauses (after stop they are discarded)
        try {
          applier.drainAndApply();
        } finally {
          endApply();
        }
        AsyncApplier.Outcome o = applier.outcome(p, clocks[p]);
        synchronized (this) {
          if (o != null) { // processed before the stop: in the model (or dropped), so counted
            stats.record(loop, step, o, submit, done, waitMs);
          }
          clocks[p]++;
          notifyAll();
        }
      }
    } catch (Throwable t) {
      synchronized (this) {
        if (!stopped && failure == null) {
          failure = t;
        }
      }
    } finally {
      synchronized (this) {
        running--;
        notifyAll();
      }
      sc.sc().removeJobTag(tag);
    }
  }

  /** Blocks while paused or past the SSP bound; returns the SSP wait (ms), or -1 when stopped. */
  private synchronized double awaitTurn(int p) throws InterruptedException {
    double sspWait = 0;
    while (!stopped) {
      long gap = clocks[p] - minClock();
      if (!paused && (maxStaleness < 0 || gap <= maxStaleness)) {
        stats.gap(gap);
        return sspWait;
      }
      double t0 = loop.events().nowMs();
      boolean ssp = !paused;
      wait(50);
      if (ssp) {
        sspWait += loop.events().nowMs() - t0;
      }
    }
    return -1;
  }

  private long minClock() {
    long min = Long.MAX_VALUE;
    for (long c : clocks) {
      min = Math.min(min, c);
    }
    return min;
  }
}
