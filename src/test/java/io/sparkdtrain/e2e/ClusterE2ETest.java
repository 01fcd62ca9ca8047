package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example job spark-submitted by {@code bin/dtrain --master spark://...} to a real standalone
 * cluster on loopback (one Master, two Workers of one core each, started once for the class by
 * {@code bin/cluster}), so each application gets two executors in their own JVMs, one per worker.
 * Each test checks the job's report and that both executors ran its tasks.
 *
 * <p>References: MLlib's optimum of our a9a objective (lambda 1e-4) is 0.32441
 * ({@code MllibReference}, used by {@code SynchronousSgdA9aTest}). The deterministic strategies
 * (sync, Local SGD) must reproduce, to 1e-9 relative, the objective of the same command run by the
 * test on {@code --master local[2]}.
 * The others get bounds set from local[2] runs of the same command, with the margin named at each.
 */
class ClusterE2ETest {
  static final double A9A_OPTIMUM = 0.32441;
  static StandaloneCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = StandaloneCluster.start(StandaloneCluster.freshState("plain"), null);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
      assertTrue(cluster.status().output().contains("not running"), "stopped");
    }
  }

  static String[] a9a(String... job) {
    return a9a(cluster, job);
  }

  /** {@code job} on a9a, submitted to {@code c} (also used by {@code ClusterSecurityE2ETest}). */
  static String[] a9a(StandaloneCluster c, String... job) {
    return a9aOn(c.masterUrl(), job);
  }

  /** {@code job} on a9a with {@code --master master}. */
  static String[] a9aOn(String master, String... job) {
    List<String> all = new ArrayList<>(List.of(job));
    Collections.addAll(all, "--master", master, "--data", Dtrain.data("a9a/a9a"),
        "--test", Dtrain.data("a9a/a9a.t"), "--num-features", "123", "--partitions", "2", "--seed", "1", "--quiet");
    return all.toArray(String[]::new);
  }

  @Test
  void syncIsTheSameModelAsOnLocalTwo(@TempDir Path dir) throws Exception {
    String[] options = {"--step-size", "1.0", "--max-rounds", "30", "--eval-every", "10"};
    JsonNode r = train(dir, "sync", options);
    JsonNode local = onLocalTwo(dir, "sync", options);
    assertClose(local.get("objective_final").asDouble(), r.get("objective_final").asDouble(), r);
    assertEquals(30, r.get("rounds").asInt());
    assertEquals(local.get("bytes_communicated").asLong(), r.get("bytes_communicated").asLong(), "as on local[2]");
    // the same model, so the same held-out accuracy (0.8430 with the default heavy-ball momentum); the
    // majority class alone scores 0.7638
    assertEquals(local.get("test").get("accuracy").asDouble(), r.get("test").get("accuracy").asDouble(), 1e-9,
        r.get("test").toString());
    assertTrue(r.get("test").get("accuracy").asDouble() > 0.80, r.get("test").toString());
  }

  @Test
  void localSgdIsTheSameModelAsOnLocalTwo(@TempDir Path dir) throws Exception {
    String[] options = {"--local-steps", "16", "--batch-size", "32", "--step-size", "1.0", "--max-rounds", "20",
        "--eval-every", "10"};
    JsonNode r = train(dir, "local", options);
    JsonNode local = onLocalTwo(dir, "local", options); // measured: 0.32990711945465234, 1.7% above the optimum
    assertClose(local.get("objective_final").asDouble(), r.get("objective_final").asDouble(), r);
    assertEquals(16, r.get("local_steps").asInt(), r.toString());
    assertTrue(r.get("test").get("accuracy").asDouble() > 0.845, r.get("test").toString());
  }

  @Test
  void asyncAppliesEveryDeltaOnceAndConverges(@TempDir Path dir) throws Exception {
    JsonNode r = train(dir, "async", "--local-steps", "16", "--batch-size", "32", "--step-size", "0.05",
        "--max-rounds", "20", "--eval-every", "10");
    long jobs = r.get("jobs_succeeded").asLong();
    assertEquals(jobs, r.get("deltas_received").asLong(), "one delta per successful job: " + r);
    assertEquals(jobs, r.get("updates").asLong() + r.get("updates_dropped").asLong()
        + r.get("updates_discarded_after_stop").asLong(), r.toString());
    // timing-dependent: six runs of this command on this cluster ended 1.090-1.101x the optimum with
    // test accuracy 0.8324-0.8374 (local[2]: 0.3538, 9% above); 15% and 0.82 are allowed (the
    // majority class alone scores 0.7638 on a9a.t)
    assertTrue(r.get("objective_final").asDouble() < A9A_OPTIMUM * 1.15, r.toString());
    assertTrue(r.get("test").get("accuracy").asDouble() > 0.82, r.get("test").toString());
  }

  @Test
  void hogwildAveragesTheExecutorsAndConverges(@TempDir Path dir) throws Exception {
    JsonNode r = train(dir, "hogwild", "--threads", "2", "--step-size", "0.05", "--lr-schedule", "step:0.7:1",
        "--max-rounds", "5", "--eval-every", "5");
    assertEquals(5L * 32561, r.get("updates").asLong(), "five epochs over the 32,561 rows");
    assertEquals(2, r.get("threads").asInt());
    // local[2], same command: 0.3269 (0.8% above the optimum); on the cluster each executor has its own array and the
    // driver averages them, a different algorithm from one shared array, so 5% is allowed
    assertTrue(r.get("objective_final").asDouble() < A9A_OPTIMUM * 1.05, r.toString());
    assertTrue(r.get("test").get("accuracy").asDouble() > 0.84, r.get("test").toString());
  }

  @Test
  void compareWritesTheReportDirectory(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("report");
    Job job = submit(Map.of(), a9a("compare", "--strategies", "sync,local:16", "--batch-size", "32",
        "--max-rounds", "20", "--eval-every", "5", "--report-dir", out.toString()));
    assertTrue(job.output().contains("| sync ") && job.output().contains("| local:16 "), job.output());
    assertTrue(Files.readString(out.resolve("report.html")).contains("<table class=\"summary\">"));
    for (String chart : new String[] {"objective-vs-time", "objective-vs-rounds", "timeline"}) {
      assertTrue(Files.size(out.resolve(chart + ".png")) > 8_000, chart);
    }
    JsonNode runs = Dtrain.json(out.resolve("events.json")).get("runs");
    assertEquals("sync", runs.get(0).get("label").asText());
    assertEquals(2 * 20, runs.get(0).get("events").size(), "2 workers x 20 rounds");
    assertEquals("local:16", runs.get(1).get("label").asText());
  }

  /**
   * Every epoch ran, the training error falls, and the model beats the reference computed in the
   * same run: the global mean of the training ratings, predicted for every held-out rating
   * ({@code rmse_test_global_mean}), by 5% (local[2], same command: 1.109 against 1.231, 10% better).
   * Before issue 20's executor merge ({@code ExecutorMerge}) the two executors' changes were averaged,
   * which halved most factor updates: the command reached 1.063 (train) and 1.241 (test), not beating
   * the global mean (docs/hogwild.md).
   */
  @Test
  void hogwildMatrixFactorisationRunsEveryEpochAndLearns(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("mf.json");
    submit(Map.of(), "train-mf", "--master", cluster.masterUrl(),
        "--data", Dtrain.data("spark-samples/sample_movielens_ratings.txt"), "--rank", "5", "--threads", "2",
        "--epochs", "30", "--step-size", "0.02", "--reg-param", "0.1", "--seed", "11",
        "--report-json", report.toString());
    JsonNode r = Dtrain.json(report);
    assertEquals(31, r.get("history").size(), "epoch 0 and 30 epochs");
    assertEquals(36000, r.get("updates").asLong(), "30 epochs over the 1,200 training ratings (as on local[2])");
    double start = r.get("history").get(0).get("rmse_train").asDouble();
    // local[2]: -39%; on the cluster before the executor merge: 1.1756 -> 1.0631 (-9.6%)
    assertTrue(r.get("rmse_train").asDouble() < 0.95 * start, "training RMSE falls: " + start + " -> " + r);
    double globalMean = r.get("rmse_test_global_mean").asDouble();
    assertTrue(r.get("rmse_test").asDouble() < 0.95 * globalMean, "held-out RMSE 5% below the global mean's "
        + globalMean + ": " + r);
  }

  @Test
  void fedAvgOnNonIidShardsLearns(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("fedavg.json");
    submit(Map.of(), fedAvgOnShards(cluster.masterUrl(), report));
    JsonNode r = Dtrain.json(report);
    assertEquals("shards:2", r.get("partition").asText());
    assertEquals(4, r.get("clients_per_round").asInt());
    assertEquals(8, r.get("participating_clients").size());
    double first = r.get("history").get(0).get("test").get("accuracy").asDouble();
    assertTrue(r.get("test").get("accuracy").asDouble() > first + 0.1, "FedAvg learns: " + r.get("test"));
    // local[2], same command: accuracy 0.298 -> 0.680 (4 classes)
    assertTrue(r.get("test").get("accuracy").asDouble() > 0.6, r.get("test").toString());
  }

  /**
   * The federated job on 20 clients of generated 4-class data, 2 label shards each (also run by
   * {@code LocalClusterJobsE2ETest}).
   */
  static String[] fedAvgOnShards(String master, Path report) {
    return new String[] {"train", "--strategy", "fedavg", "--master", master, "--objective", "softmax",
        "--num-classes", "4", "--gen-rows", "2000", "--gen-test-rows", "500", "--gen-features", "20",
        "--gen-nnz", "6", "--clients", "20", "--fraction", "0.2", "--local-epochs", "2", "--batch-size", "10",
        "--partition", "shards", "--step-size", "0.3", "--max-rounds", "8", "--partitions", "2", "--seed", "5",
        "--quiet", "--report-json", report.toString()};
  }

  /** {@code dtrain train --strategy S} on a9a; the report after {@link #submit}'s checks. */
  static JsonNode train(Path dir, String strategy, String... options) throws Exception {
    Path report = dir.resolve(strategy + ".json");
    List<String> job = new ArrayList<>(List.of("train", "--strategy", strategy));
    Collections.addAll(job, options);
    Collections.addAll(job, "--report-json", report.toString());
    submit(Map.of(), a9a(job.toArray(String[]::new)));
    JsonNode r = Dtrain.json(report);
    assertEquals(strategy, r.get("strategy").asText());
    return r;
  }

  /**
   * The references computed so far, by command: {@code ClusterSecurityE2ETest} compares its secured
   * sync run with the same deterministic command as {@link #syncIsTheSameModelAsOnLocalTwo}, so the
   * test JVM runs it once (about 10 s of CI).
   */
  private static final Map<List<String>, JsonNode> LOCAL_TWO = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The reference: the same {@code dtrain train} command on {@code --master local[2]} (one JVM); run
   * once per test JVM and command ({@link #LOCAL_TWO}). Only for the deterministic strategies (sync,
   * Local SGD, async with injected staleness), whose report a second run would repeat.
   */
  static JsonNode onLocalTwo(Path dir, String strategy, String... options) throws Exception {
    List<String> key = new ArrayList<>(List.of(strategy));
    Collections.addAll(key, options);
    JsonNode known = LOCAL_TWO.get(key);
    if (known != null) {
      return known;
    }
    JsonNode computed = runOnLocalTwo(dir, strategy, options);
    LOCAL_TWO.put(key, computed);
    return computed;
  }

  private static JsonNode runOnLocalTwo(Path dir, String strategy, String... options) throws Exception {
    Path report = dir.resolve(strategy + "-local2.json");
    List<String> job = new ArrayList<>(List.of("train", "--strategy", strategy));
    Collections.addAll(job, options);
    Collections.addAll(job, "--report-json", report.toString());
    Dtrain.Run run = Dtrain.run(420, a9aOn("local[2]", job.toArray(String[]::new)));
    assertEquals(0, run.exitCode(), run.output());
    return Dtrain.json(report);
  }

  /** What a submitted job left: its output and its application's executors. */
  record Job(String output, String appId, Map<String, StandaloneCluster.Executor> executors) {}

  /**
   * Submits {@code dtrain args} to {@link #cluster}, checks that it succeeded as one new
   * application whose two executors ran in two JVMs, one started by each worker, both running tasks.
   */
  static Job submit(Map<String, String> env, String... args) throws Exception {
    return submitTo(cluster, env, args);
  }

  static Job submitTo(StandaloneCluster c, Map<String, String> env, String... args) throws Exception {
    List<String> before = c.applications();
    Dtrain.Run run = Dtrain.run(twoExecutors(env), 420, args);
    assertEquals(0, run.exitCode(), run.output());
    List<String> apps = c.applications();
    apps.removeAll(before);
    assertEquals(1, apps.size(), "one new application in the workers' work dirs: " + apps);
    String appId = apps.get(0);
    Map<String, StandaloneCluster.Executor> executors = c.executorsOf(appId);
    assertEquals(2, executors.size(), appId + ": " + executors.keySet());
    assertTrue(executors.keySet().stream().anyMatch(k -> k.startsWith("worker-1/"))
        && executors.keySet().stream().anyMatch(k -> k.startsWith("worker-2/")), "one per worker: " + executors.keySet());
    List<StandaloneCluster.Executor> e = new ArrayList<>(executors.values());
    assertTrue(e.get(0).pid() > 0 && e.get(1).pid() > 0, "executor PIDs logged");
    assertNotEquals(e.get(0).pid(), e.get(1).pid(), "two executor JVMs");
    for (StandaloneCluster.Executor x : e) {
      assertNotEquals(ProcessHandle.current().pid(), x.pid());
      assertTrue(x.tasksRun() > 0, "executor PID " + x.pid() + " ran tasks");
    }
    return new Job(run.output(), appId, executors);
  }

  /**
   * {@code env} with {@code spark.cores.max=2} and {@code spark.executor.cores=1} added to
   * {@code DTRAIN_SUBMIT_ARGS}: the application then asks for two executors, and the driver waits for
   * both before it reads the data ({@code ExecutorWait}), so every job can run on both whatever the
   * time the second executor takes to register (without them a short job could start, and finish,
   * on the first executor alone).
   */
  static Map<String, String> twoExecutors(Map<String, String> env) {
    Map<String, String> out = new java.util.TreeMap<>(env);
    out.merge("DTRAIN_SUBMIT_ARGS", "--conf spark.cores.max=2 --conf spark.executor.cores=1",
        (given, ours) -> given + " " + ours);
    return out;
  }

  static void assertClose(double expected, double actual, JsonNode report) {
    assertEquals(expected, actual, 1e-9 * Math.abs(expected), "same as local[2]: " + report);
  }
}
