package io.sparkdtrain.spark;

import io.sparkdtrain.store.LocalParameterRegistry;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
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
 * driver happens to collect it. {@link Counts#heapBytes()} is measured after {@link System#gc()}.
 */
public final class LeakProbe {
  /** The thread-name prefix of every thread the library starts. */
  public static final String THREAD_PREFIX = "dtrain-";

  private LeakProbe() {}

  /** One measurement. */
  public record Counts(int dtrainThreads, int threads, int registryArrays, int registryTombstones,
                       int broadcasts, int cachedRdds, long heapBytes) {
    /** The counts that must not grow from fit to fit (heap and tombstones excluded). */
    public long[] leakCounts() {
      return new long[] {dtrainThreads, registryArrays, broadcasts, cachedRdds};
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "threads %d (dtrain %d), registry arrays %d (tombstones %d), broadcasts %d,"
          + " cached RDDs %d, heap %.1f MiB", threads, dtrainThreads, registryArrays, registryTombstones, broadcasts,
          cachedRdds, heapBytes / 1048576.0);
    }
  }

  /** Counts now; the heap after a full GC. */
  public static Counts measure(SparkContext sc) {
    int ours = 0;
    int all = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive()) {
        all++;
        ours += t.getName().startsWith(THREAD_PREFIX) ? 1 : 0;
      }
    }
    int broadcasts = applicationBroadcasts();
    int cached = sc.getPersistentRDDs().size();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Counts(ours, all, LocalParameterRegistry.heldRuns().size(), LocalParameterRegistry.tombstones(),
        broadcasts, cached, heap);
  }

  /** Broadcast blocks of this JVM's block manager holding a value that is not Spark's task binary. */
  static int applicationBroadcasts() {
    BlockManager bm = SparkEnv.get().blockManager();
    int n = 0;
    scala.collection.Iterator<BlockId> ids = bm.blockInfoManager().entries().map(e -> (BlockId) e._1());
    while (ids.hasNext()) {
      BlockId id = ids.next();
      if (!(id instanceof BroadcastBlockId) || ((BroadcastBlockId) id).field().startsWith("piece")) {
        continue;
      }
      Option<BlockResult> value = bm.getLocalValues(id);
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
