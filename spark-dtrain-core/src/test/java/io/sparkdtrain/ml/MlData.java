package io.sparkdtrain.ml;

import io.sparkdtrain.testing.SharedSpark;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Real data sets for the ml tests, read once per JVM and cached (never unpersisted: shared). */
final class MlData {
  private static Dataset<Row> a9a;
  private static Dataset<Row> a9aSmall;
  private static Dataset<Row> dna;

  private MlData() {}

  /**
   * Every param's value (set or default) by name, arrays as lists, so two instances compare with
   * {@code equals} ({@code extractParamMap().toString()} prints arrays by identity).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> paramValues(Params instance) {
    Map<String, Object> values = new TreeMap<>();
    for (Param<?> p : instance.params()) {
      if (!instance.isDefined(p)) {
        continue; // MLlib's thresholds has no default
      }
      Object v = instance.getOrDefault((Param<Object>) p);
      values.put(p.name(), v instanceof double[] d ? Arrays.toString(d) : v);
    }
    return values;
  }

  /**
   * Ids of the broadcasts that hold a {@code double[]} (a model) and are still alive in this
   * driver's block manager: what a strategy broadcasts and must destroy. Spark's own task-binary
   * broadcasts (byte arrays, cleaned at garbage collection) are not included.
   */
  static Set<Long> liveModelBroadcasts() {
    org.apache.spark.storage.BlockManager bm = org.apache.spark.SparkEnv.get().blockManager();
    scala.collection.Seq<org.apache.spark.storage.BlockId> ids = bm.getMatchingBlockIds(
        id -> id instanceof org.apache.spark.storage.BroadcastBlockId b && b.field().isEmpty());
    Set<Long> live = new TreeSet<>();
    for (int i = 0; i < ids.length(); i++) {
      scala.Option<org.apache.spark.storage.BlockResult> r = bm.getLocalValues(ids.apply(i));
      if (r.isDefined()) {
        scala.collection.Iterator<Object> values = r.get().data();
        boolean model = false;
        while (values.hasNext()) { // draining the iterator releases the read lock
          model |= values.next() instanceof double[];
        }
        if (model) {
          live.add(((org.apache.spark.storage.BroadcastBlockId) ids.apply(i)).broadcastId());
        }
      }
    }
    return live;
  }

  /**
   * Waits (up to 10 s) until no model broadcast outside {@code before} is alive, and returns those
   * still alive then (empty = all destroyed). {@code Broadcast.destroy()} removes the blocks
   * asynchronously, so the check waits for the removal instead of reading the state once.
   */
  static Set<Long> awaitNoModelBroadcastsBeyond(Set<Long> before) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      Set<Long> extra = new TreeSet<>(liveModelBroadcasts());
      extra.removeAll(before);
      if (extra.isEmpty() || System.nanoTime() > deadline) {
        return extra;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
  }

  static SparkSession spark() {
    return SharedSpark.session();
  }

  /** a9a (32,561 rows, 123 binary features), labels mapped from -1/+1 to 0/1. */
  static synchronized Dataset<Row> a9a() {
    if (a9a == null) {
      a9a = libsvm(SharedSpark.data("a9a/a9a"), 123, "CAST(IF(label > 0, 1, 0) AS DOUBLE) AS label");
    }
    return a9a;
  }

  /** The first 4,000 rows of {@link #a9a()}: for tests about the API rather than the data. */
  static synchronized Dataset<Row> a9aSmall() {
    if (a9aSmall == null) {
      a9aSmall = a9a().limit(4000).repartition(2).cache();
      long t0 = System.nanoTime();
      a9aSmall.count();
      System.out.printf("MlData: a9aSmall cached in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    return a9aSmall;
  }

  /** Statlog DNA (2,000 rows, 180 features, 3 classes), labels mapped from 1..3 to 0..2. */
  static synchronized Dataset<Row> dna() {
    if (dna == null) {
      dna = libsvm(SharedSpark.data("dna/dna.scale"), 180, "label - 1.0 AS label");
    }
    return dna;
  }

  private static Dataset<Row> libsvm(String path, int numFeatures, String label) {
    long t0 = System.nanoTime();
    Dataset<Row> df = spark().read().format("libsvm").option("numFeatures", String.valueOf(numFeatures))
        .load(path).selectExpr(label, "features").cache();
    df.count();
    System.out.printf("MlData: %s read and cached in %.1f s%n", path, (System.nanoTime() - t0) / 1e9);
    return df;
  }
}
