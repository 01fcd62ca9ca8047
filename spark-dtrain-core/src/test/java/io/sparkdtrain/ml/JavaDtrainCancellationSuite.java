package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.testing.JobTracker;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Notebook etiquette, as Zeppelin uses Spark: a paragraph runs {@code fit} in its own job group and
 * cancels it with {@code cancelJobGroup(group)} from another thread. For every strategy, a fit that
 * would run for 100,000 rounds is started in a caller's group; once a job of that group has been
 * seen (which also proves the run kept the caller's group: the tracker follows only that group),
 * the group is cancelled. The fit must throw an exception that says it was cancelled, and leave
 * nothing running: no job of the group, no {@code dtrain-} thread, no cached RDD, no model
 * broadcast. Spark cancels only the jobs active at the moment of {@code cancelJobGroup}; when one
 * round's job ends just before the call, the cancel is repeated at the next job (the count is
 * printed).
 */
class JavaDtrainCancellationSuite {

  @Test
  void cancellingTheCallersJobGroupStopsEveryStrategyAndLeavesNothingRunning() throws Exception {
    Dataset<Row> df = MlData.a9a();
    SparkContext sc = MlData.spark().sparkContext();
    int cachedBefore = sc.getPersistentRDDs().size();
    Set<Long> broadcastsBefore = MlData.liveModelBroadcasts();
    for (String strategy : Strategies.NAMES) {
      String group = "notebook-paragraph-" + strategy;
      DtrainClassifier clf = new DtrainClassifier().setStrategy(strategy).setMaxRounds(100_000).setTol(0)
          .setStepSize(0.05).setNumWorkers(2).setLocalSteps(4).setMiniBatchSize(32);
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<String> groupAfterFit = new AtomicReference<>();
      CountDownLatch ended = new CountDownLatch(1);
      try (JobTracker jobs = JobTracker.attach(sc, group)) {
        Thread caller = new Thread(() -> {
          sc.setJobGroup(group, "a notebook paragraph", true);
          try {
            clf.fit(df);
          } catch (Throwable t) {
            thrown.set(t);
          } finally {
            groupAfterFit.set(sc.getLocalProperty("spark.jobGroup.id"));
            sc.clearJobGroup();
            ended.countDown();
          }
        }, "paragraph-" + strategy);
        caller.start();
        int cancels = 0;
        // the data caching and the round-0 evaluation are jobs too: wait until training runs
        assertTrue(jobs.awaitStarted(4, 120, TimeUnit.SECONDS), strategy + ": no job in the caller's group");
        do {
          int seen = jobs.started();
          sc.cancelJobGroup(group);
          cancels++;
          // until the fit ends or a job starts after this cancel (then cancel again), at most 30 s
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (jobs.started() <= seen && !ended.await(20, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            // both conditions are checked again
          }
        } while (!ended.await(0, TimeUnit.SECONDS) && cancels < 50);
        assertTrue(ended.await(60, TimeUnit.SECONDS), strategy + ": fit still running after " + cancels + " cancels");
        caller.join();
        System.out.printf("%s: fit stopped after %d cancel(s): %s%n", strategy, cancels, thrown.get());
        assertEquals(group, groupAfterFit.get(), strategy + ": the caller's group is kept after fit");
        assertNotNull(thrown.get(), strategy + ": fit returned normally although its group was cancelled");
        assertTrue(messages(thrown.get()).contains("cancelled"), strategy + ": " + messages(thrown.get()));
        assertEquals(Set.of(), jobs.awaitNoneActive(30, TimeUnit.SECONDS), strategy + ": jobs still active");
      }
      List<String> left = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.isAlive() && t.getName().startsWith("dtrain-")).map(Thread::getName)
          .collect(Collectors.toList());
      assertEquals(List.of(), left, strategy + ": threads left");
      assertEquals(cachedBefore, sc.getPersistentRDDs().size(), strategy + ": cached RDDs left");
      assertEquals(Set.of(), MlData.awaitNoModelBroadcastsBeyond(broadcastsBefore), strategy + ": broadcasts left");
    }
  }

  /** The messages of {@code t} and its causes. */
  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }
}
