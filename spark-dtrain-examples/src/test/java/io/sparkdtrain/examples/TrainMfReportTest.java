package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtrain train-mf}'s JSON report and printed summary, for Hogwild! and for a strategy run
 * through the registry (Local SGD), in-process on {@code local[2]}: the fields in their documented
 * order, the final RMSEs equal to the last epoch of the report's own history, and the printed RMSEs
 * equal to the report's. Reference: the per-epoch history the same run reports.
 */
class TrainMfReportTest {
  private static final String[] DATA = {"--master", "local[2]", "--partitions", "2", "--gen-ratings", "3000",
      "--gen-users", "200", "--gen-items", "100", "--epochs", "3", "--seed", "7"};

  @AfterAll
  static void stopSpark() {
    CliRunner.stopSessions();
  }

  private static JsonNode run(Path json, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("train-mf"));
    all.addAll(List.of(args));
    all.addAll(List.of(DATA));
    all.addAll(List.of("--report-json", json.toString()));
    String[] r = CliRunner.run(all.toArray(new String[0]));
    String text = r[1];
    assertEquals("0", r[0], text + r[2]);
    JsonNode report = new ObjectMapper().readTree(Files.readString(json));
    JsonNode history = report.get("history");
    JsonNode last = history.get(history.size() - 1);
    assertEquals(last.get("rmse_train").asDouble(), report.get("rmse_train").asDouble(), "rmse_train: " + report);
    assertEquals(last.get("rmse_test").asDouble(), report.get("rmse_test").asDouble(), "rmse_test: " + report);
    assertEquals(String.format("  rmse_train          %.6f", report.get("rmse_train").asDouble()),
        text.lines().filter(l -> l.startsWith("  rmse_train")).findFirst().orElse("none"), text);
    assertEquals(String.format("  rmse_test           %.6f (global mean %.6f)", report.get("rmse_test").asDouble(),
        report.get("rmse_test_global_mean").asDouble()),
        text.lines().filter(l -> l.startsWith("  rmse_test")).findFirst().orElse("none"), text);
    return report;
  }

  private static List<String> fields(JsonNode report) {
    List<String> names = new ArrayList<>();
    report.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void hogwildReport(@TempDir Path dir) throws Exception {
    JsonNode r = run(dir.resolve("hogwild.json"), "--strategy", "hogwild", "--threads", "2");
    assertEquals(List.of("strategy", "rmse_train", "rmse_test", "rmse_test_global_mean", "epochs", "rank",
        "reg_param", "threads", "access", "locked", "updates", "updates_per_second", "compute_updates_per_second",
        "wall_clock_seconds", "history"), fields(r));
    assertEquals("hogwild", r.get("strategy").asText());
    assertEquals(3, r.get("epochs").asInt());
    assertEquals(4, r.get("history").size(), "round 0 and 3 epochs: " + r);
  }

  @Test
  void localSgdReport(@TempDir Path dir) throws Exception {
    JsonNode r = run(dir.resolve("local.json"), "--strategy", "local");
    assertEquals(List.of("strategy", "rmse_train", "rmse_test", "rmse_test_global_mean", "epochs", "rank",
        "reg_param", "partitions", "bytes_communicated", "wall_clock_seconds", "local_steps", "batch_size",
        "outer_optimizer", "outer_lr", "worker_steps_total", "history"), fields(r));
    assertEquals("local", r.get("strategy").asText());
    assertEquals(3, r.get("epochs").asInt());
  }
}
