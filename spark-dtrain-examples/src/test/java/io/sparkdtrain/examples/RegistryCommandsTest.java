package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line reads the strategy registry: {@link io.sparkdtrain.strategy.TestOnlyStrategy},
 * registered only in the core's test code (its test-jar, a test-scope dependency of this module),
 * runs in {@code dtrain compare} and {@code dtrain train}, and its typed
 * report field reaches the JSON report; {@code compare} runs Hogwild! like the other strategies.
 * The commands run in-process ({@link DtrainMain#run}) on a real {@code local[2]} session. Reference
 * for the test-only rows: sync in the same compare, which it must match exactly (it runs sync).
 */
class RegistryCommandsTest {
  private static final String[] DATA = {"--master", "local[2]", "--partitions", "2", "--gen-rows", "2000",
      "--gen-test-rows", "500", "--max-rounds", "3", "--quiet"};

  @AfterAll
  static void stopSpark() {
    CliRunner.stopSessions();
  }

  /** Runs {@code dtrain ARGS DATA}; returns the exit code, stdout and stderr. */
  private static String[] run(String... args) {
    return CliRunner.run(args, DATA);
  }

  /** The table row of {@code label} in compare's output. */
  private static String row(String output, String label) {
    return output.lines().filter(l -> l.startsWith("| " + label + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + label + " in\n" + output));
  }

  @Test
  void compareRunsATestOnlyStrategyAndHogwild() {
    String[] r = run("compare", "--strategies", "sync,test-only:testOnlyMarker=11,hogwild", "--step-size", "0.1",
        "--momentum", "0");
    assertEquals("0", r[0], r[1]);
    String sync = row(r[1], "sync");
    String testOnly = row(r[1], "test-only:testOnlyMarker=11");
    // the same training: the same communication, final accuracy and final objective columns
    String[] s = sync.split("\\|");
    String[] t = testOnly.split("\\|");
    for (int column : new int[] {3, 6, 7}) {
      assertEquals(s[column].trim(), t[column].trim(), "column " + column + "\n" + sync + "\n" + testOnly);
    }
    assertTrue(r[1].contains("| hogwild "), r[1]);
  }

  @Test
  void trainRunsATestOnlyStrategyAndItsTypedFieldReachesTheJsonReport(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("report.json");
    String[] r = run("train", "--strategy", "test-only", "--strategy-setting", "testOnlyMarker=11",
        "--report-json", json.toString());
    assertEquals("0", r[0], r[1]);
    JsonNode report = new ObjectMapper().readTree(Files.readString(json));
    assertEquals("test-only", report.get("strategy").asText());
    assertTrue(report.get("test_only_marker").isInt(), report.toString());
    assertEquals(11, report.get("test_only_marker").asInt());
  }

  @Test
  void compareAppliesTheStragglerToHogwildAndItsEventsShowIt(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("report");
    String[] r = run("compare", "--strategies", "hogwild", "--straggler", "1:+120ms", "--step-size", "0.1",
        "--report-dir", out.toString());
    assertEquals("0", r[0], r[1]);
    JsonNode hogwild = new ObjectMapper().readTree(Files.readString(out.resolve("events.json"))).get("runs").get(0);
    assertEquals("hogwild", hogwild.get("label").asText());
    assertEquals(2 * 3, hogwild.get("events").size(), "2 task threads x 3 rounds: " + hogwild);
    double waitOfWorker0 = 0;
    for (JsonNode e : hogwild.get("events")) {
      double injected = e.get("injected_delay_ms").asDouble();
      if (e.get("worker").asInt() == 1) {
        assertTrue(injected >= 120, "worker 1 pauses 120 ms per round: " + e);
      } else {
        assertEquals(0.0, injected, e.toString());
        waitOfWorker0 += e.get("wait_ms").asDouble();
      }
    }
    assertTrue(waitOfWorker0 > 0, "worker 0 waits for worker 1 at the rounds' ends: " + hogwild);
  }

  @Test
  void unknownStrategiesListTheRegisteredOnes() {
    String[] r = run("train", "--strategy", "nosuch");
    assertEquals("2", r[0], r[1]);
    String[] c = run("compare", "--strategies", "nosuch");
    assertEquals("2", c[0], c[1]);
  }
}
