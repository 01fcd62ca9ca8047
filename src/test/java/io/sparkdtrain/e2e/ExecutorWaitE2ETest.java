package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.engine.ExecutorWait;
import io.sparkdtrain.spark.SparkConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@link ExecutorWait} on real executor JVMs ({@code local-cluster[2,1,1024]}, started by Spark in
 * this JVM's session): the wait returns once both executors registered, so the first job's two
 * tasks run on two executors (no timing assumption: without the wait that job can start before the
 * second executor registers); an expectation the cluster cannot meet (three executors) fails at its
 * deadline with a message naming the expected and registered counts and the setting.
 */
class ExecutorWaitE2ETest {

  @Test
  void waitsForBothExecutorsAndFailsFastOnAnImpossibleCount() throws Exception {
    Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
    SparkConf conf = SparkConfigs.applyKryo(new SparkConf(), false).setMaster("local-cluster[2,1,1024]")
        .setAppName("executor wait").set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.executor.memory", "512m")
        .set("spark.executor.extraClassPath", TwoHostCluster.testClassPath());
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try {
      SparkContext sc = spark.sparkContext();
      assertEquals(2, ExecutorWait.await(sc), "both executors registered");
      List<Integer> two = IntStream.range(0, 2).boxed().toList();
      TreeSet<String> ran = new TreeSet<>(JavaSparkContext.fromSparkContext(sc).parallelize(two, 2)
          .map(i -> SparkEnv.get().executorId()).collect());
      assertEquals(2, ran.size(), "the first job's two tasks ran on two executors: " + ran);
      long start = System.nanoTime();
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> ExecutorWait.await(sc, new ExecutorWait.Expected(3, "spark.executor.instances=3"), 1000));
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(e.getMessage().startsWith("Waited 1.0 s for 3 executor(s) (spark.executor.instances=3) but 2"
          + " registered;") && e.getMessage().endsWith("or set spark.dtrain.executorWait.timeout (seconds; 0 = do"
          + " not wait)"), e.getMessage());
      assertTrue(seconds < 10, "failed at its 1 s deadline, not later: " + seconds + " s");
    } finally {
      spark.stop();
    }
  }
}
