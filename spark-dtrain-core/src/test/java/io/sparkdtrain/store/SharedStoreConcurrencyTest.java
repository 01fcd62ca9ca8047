package io.sparkdtrain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Real threads against the shared array and the registry: atomic adds lose nothing, racy adds lose
 * at most what they race on, the round refresh copies once per round, and lock-free SGD with four
 * threads converges on a sparse least-squares problem (a bound, not an exact value).
 */
class SharedStoreConcurrencyTest {

  private static void runThreads(int threads, Runnable body) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> list = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        body.run();
      });
      th.start();
      list.add(th);
    }
    start.countDown();
    for (Thread th : list) {
      th.join();
    }
  }

  @Test
  void atomicAddsLoseNothingAndRacyAddsNeverExceedTheTotal() throws InterruptedException {
    for (SharedParameters.Access access : SharedParameters.Access.values()) {
      SharedParameters p = new SharedParameters(4, access);
      runThreads(4, () -> {
        for (int i = 0; i < 200_000; i++) {
          p.add(1, 1.0);
        }
      });
      double v = p.get(1);
      if (access == SharedParameters.Access.ATOMIC) {
        assertEquals(800_000.0, v, 0.0, "CAS adds are never lost");
      } else {
        // Racy read-add-write only loses updates: the value never exceeds the total and is a whole
        // count. There is no useful lower bound: a thread that writes back a stale read erases the
        // other threads' adds since that read, so the value can end far below one thread's 200,000
        // (as low as 2 in the worst interleaving); seen in CI at 171,243 with 2 truly parallel cores.
        assertTrue(v <= 800_000.0 && v >= 1.0 && v == Math.rint(v), access + ": lost updates only, got " + v);
      }
      assertEquals(0.0, p.get(0), 0.0, "untouched coordinates stay untouched");
      assertEquals(0.0, p.get(2), 0.0);
    }
  }

  @Test
  void roundRefreshCopiesOncePerRoundAcrossThreads() throws InterruptedException {
    String run = "test-refresh-" + System.nanoTime();
    AtomicInteger copies = new AtomicInteger();
    try {
      for (int round = 1; round <= 3; round++) {
        final int r = round;
        double[] model = {r, r, r};
        runThreads(4, () -> {
          SharedParameters p = LocalParameterRegistry.acquire(run, 3, SharedParameters.Access.PLAIN)
              .forRound(r, () -> {
                copies.incrementAndGet();
                return model;
              });
          assertEquals(r, p.get(2), 0.0, "every task of round " + r + " sees the round's model");
        });
        assertEquals(round, copies.get(), "one copy per round");
      }
      assertTrue(LocalParameterRegistry.heldRuns().contains(run));
    } finally {
      assertTrue(LocalParameterRegistry.release(run));
    }
    assertFalse(LocalParameterRegistry.heldRuns().contains(run));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LocalParameterRegistry.acquire(run, 3, SharedParameters.Access.PLAIN));
    assertTrue(e.getMessage().contains("already released"), e.getMessage());
  }

  /**
   * Sparse least squares with a planted model: y_i = x_i . w*, 5 non-zeros per row among 2,000
   * coordinates. Four threads run lock-free SGD on disjoint shares of the rows; the shared model
   * must approach w* (relative error below 5%) in every access mode.
   */
  @Test
  void fourThreadsConvergeOnSparseLeastSquares() throws InterruptedException {
    int d = 2000;
    int n = 20_000;
    int nnz = 5;
    SplittableRandom rnd = new SplittableRandom(7);
    double[] truth = new double[d];
    for (int j = 0; j < d; j++) {
      truth[j] = rnd.nextGaussian();
    }
    int[][] idx = new int[n][nnz];
    double[][] val = new double[n][nnz];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < nnz; k++) {
        idx[i][k] = rnd.nextInt(d);
        val[i][k] = rnd.nextGaussian() / Math.sqrt(nnz);
        y[i] += val[i][k] * truth[idx[i][k]];
      }
    }
    for (SharedParameters.Access access : SharedParameters.Access.values()) {
      SharedParameters w = new SharedParameters(d, access);
      AtomicInteger next = new AtomicInteger();
      runThreads(4, () -> {
        int t = next.getAndIncrement();
        for (int epoch = 0; epoch < 30; epoch++) {
          double lr = 0.5;
          for (int i = t; i < n; i += 4) {
            double z = w.dot(idx[i], val[i], 0, nnz, 0);
            double g = z - y[i];
            for (int k = 0; k < nnz; k++) {
              w.add(idx[i][k], -lr * g * val[i][k]);
            }
          }
        }
      });
      double err = 0;
      double norm = 0;
      double[] got = w.snapshot();
      for (int j = 0; j < d; j++) {
        err += (got[j] - truth[j]) * (got[j] - truth[j]);
        norm += truth[j] * truth[j];
      }
      double rel = Math.sqrt(err / norm);
      assertTrue(rel < 0.05, access + ": relative error " + rel);
    }
  }
}
