package io.sparkdtrain.engine;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * Waits, before training, until the executors the application asked for have registered. Executors
 * register with the driver some seconds after the SparkContext starts; a job submitted earlier runs
 * on the executors that are there, so a short run's async workers, FedAvg clients, Local SGD workers
 * or Hogwild! threads silently land on fewer executors (JVMs) than asked. Spark's own
 * {@code spark.scheduler.minRegisteredResourcesRatio} covers only some cluster managers (standalone
 * only with {@code spark.cores.max}, never {@code local-cluster}), so the strategies call
 * {@link #await(SparkContext)} as well.
 *
 * <p>The expected count is {@code N} of a {@code local-cluster[N,cores,memory]} master, else
 * {@code spark.executor.instances}, else (standalone) {@code spark.cores.max / spark.executor.cores};
 * with dynamic allocation, in local mode, or when none of these is set, it is unknown and nothing
 * waits. The registered count is the scheduler backend's executor list (the executors that receive
 * tasks; the driver is not one). The wait polls that count until it is reached or the deadline
 * {@value #TIMEOUT_KEY} (seconds, default {@value #DEFAULT_TIMEOUT_SECONDS}; 0 = do not wait)
 * passes, and then throws an {@link IllegalStateException} naming both counts and the setting.
 */
public final class ExecutorWait {
  /** The setting that bounds the wait, in seconds (0 = do not wait). */
  public static final String TIMEOUT_KEY = "spark.dtrain.executorWait.timeout";
  /** Default of {@value #TIMEOUT_KEY}, in seconds. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 120;
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,.*\\]");
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private ExecutorWait() {}

  /** The expected executors and the setting they come from. */
  public record Expected(int executors, String source) {}

  /**
   * How many executors {@code conf} asks for, and from which setting; empty when unknown (local
   * mode, dynamic allocation, nothing set).
   *
   * @throws IllegalArgumentException naming the setting when a count is not a positive integer
   */
  public static Optional<Expected> expected(SparkConf conf) {
    String master = conf.get("spark.master", "");
    Matcher m = LOCAL_CLUSTER.matcher(master);
    if (m.matches()) {
      return Optional.of(new Expected(Integer.parseInt(m.group(1)), "spark.master=" + master));
    }
    if (master.startsWith("local") || conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      return Optional.empty();
    }
    if (conf.contains("spark.executor.instances")) {
      int n = positive(conf, "spark.executor.instances");
      return Optional.of(new Expected(n, "spark.executor.instances=" + n));
    }
    if (master.startsWith("spark://") && conf.contains("spark.cores.max") && conf.contains("spark.executor.cores")) {
      int max = positive(conf, "spark.cores.max");
      int each = positive(conf, "spark.executor.cores");
      if (max >= each) {
        return Optional.of(new Expected(max / each,
            "spark.cores.max=" + max + " / spark.executor.cores=" + each));
      }
    }
    return Optional.empty();
  }

  private static int positive(SparkConf conf, String key) {
    String v = conf.get(key).trim();
    try {
      int n = Integer.parseInt(v);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Cannot set " + key + " to " + v + ", the value must be an integer >= 1");
  }

  /** Executors registered with the scheduler backend now (0 in local mode, where the driver runs tasks). */
  public static int registered(SparkContext sc) {
    if (sc.isLocal()) {
      return 0;
    }
    return sc.getExecutorIds().size();
  }

  /**
   * Waits until the executors {@code sc}'s configuration asks for ({@link #expected}) have
   * registered, at most {@value #TIMEOUT_KEY} seconds; returns at once when the count is unknown or
   * the timeout is 0.
   *
   * @return the executors registered when the wait ended (-1 when nothing was waited for)
   * @throws IllegalStateException when the deadline passes first, naming both counts and the setting
   */
  public static int await(SparkContext sc) {
    Optional<Expected> expected = expected(sc.getConf());
    long seconds = sc.getConf().getLong(TIMEOUT_KEY, DEFAULT_TIMEOUT_SECONDS);
    if (seconds < 0) {
      throw new IllegalArgumentException("Cannot set " + TIMEOUT_KEY + " to " + seconds
          + ", the value must be >= 0 (seconds; 0 = do not wait)");
    }
    if (expected.isEmpty() || seconds == 0) {
      return -1;
    }
    return await(sc, expected.get(), TimeUnit.SECONDS.toMillis(seconds));
  }

  /**
   * Waits until {@code expected.executors()} executors have registered, polling the count (every
   * 50 ms) until then or until {@code timeoutMillis} have passed.
   *
   * @return the executors registered
   * @throws IllegalStateException when the deadline passes first, naming both counts and the setting
   */
  public static int await(SparkContext sc, Expected expected, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      int now = registered(sc);
      if (now >= expected.executors()) {
        return now;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("Waited " + timeoutMillis / 1000.0 + " s for " + expected.executors()
            + " executor(s) (" + expected.source() + ") but " + now + " registered; training now would"
            + " put its workers on fewer executors than asked. Check that the cluster has the free cores"
            + " and memory, or set " + TIMEOUT_KEY + " (seconds; 0 = do not wait)");
      }
      LockSupport.parkNanos(Math.min(left, POLL_NANOS));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + expected.executors() + " executor(s)");
      }
    }
  }
}
