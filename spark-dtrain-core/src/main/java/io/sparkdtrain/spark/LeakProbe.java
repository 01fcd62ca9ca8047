package io.sparkdtrain.spark;

import io.sparkdtrain.store.LocalParameterRegistry;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.BlockResult;
import org.apache.spark.storage.BroadcastBlockId;
import scala.Option;
import scala.collection.Iterator;

/**
 * What a long-lived session (a notebook running hundreds of fits in one JVM) could accumulate,
 * counted in the driver JVM: threads (all, and ours by the {@code dtrain-} name prefix), Hogwild!
 * registry arrays and tombstones ({@link LocalParameterRegistry}), live application broadcasts,
 * cached RDDs, and the heap.
 *
 * <p><b>Broadcasts.</b> The count is of the broadcast blocks in the driver's block manager whose
 * value is not a {@code byte[]}: Spark's own per-job task binaries ({@code byte[]}) are left to the
 * {@code ContextCleaner}, which drops them only after a driver GC, so they come and go with GC
 * timing; every broadcast the library makes (models, penalty scales, data slices) holds a typed
 * value and must be destroyed by the code that made it. Counting before any forced GC is the point:
 * a broadcast or a cached RDD that is merely unreachable still holds executor memory until the
 * driver happens to collect it. {@link Broadcast#destroy()} removes the blocks asynchronously, so a
 * measurement polls (up to {@value #DESTROY_WAIT_SECONDS} s) until the fit's own broadcasts are gone;
 * one that is never destroyed stays. {@link Counts#heapBytes()} is measured after {@link System#gc()}.
 */
public final class LeakProbe {
  /** The thread-name prefix of every thread the library starts. */
  public static final String THREAD_PREFIX = "dtrain-";
  /** How long a measurement waits for the asynchronous removal of destroyed broadcasts. */
  static final int DESTROY_WAIT_SECONDS = 10;

  private LeakProbe() {}

  /** The newest broadcast and RDD ids when a fit started: what the fit makes gets larger ids. */
  public record Mark(long broadcastId, int rddId) {}

  /**
   * One measurement. {@code broadcastsOfFit} and {@code cachedRddsOfFit} count the application
   * broadcasts and cached RDDs made since the {@link Mark} and still alive: a fit that releases what
   * it makes leaves 0, whenever the driver's GC runs (the totals, by contrast, also hold what an
   * earlier fit left unreachable and the {@code ContextCleaner} has not yet cleaned).
   */
  public record Counts(int dtrainThreads, int threads, int registryArrays, int registryTombstones,
                       int broadcasts, int cachedRdds, int broadcastsOfFit, int cachedRddsOfFit, long heapBytes) {
    /** The counts that must not grow from fit to fit (heap and tombstones excluded). */
    public long[] leakCounts() {
      return new long[] {dtrainThreads, registryArrays, broadcasts, cachedRdds};
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "threads %d (dtrain %d), registry arrays %d (tombstones %d), broadcasts %d"
          + " (left by the fit %d), cached RDDs %d (left by the fit %d), heap %.1f MiB", threads, dtrainThreads,
          registryArrays, registryTombstones, broadcasts, broadcastsOfFit, cachedRdds, cachedRddsOfFit,
          heapBytes / 1048576.0);
    }
  }

  /** Marks the start of a fit. */
  public static Mark mark(SparkContext sc) {
    long newest = -1;
    scala.collection.Iterator<BlockId> ids = SparkEnv.get().blockManager().blockInfoManager().entries()
        .map(e -> (BlockId) e._1());
    while (ids.hasNext()) {
      BlockId id = ids.next();
      if (id instanceof BroadcastBlockId) {
        newest = Math.max(newest, ((BroadcastBlockId) id).broadcastId());
      }
    }
    return new Mark(newest, sc.newRddId());
  }

  /** Counts now (relative to {@code since} for the fit's own leftovers); the heap after a full GC. */
  public static Counts measure(SparkContext sc, Mark since) {
    int ours = 0;
    int all = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive()) {
        all++;
        ours += t.getName().startsWith(THREAD_PREFIX) ? 1 : 0;
      }
    }
    int broadcastsOfFit = applicationBroadcasts(since.broadcastId());
    // Broadcast.destroy() is asynchronous: the driver's blocks go shortly after it returns
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DESTROY_WAIT_SECONDS);
    while (broadcastsOfFit > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      broadcastsOfFit = applicationBroadcasts(since.broadcastId());
    }
    int broadcasts = applicationBroadcasts(-1);
    int cached = sc.getPersistentRDDs().size();
    int cachedOfFit = 0;
    scala.collection.Iterator<Object> rdds = sc.getPersistentRDDs().keysIterator();
    while (rdds.hasNext()) {
      cachedOfFit += (Integer) rdds.next() > since.rddId() ? 1 : 0;
    }
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Counts(ours, all, LocalParameterRegistry.heldRuns().size(), LocalParameterRegistry.tombstones(),
        broadcasts, cached, broadcastsOfFit, cachedOfFit, heap);
  }

  /** Broadcast blocks newer than {@code after} holding a value that is not Spark's task binary. */
  static int applicationBroadcasts(long after) {
    BlockManager bm = SparkEnv.get().blockManager();
    int n = 0;
    scala.collection.Iterator<BlockId> ids = bm.blockInfoManager().entries().map(e -> (BlockId) e._1());
    while (ids.hasNext()) {
      BlockId id = ids.next();
      if (!(id instanceof BroadcastBlockId) || ((BroadcastBlockId) id).field().startsWith("piece")
          || ((BroadcastBlockId) id).broadcastId() <= after) {
        continue;
      }
      Option<BlockResult> value;
      try {
        value = bm.getLocalValues(id);
      } catch (Exception removedMeanwhile) { // SparkException "Block ... does not exist": being removed
        continue;
      }
      if (value.isEmpty()) {
        continue;
      }
      try {
        Iterator<Object> data = value.get().data();
        Object first = data.hasNext() ? data.next() : null;
        n += first instanceof byte[] ? 0 : 1;
      } finally {
        bm.releaseLock(id, Option.empty());
      }
    }
    return n;
  }

  /** The least-squares slope of {@code y} over its index: the growth per fit. */
  public static double slope(double[] y) {
    int n = y.length;
    if (n < 2) {
      return 0.0;
    }
    double mx = (n - 1) / 2.0;
    double my = 0;
    for (double v : y) {
      my += v;
    }
    my /= n;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (i - mx) * (y[i] - my);
      sxx += (i - mx) * (i - mx);
    }
    return sxy / sxx;
  }
}
