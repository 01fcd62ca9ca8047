package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example jobs {@code compare}, federated {@code train} and {@code train-mf} on
 * {@code local-cluster[2,1,1024]}: two executor JVMs started by Spark itself, no standalone daemons
 * ({@code train} of sync, local, async and Hogwild! runs there in {@code ExecutorKillE2ETest}). {@code compare} and the federated
 * job are deterministic, so the reference is the same command run by the test on {@code local[2]}
 * (one JVM): the objectives must agree to 1e-9. Hogwild! matrix factorisation merges two executors' factors (a
 * different algorithm from one shared array; docs/hogwild.md), so it must run every epoch and lower
 * the training error, as on the standalone cluster.
 */
class LocalClusterJobsE2ETest {
  static final String CLUSTER = "local-cluster[2,1,1024]";

  @Test
  void compareGivesTheModelsOfOneJvm(@TempDir Path dir) throws Exception {
    double[] cluster = compareObjectives(dir.resolve("cluster"), CLUSTER);
    double[] local = compareObjectives(dir.resolve("local"), "local[2]"); // measured: 0.44398545..., 0.59654659...
    for (int i = 0; i < 2; i++) {
      assertEquals(local[i], cluster[i], 1e-9 * local[i], "run " + i + " of sync,async:inject=2");
    }
    assertTrue(Files.readString(dir.resolve("cluster/report.html")).contains("<table class=\"summary\">"));
  }

  /** The final objective of each compared run, read from the report directory's events.json. */
  private static double[] compareObjectives(Path out, String master) throws Exception {
    Dtrain.Run run = Dtrain.run(300, "compare", "--strategies", "sync,async:inject=2+lr=0.1", "--master", master,
        "--partitions", "2", "--gen-rows", "4000", "--gen-features", "50", "--gen-nnz", "8", "--batch-size", "16",
        "--local-steps", "4", "--max-rounds", "10", "--eval-every", "5", "--seed", "7", "--quiet",
        "--report-dir", out.toString());
    assertEquals(0, run.exitCode(), run.output());
    JsonNode runs = Dtrain.json(out.resolve("events.json")).get("runs");
    assertEquals(2, runs.size(), runs.toString());
    double[] objectives = new double[2];
    for (int i = 0; i < 2; i++) {
      JsonNode rounds = runs.get(i).get("rounds");
      objectives[i] = rounds.get(rounds.size() - 1).get("objective").asDouble();
    }
    return objectives;
  }

  @Test
  void federatedJobGivesTheModelOfOneJvm(@TempDir Path dir) throws Exception {
    JsonNode cluster = fedavg(dir.resolve("cluster.json"), CLUSTER);
    assertEquals(CLUSTER, cluster.get("spark").get("master").asText());
    JsonNode local = fedavg(dir.resolve("local.json"), "local[2]"); // measured: 0.8343307592898469, accuracy 0.68
    double expected = local.get("objective_final").asDouble();
    assertEquals(expected, cluster.get("objective_final").asDouble(), 1e-9 * expected, cluster.toString());
    assertEquals(8, cluster.get("participating_clients").size(), cluster.toString());
    assertEquals(local.get("participating_clients"), cluster.get("participating_clients"), "the same clients");
    assertEquals(local.get("test").get("accuracy").asDouble(), cluster.get("test").get("accuracy").asDouble(), 1e-12,
        cluster.toString());
  }

  private static JsonNode fedavg(Path report, String master) throws Exception {
    Dtrain.Run run = Dtrain.run(300, ClusterE2ETest.fedAvgOnShards(master, report));
    assertEquals(0, run.exitCode(), run.output());
    return Dtrain.json(report);
  }

  @Test
  void matrixFactorisationRunsEveryEpochAndLearns(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("mf.json");
    Dtrain.Run run = Dtrain.run(300, "train-mf", "--master", CLUSTER,
        "--data", Dtrain.data("spark-samples/sample_movielens_ratings.txt"), "--rank", "5", "--threads", "2",
        "--epochs", "10", "--step-size", "0.02", "--reg-param", "0.1", "--seed", "11",
        "--report-json", report.toString());
    assertEquals(0, run.exitCode(), run.output());
    JsonNode r = Dtrain.json(report);
    assertEquals(11, r.get("history").size(), "epoch 0 and 10 epochs");
    assertEquals(12000, r.get("updates").asLong(), "10 epochs over the 1,200 training ratings");
    double start = r.get("history").get(0).get("rmse_train").asDouble();
    assertTrue(r.get("rmse_train").asDouble() < start, "training RMSE falls: " + start + " -> " + r);
  }
}
