package io.sparkdtrain.strategy.async;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.Optimizers;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.events.WorkerEvent;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.store.SparseDelta;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.local.LocalSgdTest;
import io.sparkdtrain.testing.JobTracker;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncParameterServer} in the shared {@code local[2]} session on 4 small logistic partitions:
 * the deterministic mode against a hand-computed schedule and a naive sequential loop, the SSP bound
 * on the recorded events, exactly-once counts, and clean-up after success and failure.
 */
class AsyncParameterServerTest {
  static final int FEATURES = 20;
  static final int WORKERS = 4;
  static List<CsrBlock> blocks;
  static TrainingData data;
  JobTracker jobs;

  @BeforeEach
  void trackJobs() {
    jobs = JobTracker.attach(SharedSpark.context().sc(), "dtrain-async");
  }

  @AfterEach
  void untrackJobs() {
    jobs.close();
  }

  @BeforeAll
  static void data() {
    blocks = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(11);
    for (int p = 0; p < WORKERS; p++) {
      CsrBlockBuilder b = new CsrBlockBuilder(FEATURES, false);
      for (int i = 0; i < 60; i++) {
        int f = r.nextInt(FEATURES - 2);
        double x = r.nextGaussian();
        b.addRow(x + (f % 2 == 0 ? 0.5 : -0.5) > 0 ? 1.0 : -1.0, 1.0, new int[] {f, f + 1}, new double[] {x, 1});
      }
      blocks.add(b.build());
    }
    data = LocalSgdTest.fromBlocks(blocks, FEATURES, new LogisticLoss());
  }

  @AfterAll
  static void release() {
    data.close();
  }

  static Objective objective() {
    return new Objective(new LogisticLoss(), Regularization.l2(1e-3), new ModelShape(FEATURES, 1, true));
  }

  static TrainingContext context(int rounds, StragglerModel stragglers) {
    TrainingConfig tc = TrainingConfig.builder().stepSize(0.2).maxRounds(rounds).seed(3).build();
    return new TrainingContext(SharedSpark.context(), data, null, objective(), tc, null, null, stragglers);
  }

  static TrainingResult train(AsyncConfig.Builder b, int rounds) {
    return new AsyncParameterServer(b.batchSize(8).build()).train(context(rounds, StragglerModel.NONE));
  }

  @Test
  void injectedStalenessFollowsTheHandComputedSchedule() {
    TrainingResult r = train(AsyncConfig.builder().injectStaleness(2), 3);
    List<WorkerEvent> events = r.events().events();
    assertEquals(12, events.size());
    for (int t = 0; t < 12; t++) {
      // update t: worker t mod 4, its clock t / 4, read at version max(0, t - 2), applied at version t
      assertEquals(t % WORKERS, events.get(t).worker(), "worker of update " + t);
      assertEquals(t / WORKERS, events.get(t).step(), "clock of update " + t);
      assertEquals(Math.min(t, 2), events.get(t).staleness(), "staleness of update " + t);
    }
    assertEquals(12L, r.extras().get("updates"));
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) r.extras().get("staleness");
    assertEquals(2L, s.get("max"));
    assertEquals((0 + 1 + 2 * 10) / 12.0, (double) s.get("mean"), 1e-12);
  }

  @Test
  void deterministicModeEqualsANaiveDelayedLoopAndRepeats() {
    int tau = 3;
    TrainingResult r = train(AsyncConfig.builder().injectStaleness(tau), 2);
    // the reference: the same worker code on the driver, w_{t+1} = w_t + delta(w_{max(0, t - tau)})
    TrainingConfig tc = context(2, null).config();
    AsyncWorker worker = new AsyncWorker(objective(), Optimizers.schedule(tc), tc.seed(),
        AsyncConfig.builder().batchSize(8).build());
    List<double[]> versions = new ArrayList<>();
    versions.add(new double[objective().shape().dimension()]);
    for (int t = 0; t < 8; t++) {
      double[] read = versions.get(Math.max(0, t - tau));
      SparseDelta d = worker.compute(t % WORKERS, blocks.get(t % WORKERS), read, 0, t / WORKERS);
      double[] next = versions.get(t).clone();
      for (int q = 0; q < d.nnz(); q++) {
        next[d.indices()[q]] += d.values()[q];
      }
      versions.add(next);
    }
    assertArrayEquals(versions.get(8), r.weights(), 1e-12);
    assertArrayEquals(r.weights(), train(AsyncConfig.builder().injectStaleness(tau), 2).weights(), 0.0);
  }

  @Test
  void dropBoundDropsEveryUpdateOlderThanIt() {
    // tau = 2, drop > 1: updates 0 and 1 apply (staleness 0, 1); at version 2 every later update reads
    // version 0 and is 2 old, so all 10 others are dropped and the version stays 2
    TrainingResult r = train(AsyncConfig.builder().injectStaleness(2).dropStaleness(1), 3);
    assertEquals(2L, r.extras().get("updates"));
    assertEquals(10L, r.extras().get("updates_dropped"));
  }

  @Test
  void sspNeverLetsAWorkerRunMoreThanTheBoundAheadAndEachDeltaAppliesOnce() throws InterruptedException {
    int s = 1;
    StragglerModel slow = StragglerModel.builder().slow(0, 4.0).build();
    TrainingResult r = new AsyncParameterServer(AsyncConfig.builder().batchSize(8).localSteps(20).maxStaleness(s)
        .build()).train(context(6, slow));
    List<WorkerEvent> events = r.events().events();
    for (WorkerEvent e : events) {
      for (int q = 0; q < WORKERS; q++) {
        int other = q;
        long doneBefore = events.stream().filter(x -> x.worker() == other && x.endMs() <= e.startMs()).count();
        assertTrue(e.step() - doneBefore <= s, "worker " + e.worker() + " started clock " + e.step()
            + " when worker " + q + " had finished only " + doneBefore);
      }
    }
    assertTrue((long) r.extras().get("ssp_max_gap") <= s);
    assertExactlyOnce(r.extras());
    assertClean();
  }

  @Test
  void unboundedAsyncRecordsStalenessAndLeavesNothingRunning() throws InterruptedException {
    TrainingResult r = train(AsyncConfig.builder().localSteps(5), 5);
    assertTrue((long) r.extras().get("updates") >= 5 * WORKERS);
    assertTrue(r.events().staleness().length >= 20);
    assertTrue(r.finalObjective() < r.history().get(0).objective());
    assertExactlyOnce(r.extras());
    assertClean();
  }

  @Test
  void aFailingTaskFailsTrainingAndLeavesNothingRunning() throws InterruptedException {
    // the shared session allows no retry: the first failed attempt fails its job
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> train(AsyncConfig.builder().failFirstAttempts(1.0), 3));
    assertTrue(e.getMessage().contains("asynchronous worker failed"), e.getMessage());
    assertClean();
  }

  @Test
  void cancellingTrainingStopsEveryWorkerAndJob() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
    Thread trainer = new Thread(() -> {
      try {
        train(AsyncConfig.builder().localSteps(5), 100_000);
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "async-test-trainer");
    trainer.start();
    // wait (on a condition the listener bus signals, bounded) until the workers submit jobs, then cancel
    assertTrue(jobs.awaitStarted(WORKERS + 1, 60, TimeUnit.SECONDS), "training started jobs");
    trainer.interrupt(); // how a caller cancels train
    trainer.join(60_000);
    assertTrue(!trainer.isAlive(), "train returned after the interrupt");
    assertTrue(thrown.get() != null, "an interrupted run ends with an exception");
    assertClean();
  }

  static void assertExactlyOnce(Map<String, Object> x) {
    long received = (long) x.get("deltas_received");
    assertEquals(received, (long) x.get("jobs_succeeded"), "one merged delta per successful job");
    assertEquals(received, (long) x.get("updates") + (long) x.get("updates_dropped")
        + (long) x.get("updates_discarded_after_stop"), "each merged delta applied, dropped or discarded once");
  }

  /**
   * No worker thread alive and no job of the run still active. Every worker thread has returned from
   * its job when train returns; Spark's listener bus reports the jobs' ends asynchronously, so the
   * test waits (bounded) for the tracker to have seen every started job end.
   */
  void assertClean() throws InterruptedException {
    assertClean(jobs);
  }

  /** {@link #assertClean()} for a tracker of the caller's (jobs in groups "dtrain-async..."). */
  public static void assertClean(JobTracker tracker) throws InterruptedException {
    assertEquals(java.util.Set.of(), tracker.awaitNoneActive(30, TimeUnit.SECONDS), "active async Spark jobs");
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(
        t -> t.getName().startsWith("dtrain-async") && t.isAlive()), "dtrain-async threads left");
  }
}
