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
 * at most what they race on (coordinates with one writer are exact; a stale write-back forced with
 * latches loses exactly the add it raced with), the round refresh copies once per round, and lock-free SGD with four
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

  /**
   * Four threads each add 1 200,000 times to a shared coordinate (1) and to a coordinate of their own
   * (2 to 5). What holds in every mode, races or not: a coordinate with one writer loses nothing
   * (exactly 200,000), untouched coordinates stay 0, and the shared coordinate is a whole count no
   * larger than the total; in ATOMIC mode it is exactly the total. (The racy modes have no useful
   * lower bound on the shared coordinate: a thread that writes back a stale read erases the other
   * threads' adds since that read; seen in CI at 171,243 with 2 truly parallel cores. The lost update
   * itself is provoked deterministically by the next test.)
   */
  @Test
  void atomicAddsLoseNothingAndRacyAddsLoseOnlyWhatTheyRaceOn() throws InterruptedException {
    for (SharedParameters.Access access : SharedParameters.Access.values()) {
      SharedParameters p = new SharedParameters(6, access);
      AtomicInteger next = new AtomicInteger();
      runThreads(4, () -> {
        int own = 2 + next.getAndIncrement();
        for (int i = 0; i < 200_000; i++) {
          p.add(1, 1.0);
          p.add(own, 1.0);
        }
      });
      for (int own = 2; own < 6; own++) {
        assertEquals(200_000.0, p.get(own), 0.0, access + ": coordinate " + own + " has one writer and loses nothing");
      }
      double v = p.get(1);
      if (access == SharedParameters.Access.ATOMIC) {
        assertEquals(800_000.0, v, 0.0, "CAS adds are never lost");
      } else {
        assertTrue(v <= 800_000.0 && v >= 1.0 && v == Math.rint(v), access + ": lost updates only, got " + v);
      }
      assertEquals(0.0, p.get(0), 0.0, "untouched coordinates stay untouched");
    }
  }

  /**
   * The lost update, forced with latches (no timing): a writer thread reads coordinate 0 (10), the
   * main thread then adds 5 (15), and only then the writer writes its read plus 1 with
   * {@link SharedParameters#update}. The racy modes write 11, losing exactly the intervening add; the
   * ATOMIC mode's compare-and-set sees the change and retries as an add: 16.
   */
  @Test
  void aStaleWriteBackLosesExactlyTheInterveningAddExceptInAtomicMode() throws InterruptedException {
    for (SharedParameters.Access access : SharedParameters.Access.values()) {
      SharedParameters p = new SharedParameters(2, access);
      p.add(0, 10.0);
      CountDownLatch read = new CountDownLatch(1);
      CountDownLatch added = new CountDownLatch(1);
      Thread writer = new Thread(() -> {
        double seen = p.get(0);
        read.countDown();
        try {
          added.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        p.update(0, seen, 1.0);
      });
      writer.start();
      read.await();
      p.add(0, 5.0);
      added.countDown();
      writer.join();
      double expected = access == SharedParameters.Access.ATOMIC ? 16.0 : 11.0;
      assertEquals(expected, p.get(0), 0.0, access + ": 10, read, +5 by another thread, then read + 1 written");
      assertEquals(0.0, p.get(1), 0.0);
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
