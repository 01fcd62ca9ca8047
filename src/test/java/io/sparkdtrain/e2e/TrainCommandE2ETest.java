package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtrain train} end to end, through spark-submit, the way the README tells users to run it.
 * The a9a thresholds come from the foundation issue (test accuracy >= 0.845; MLlib's optimum for
 * lambda = 1e-4 is 0.32441, measured by {@code SynchronousSgdA9aTest} in the core module).
 */
class TrainCommandE2ETest {

  @Test
  @Tag("spark4")
  void syncOnA9aWritesTheContractReport(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.json");
    Dtrain.Run run = Dtrain.run(300, "train", "--strategy", "sync", "--master", "local[2]",
        "--data", Dtrain.data("a9a/a9a"), "--test", Dtrain.data("a9a/a9a.t"), "--num-features", "123",
        "--objective", "logistic", "--reg-param", "1e-4", "--step-size", "1.0", "--max-rounds", "60",
        // the settings this contract was written with, before the defaults became derived/adaptive
        "--momentum", "0.9", "--nesterov", "--eval-every", "1",
        "--seed", "3", "--partitions", "4", "--report-json", report.toString());
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("objective_final"), run.output());
    JsonNode r = Dtrain.json(report);
    assertEquals("sync", r.get("strategy").asText());
    assertTrue(r.get("test").get("accuracy").asDouble() >= 0.845, r.toString());
    assertTrue(r.get("test").get("auc").asDouble() > 0.88, r.toString());
    assertTrue(r.get("test").get("logloss").asDouble() < 0.36, r.toString());
    assertTrue(r.get("objective_final").asDouble() < 0.3244 * 1.02, r.toString());
    assertEquals(60, r.get("rounds").asInt());
    assertEquals(60L * 2 * 4 * (8 * 124 + 24), r.get("bytes_communicated").asLong());
    assertTrue(r.get("wall_clock_seconds").asDouble() > 0);
    JsonNode history = r.get("history");
    assertEquals(61, history.size());
    for (String key : new String[] {"round", "seconds", "objective"}) {
      assertTrue(history.get(10).has(key), "history entries carry " + key);
    }
    assertTrue(history.get(60).get("objective").asDouble() < history.get(0).get("objective").asDouble());
  }

  @Test
  void targetObjectiveStopsEarlyAndSaysSo(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("r.json");
    Dtrain.Run run = Dtrain.run(300, "train", "--master", "local[2]",
        "--data", Dtrain.data("a9a/a9a"), "--num-features", "123", "--max-rounds", "200",
        "--target-objective", "0.34", "--report-json", report.toString(), "--quiet");
    assertEquals(0, run.exitCode(), run.output());
    JsonNode r = Dtrain.json(report);
    assertTrue(r.get("reached_target").asBoolean(), r.toString());
    assertTrue(r.get("objective_final").asDouble() <= 0.34);
    assertTrue(r.get("rounds").asInt() < 200);
  }

  @Test
  void generatedDataWhenNoDataIsGiven(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("r.json");
    Dtrain.Run run = Dtrain.run(300, "train", "--master", "local[2]", "--max-rounds", "30",
        "--gen-rows", "4000", "--gen-test-rows", "1000", "--report-json", report.toString());
    assertEquals(0, run.exitCode(), run.output());
    JsonNode r = Dtrain.json(report);
    // planted model with unit-scale margins: a trained model must beat the majority class clearly
    assertTrue(r.get("test").get("accuracy").asDouble() > 0.7, r.toString());
  }

  @Test
  void badOptionsNameTheOptionAndValue() throws Exception {
    Dtrain.Run step = Dtrain.run(120, "train", "--step-size", "-1");
    assertEquals(2, step.exitCode(), step.output());
    assertTrue(step.output().contains("--step-size") && step.output().contains("-1"), step.output());
    Dtrain.Run objective = Dtrain.run(120, "train", "--objective", "poisson");
    assertEquals(2, objective.exitCode(), objective.output());
    assertTrue(objective.output().contains("--objective") && objective.output().contains("poisson"));
  }

  @Test
  void launcherWithoutTheJarSaysWhichCommandBuildsIt(@TempDir Path dir) throws Exception {
    // a copy of the launcher in a module folder that has no target/: nothing is built silently
    Path bin = dir.resolve("spark-dtrain-examples/bin");
    java.nio.file.Files.createDirectories(bin);
    Path script = bin.resolve("dtrain");
    java.nio.file.Files.copy(Dtrain.root().resolve("spark-dtrain-examples/bin/dtrain"), script);
    java.nio.file.Files.copy(Dtrain.root().resolve("spark-dtrain-examples/bin/java.sh"), bin.resolve("java.sh"));
    script.toFile().setExecutable(true);
    Process p = new ProcessBuilder(script.toString(), "train").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(3, p.exitValue(), out);
    assertTrue(out.contains("is missing") && out.contains("mvn -q -DskipTests package"), out);
  }

  @Test
  void badDataFileIsReportedWithFileAndLine(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.libsvm");
    java.nio.file.Files.writeString(bad, "1 1:0.5 3:1\n-1 2:1\n1 200:1\n");
    Dtrain.Run run = Dtrain.run(120, "train", "--master", "local[2]", "--data", bad.toString(),
        "--num-features", "10", "--max-rounds", "2");
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains(bad.getFileName() + ":3"), run.output());
    assertTrue(run.output().contains("feature index 200"), run.output());
  }
}
