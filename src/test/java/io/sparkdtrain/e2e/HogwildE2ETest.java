package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtrain train --strategy hogwild} and {@code dtrain train-mf} (Hogwild! and Local SGD) end to end through
 * spark-submit: the report contract ({@code updates}, {@code updates_per_second}, RMSEs) and the
 * errors users see for bad options and bad ratings files.
 */
class HogwildE2ETest {

  @Test
  void hogwildOnNews20WithTwoThreadsWritesUpdatesAndRate(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("hogwild.json");
    Dtrain.Run run = Dtrain.run(300, "train", "--strategy", "hogwild", "--threads", "2", "--master", "local[2]",
        "--data", Dtrain.data("news20-binary/news20.binary.train.libsvm.gz"),
        "--test", Dtrain.data("news20-binary/news20.binary.test.libsvm.gz"), "--num-features", "130107",
        "--partitions", "2", "--reg-param", "1e-4", "--step-size", "0.5", "--lr-schedule", "step:0.8:1",
        "--max-rounds", "3", "--quiet", "--report-json", report.toString());
    assertEquals(0, run.exitCode(), run.output());
    JsonNode r = Dtrain.json(report);
    assertEquals("hogwild", r.get("strategy").asText());
    assertEquals(3L * 11314, r.get("updates").asLong(), "three epochs of the 11,314 training rows");
    assertTrue(r.get("updates_per_second").asDouble() > 0, r.toString());
    assertEquals(2, r.get("threads").asInt());
    assertTrue(!r.get("locked").asBoolean());
    assertTrue(r.get("objective_final").asDouble() < 0.40, r.toString());
    assertTrue(r.get("test").get("accuracy").asDouble() > 0.85, r.toString());
  }

  @Test
  void trainMfOnTheMovielensSampleBeatsTheGlobalMean(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("mf.json");
    Dtrain.Run run = Dtrain.run(300, "train-mf", "--data", Dtrain.data("spark-samples/sample_movielens_ratings.txt"),
        "--rank", "5", "--threads", "2", "--epochs", "30", "--step-size", "0.02", "--reg-param", "0.1",
        "--seed", "11", "--report-json", report.toString());
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("rmse_test"), run.output());
    JsonNode r = Dtrain.json(report);
    assertTrue(r.get("rmse_test").asDouble() < r.get("rmse_test_global_mean").asDouble(), r.toString());
    assertTrue(r.get("rmse_train").asDouble() < r.get("rmse_test").asDouble(), r.toString());
    assertTrue(r.get("updates").asLong() > 30L * 1000, r.toString());
    assertTrue(r.get("updates_per_second").asDouble() > 0, r.toString());
    assertEquals(31, r.get("history").size());
  }

  @Test
  void trainMfWithLocalSgdBeatsTheGlobalMeanAndOtherStrategiesAreNamed(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("mf-local.json");
    Dtrain.Run run = Dtrain.run(300, "train-mf", "--strategy", "local", "--local-steps", "2", "--partitions", "2",
        "--outer-lr", "2", "--master", "local[2]", "--data", Dtrain.data("spark-samples/sample_movielens_ratings.txt"), "--rank", "5",
        "--epochs", "15", "--step-size", "0.02", "--reg-param", "0.1", "--seed", "11",
        "--report-json", report.toString());
    assertEquals(0, run.exitCode(), run.output());
    JsonNode r = Dtrain.json(report);
    assertEquals("local", r.get("strategy").asText());
    assertTrue(r.get("rmse_test").asDouble() < r.get("rmse_test_global_mean").asDouble(), r.toString());
    assertTrue(r.get("bytes_communicated").asLong() > 0, r.toString());
    assertEquals(16, r.get("history").size());
    Dtrain.Run async = Dtrain.run(120, "train-mf", "--strategy", "async", "--epochs", "1");
    assertEquals(2, async.exitCode(), async.output());
    assertTrue(async.output().contains("Invalid value 'async' for option --strategy: must be hogwild, local or sync"),
        async.output());
  }

  @Test
  void badRatingsAndBadOptionsAreNamed(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("ratings.txt");
    Files.writeString(bad, "0::1::4\n1::-2::3\n");
    Dtrain.Run run = Dtrain.run(120, "train-mf", "--data", bad.toString(), "--threads", "1", "--epochs", "1");
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("ratings.txt:2: item id -2 is negative"), run.output());
    Dtrain.Run access = Dtrain.run(120, "train", "--strategy", "hogwild", "--access", "volatile");
    assertEquals(2, access.exitCode(), access.output());
    assertTrue(access.output().contains("Invalid value 'volatile' for option --access"), access.output());
  }
}
