package io.sparkdtrain.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.testing.SharedSpark;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;

/**
 * {@link ExecutorWait}: where the expected executor count comes from, that local mode never waits,
 * and that an expectation that cannot be met ends at the deadline with a message naming both
 * counts and the setting. (The wait on real executor JVMs, {@code local-cluster[2,1,1024]}, is
 * {@code ExecutorWaitE2ETest}.)
 */
class ExecutorWaitTest {

  private static Optional<ExecutorWait.Expected> expected(String master, String... keyValues) {
    SparkConf conf = new SparkConf(false).setMaster(master);
    for (int i = 0; i < keyValues.length; i += 2) {
      conf.set(keyValues[i], keyValues[i + 1]);
    }
    return ExecutorWait.expected(conf);
  }

  @Test
  void expectedCountComesFromTheMasterOrTheExecutorSettings() {
    assertEquals(Optional.of(new ExecutorWait.Expected(3, "spark.master=local-cluster[3,1,1024]")),
        expected("local-cluster[3,1,1024]"));
    assertEquals(Optional.empty(), expected("local[2]", "spark.executor.instances", "4"), "local mode: no executors");
    assertEquals(4, expected("yarn", "spark.executor.instances", "4").orElseThrow().executors());
    assertEquals(Optional.of(new ExecutorWait.Expected(3, "spark.cores.max=6 / spark.executor.cores=2")),
        expected("spark://127.0.0.1:7077", "spark.cores.max", "6", "spark.executor.cores", "2"));
    assertEquals(Optional.empty(), expected("spark://127.0.0.1:7077"), "standalone without cores.max: unknown");
    assertEquals(Optional.empty(), expected("yarn", "spark.executor.instances", "4",
        "spark.dynamicAllocation.enabled", "true"), "dynamic allocation: unknown");
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> expected("yarn", "spark.executor.instances", "0"));
    assertEquals("Cannot set spark.executor.instances to 0, the value must be an integer >= 1", bad.getMessage());
  }

  @Test
  void localModeDoesNotWait() {
    SparkContext sc = SharedSpark.session().sparkContext();
    assertEquals(-1, ExecutorWait.await(sc), "local[2]: nothing to wait for");
    assertEquals(0, ExecutorWait.registered(sc));
  }

  @Test
  void anExpectationThatCannotBeMetEndsAtTheDeadlineNamingTheCountsAndTheSetting() {
    SparkContext sc = SharedSpark.session().sparkContext();
    long start = System.nanoTime();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ExecutorWait.await(sc, new ExecutorWait.Expected(2, "spark.executor.instances=2"), 300));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals("Waited 0.3 s for 2 executor(s) (spark.executor.instances=2) but 0 registered; training now"
        + " would put its workers on fewer executors than asked. Check that the cluster has the free cores and"
        + " memory, or set spark.dtrain.executorWait.timeout (seconds; 0 = do not wait)", e.getMessage());
    assertTrue(seconds >= 0.3, "waited until the deadline: " + seconds);
  }
}
