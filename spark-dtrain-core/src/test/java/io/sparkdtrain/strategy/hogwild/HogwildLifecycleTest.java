package io.sparkdtrain.strategy.hogwild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.engine.Optimizers;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.store.SharedParameters;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;

/**
 * The life cycle of Hogwild!'s executor-local arrays on a real {@code local[2]} SparkSession: a task
 * of a released run cannot re-create the run's array, a task that Spark kills (or whose round a later
 * round superseded) stops writing within {@link HogwildWorker#CHECK_EVERY} rows.
 *
 * <p>The data: block A has {@value #ROWS_A} rows and block B {@value #ROWS_B}, each row with its own
 * feature (row r of A feature r, row r of B feature {@code ROWS_A + r}), no intercept, no
 * regularisation, so every step moves exactly its row's coordinate: the non-zero coordinates of the
 * array count the rows that were stepped.
 */
class HogwildLifecycleTest {
  static final int ROWS_A = 100;
  static final int ROWS_B = 10_000;
  static final int D = ROWS_A + ROWS_B;

  static List<CsrBlock> blocks() {
    CsrBlockBuilder a = new CsrBlockBuilder(D, false);
    for (int r = 0; r < ROWS_A; r++) {
      a.addRow(1.0, 1.0, new int[] {r}, new double[] {1.0});
    }
    CsrBlockBuilder b = new CsrBlockBuilder(D, false);
    for (int r = 0; r < ROWS_B; r++) {
      b.addRow(r % 2, 1.0, new int[] {ROWS_A + r}, new double[] {1.0});
    }
    return List.of(a.build(), b.build());
  }

  static HogwildWorker worker(String runId) {
    Objective objective = new Objective(new LogisticLoss(), Regularization.none(), new ModelShape(D, 1, false));
    return new HogwildWorker(objective, Optimizers.schedule(TrainingConfig.builder().stepSize(0.5).build()),
        HogwildConfig.defaults(), runId, 3, 1.0, null);
  }

  /** What a first attempt does when it is about to hand out block B; later attempts do nothing. */
  interface BeforeBlockB extends java.io.Serializable {
    void run(TaskContext task);
  }

  /** Runs round 1 of {@code runId} on blocks A, B in one task; returns the rows of B that were stepped. */
  static int rowsOfBStepped(String runId, BeforeBlockB beforeB) {
    JavaSparkContext sc = SharedSpark.context();
    JavaRDD<CsrBlock> data = sc.parallelize(blocks(), 1);
    HogwildWorker worker = worker(runId);
    Broadcast<double[]> model = sc.broadcast(new double[D]);
    try {
      data.foreachPartition(it -> {
        TaskContext task = TaskContext.get();
        if (task.attemptNumber() > 0) {
          return; // the retry of the stopped attempt: leave the array as the first attempt left it
        }
        List<CsrBlock> mine = new ArrayList<>();
        it.forEachRemaining(mine::add);
        Iterator<CsrBlock> blocks = new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < mine.size();
          }

          @Override
          public CsrBlock next() {
            if (next == 1) {
              beforeB.run(task);
            }
            return mine.get(next++);
          }
        };
        worker.run(blocks, 1, 0, model);
      });
      LocalParameterRegistry.Slot slot = LocalParameterRegistry.acquire(runId, D, SharedParameters.Access.PLAIN);
      try {
        double[] w = slot.forRound(slot.round(), () -> {
          throw new AssertionError("no refresh expected");
        }).snapshot();
        int steppedB = 0;
        for (int j = ROWS_A; j < D; j++) {
          steppedB += w[j] != 0.0 ? 1 : 0;
        }
        return steppedB;
      } finally {
        slot.finishTask();
      }
    } finally {
      model.destroy();
      LocalParameterRegistry.release(runId);
    }
  }

  @Test
  void aTaskThatSparkKillsStopsWithinCheckEveryRows() {
    String runId = "hogwild-test-kill-" + UUID.randomUUID();
    int stepped = rowsOfBStepped(runId, task -> {
      SparkContext.getOrCreate().killTaskAttempt(task.taskAttemptId(), false, "killed by the test");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!task.isInterrupted()) { // Spark marks the task asynchronously; wait for the mark itself
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Spark did not mark the task killed within 60 s");
        }
        Thread.onSpinWait();
      }
    });
    System.out.printf("killed task: %d of %d rows of block B stepped after the kill%n", stepped, ROWS_B);
    assertTrue(stepped > 0, "block B started before the next check");
    assertTrue(stepped <= HogwildWorker.CHECK_EVERY, stepped + " rows written after the kill");
    assertFalse(LocalParameterRegistry.heldRuns().contains(runId));
  }

  @Test
  void aTaskWhoseRoundWasSupersededStopsWithinCheckEveryRows() {
    String runId = "hogwild-test-stale-" + UUID.randomUUID();
    int stepped = rowsOfBStepped(runId, task -> {
      LocalParameterRegistry.Slot slot = LocalParameterRegistry.acquire(runId, D, SharedParameters.Access.PLAIN);
      slot.forRound(2, () -> new double[D]); // the next round refreshes the executor's array
      slot.finishTask();
    });
    System.out.printf("superseded task: %d of %d rows of block B stepped after the refresh%n", stepped, ROWS_B);
    assertTrue(stepped > 0 && stepped <= HogwildWorker.CHECK_EVERY, stepped + " rows written after the refresh");
  }

  @Test
  void aLateTaskOfAReleasedRunCannotRecreateTheArray() {
    String runId = "hogwild-test-late-" + UUID.randomUUID();
    JavaSparkContext sc = SharedSpark.context();
    HogwildWorker worker = worker(runId);
    Broadcast<double[]> model = sc.broadcast(new double[D]);
    try {
      JavaRDD<CsrBlock> data = sc.parallelize(blocks(), 2);
      data.foreachPartition(it -> worker.run(it, 1, 0, model));
      assertTrue(LocalParameterRegistry.heldRuns().contains(runId));
      assertTrue(LocalParameterRegistry.release(runId));
      SparkException e = assertThrows(SparkException.class,
          () -> data.foreachPartition(it -> worker.run(it, 1, 0, model)));
      assertTrue(String.valueOf(e.getMessage()).contains("was already released"), e.getMessage());
      assertFalse(LocalParameterRegistry.heldRuns().contains(runId), "no array re-created");
    } finally {
      model.destroy();
    }
  }

  /** Threads acquire while the driver releases: once release returned, no thread holds a new array. */
  @Test
  void releaseRacingWithAcquireNeverLeavesAnArray() throws InterruptedException {
    for (int trial = 0; trial < 200; trial++) {
      String runId = "hogwild-test-race-" + UUID.randomUUID();
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < 2; t++) {
        Thread th = new Thread(() -> {
          try {
            go.await();
            for (int k = 0; k < 50; k++) {
              LocalParameterRegistry.acquire(runId, 4, SharedParameters.Access.PLAIN).finishTask();
            }
          } catch (IllegalStateException expected) {
            // released: every later acquire fails too
          } catch (Throwable other) {
            unexpected.add(other);
          }
        });
        threads.add(th);
        th.start();
      }
      go.countDown();
      LocalParameterRegistry.release(runId);
      for (Thread th : threads) {
        th.join();
      }
      assertEquals(List.of(), unexpected);
      assertFalse(LocalParameterRegistry.heldRuns().contains(runId), "trial " + trial + ": array after release");
    }
  }
}
