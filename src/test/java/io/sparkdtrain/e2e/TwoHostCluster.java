package io.sparkdtrain.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.master.Master$;
import org.apache.spark.deploy.worker.Worker$;
import org.apache.spark.rpc.RpcEnv;

/**
 * A Spark standalone cluster inside the test JVM, as Spark's own {@code local-cluster} mode builds
 * one ({@code LocalSparkCluster}: a Master and Workers started with
 * {@code startRpcEnvAndEndpoint}, web UIs on ephemeral ports), except that each Worker binds its own
 * loopback address (127.0.0.2, 127.0.0.3, ...) and so counts as a separate host. Speculative copies
 * need that: Spark never launches a speculative attempt on a host that already runs an attempt of the
 * task ({@code TaskSetManager.hasAttemptOnHost}), so on {@code local-cluster}, whose executors all
 * share one host, speculation never happens. Executors are real JVMs started by the Workers; they need
 * {@code SPARK_HOME} with a {@code jars/} folder in this JVM's environment (the e2e pom sets it to
 * {@code target/spark-home}) and the test class path as {@code spark.executor.extraClassPath}.
 */
final class TwoHostCluster implements AutoCloseable {
  private final RpcEnv master;
  private final List<RpcEnv> workers = new ArrayList<>();
  private final String url;

  private TwoHostCluster(RpcEnv master) {
    this.master = master;
    this.url = "spark://" + master.address().host() + ":" + master.address().port();
  }

  /** A Master on 127.0.0.1 and {@code workers} Workers of one core and 1 GiB on 127.0.0.2, 127.0.0.3, ... */
  static TwoHostCluster start(int workers, Path workDir) throws IOException {
    String home = System.getenv("SPARK_HOME");
    if (home != null && !home.isBlank()) {
      Files.createDirectories(Path.of(home, "jars"));
    }
    if (home == null || !Files.isDirectory(Path.of(home, "jars"))) {
      throw new IllegalStateException("SPARK_HOME must name a folder with a jars/ subfolder for the Workers to "
          + "launch executors (the e2e pom sets it to target/spark-home); it is " + home);
    }
    SparkConf conf = new SparkConf();
    TwoHostCluster c = new TwoHostCluster(Master$.MODULE$.startRpcEnvAndEndpoint("127.0.0.1", 0, 0, conf)._1());
    try {
      for (int i = 0; i < workers; i++) {
        File dir = Files.createDirectories(workDir.resolve("worker-" + i)).toFile();
        c.workers.add(Worker$.MODULE$.startRpcEnvAndEndpoint("127.0.0." + (2 + i), 0, 0, 1, 1024,
            new String[] {c.url}, dir.getAbsolutePath(), scala.Option.apply(i + 1), new SparkConf(),
            scala.Option.empty()));
      }
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** {@code spark://127.0.0.1:PORT}. */
  String masterUrl() {
    return url;
  }

  /**
   * The class path executors need: the test JVM's own (surefire's real class path when it runs the
   * tests through a manifest-only jar).
   */
  static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** Stops the Workers (which kill their executors) and the Master, and waits for them. */
  @Override
  public void close() {
    for (RpcEnv w : workers) {
      w.shutdown();
    }
    for (RpcEnv w : workers) {
      w.awaitTermination();
    }
    master.shutdown();
    master.awaitTermination();
  }

  static long seconds(long s) {
    return TimeUnit.SECONDS.toMillis(s);
  }
}
