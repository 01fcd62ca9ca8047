package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone cluster with RPC authentication and encryption ({@code DTRAIN_CLUSTER_SECRET}:
 * {@code spark.authenticate=true}, a shared secret and {@code spark.network.crypto.enabled=true}
 * on master and workers). A driver given the same settings ({@code DTRAIN_SUBMIT_ARGS=
 * "--properties-file auth.properties"}) trains the same model as without security; its executors
 * are launched with authentication and encryption on and never see the secret on a command line;
 * async (deterministic) and Hogwild! train on it too; a driver without the secret, or with another
 * one, is refused by the master. Tagged
 * {@code spark4}: CI also runs it under Spark 4.0 / Scala 2.13 (the script's 2.13 classpath).
 */
@Tag("spark4")
class ClusterSecurityE2ETest {
  static final String SECRET = "dtrain-" + UUID.randomUUID();
  static StandaloneCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = StandaloneCluster.start(StandaloneCluster.freshState("auth"), SECRET);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aDriverWithTheSecretTrainsOverEncryptedRpc(@TempDir Path dir) throws Exception {
    Path props = cluster.authProperties();
    assertTrue(Files.readString(props).contains("spark.network.crypto.enabled=true"));
    Path report = dir.resolve("sync.json");
    String[] options = {"--step-size", "1.0", "--max-rounds", "30", "--eval-every", "10"};
    List<String> job0 = new ArrayList<>(List.of("train", "--strategy", "sync"));
    Collections.addAll(job0, options);
    Collections.addAll(job0, "--report-json", report.toString());
    ClusterE2ETest.Job job = ClusterE2ETest.submitTo(cluster,
        Map.of("DTRAIN_SUBMIT_ARGS", "--properties-file " + props),
        ClusterE2ETest.a9a(cluster, job0.toArray(String[]::new)));
    JsonNode r = Dtrain.json(report);
    // the same model as the same command on local[2], run here as the reference
    JsonNode local = ClusterE2ETest.onLocalTwo(dir, "sync", options);
    ClusterE2ETest.assertClose(local.get("objective_final").asDouble(), r.get("objective_final").asDouble(), r);
    for (StandaloneCluster.Executor e : job.executors().values()) {
      String command = e.log().lines().filter(l -> l.startsWith("Spark Executor Command:")).findFirst().orElse("");
      assertTrue(command.contains("\"-Dspark.authenticate=true\"")
          && command.contains("\"-Dspark.network.crypto.enabled=true\""), "executor launched secured: " + command);
      assertTrue(e.log().contains("authentication enabled"), "executor's SecurityManager");
      assertFalse(e.log().contains(SECRET), "the secret is in no executor command line or log");
    }
    for (String log : List.of("master", "worker-1", "worker-2")) {
      assertFalse(Files.readString(cluster.state().resolve("logs/" + log + ".log")).contains(SECRET), log);
    }
  }

  /**
   * The two strategies that move updates through accumulators from executor threads, on the secured
   * cluster. Async in its deterministic mode (injected staleness 2) must give the model of the same
   * command on {@code local[2]}, run in the test, and apply each
   * of its 40 deltas once; Hogwild! (each executor its own array, averaged by the driver) the bound of
   * {@link ClusterE2ETest} (0.3252 measured on the unsecured cluster).
   */
  @Test
  void asyncAndHogwildTrainOverEncryptedRpc(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of("DTRAIN_SUBMIT_ARGS", "--properties-file " + cluster.authProperties());
    Path async = dir.resolve("async.json");
    String[] options = {"--local-steps", "16", "--batch-size", "32", "--step-size", "0.05", "--inject-staleness",
        "2", "--max-rounds", "20", "--eval-every", "10"};
    List<String> job = new ArrayList<>(List.of("train", "--strategy", "async"));
    Collections.addAll(job, options);
    Collections.addAll(job, "--report-json", async.toString());
    ClusterE2ETest.submitTo(cluster, env, ClusterE2ETest.a9a(cluster, job.toArray(String[]::new)));
    JsonNode a = Dtrain.json(async);
    JsonNode local = ClusterE2ETest.onLocalTwo(dir, "async", options);
    ClusterE2ETest.assertClose(local.get("objective_final").asDouble(), a.get("objective_final").asDouble(), a);
    assertEquals(40, a.get("updates").asLong(), a.toString());
    assertEquals(40, a.get("jobs_succeeded").asLong(), a.toString());
    assertEquals(40, a.get("deltas_received").asLong(), "each delta merged once: " + a);

    Path hogwild = dir.resolve("hogwild.json");
    ClusterE2ETest.submitTo(cluster, env, ClusterE2ETest.a9a(cluster, "train", "--strategy", "hogwild",
        "--threads", "2", "--step-size", "0.05", "--lr-schedule", "step:0.7:1", "--max-rounds", "5",
        "--eval-every", "5", "--report-json", hogwild.toString()));
    JsonNode h = Dtrain.json(hogwild);
    assertEquals(5L * 32561, h.get("updates").asLong(), h.toString());
    assertTrue(h.get("objective_final").asDouble() < ClusterE2ETest.A9A_OPTIMUM * 1.05, h.toString());
  }

  @Test
  void aDriverWithoutTheSecretIsRefused() throws Exception {
    assertRefused(Map.of());
  }

  @Test
  void aDriverWithAnotherSecretIsRefused(@TempDir Path dir) throws Exception {
    Path wrong = dir.resolve("wrong.properties");
    Files.writeString(wrong, Files.readString(cluster.authProperties()).replace(SECRET, "not-the-secret"));
    assertRefused(Map.of("DTRAIN_SUBMIT_ARGS", "--properties-file " + wrong));
  }

  /**
   * Submits a small job with {@code env}; the master refuses the driver's connection (the driver
   * logs it; then it would retry for a minute before giving up, so the test ends it on the first
   * refusal), the master registers no application and no executor is started. (The master logs a
   * missing secret as "Expected SaslMessage"; a wrong one only as a dropped connection.)
   */
  static void assertRefused(Map<String, String> env) throws Exception {
    List<String> before = cluster.applications();
    String masterLogBefore = Files.readString(cluster.state().resolve("logs/master.log"));
    Dtrain.Run run = Dtrain.runUntil(env, "Failed to connect to master", 240, "train", "--strategy", "sync",
        "--master", cluster.masterUrl(), "--gen-rows", "500", "--max-rounds", "2", "--partitions", "2", "--quiet");
    assertNotEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("Failed to connect to master " + cluster.masterUrl().substring("spark://".length())),
        run.output());
    assertEquals(before, cluster.applications(), "no executor was started for the refused driver");
    String masterLog = Files.readString(cluster.state().resolve("logs/master.log")).substring(masterLogBefore.length());
    assertFalse(masterLog.contains("Registering app"), "the master registered no application: " + masterLog);
  }
}
