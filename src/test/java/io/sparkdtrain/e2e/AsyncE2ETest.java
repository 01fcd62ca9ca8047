package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtrain train --strategy async} end to end on a9a: exactly-once application of updates when
 * task attempts fail and are retried ({@code local[2,3]}: up to 3 attempts per task, with the hidden
 * fault injection {@code --fail-first-attempts}, which fails a first attempt after it pushed its
 * delta), the deterministic mode's staleness, and option errors. Failures and speculation on real
 * executor JVMs are in {@code ExecutorKillE2ETest} and {@code RetriesAndSpeculationE2ETest}.
 */
class AsyncE2ETest {

  private static String[] args(Path report, String master, String... extra) {
    String[] base = {"train", "--strategy", "async", "--local-steps", "16", "--batch-size", "32", "--step-size",
        "0.05", "--master", master, "--partitions", "4", "--data", Dtrain.data("a9a/a9a"), "--num-features", "123",
        "--max-rounds", "15", "--eval-every", "5", "--seed", "3", "--quiet", "--report-json", report.toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void retriedTasksApplyTheirUpdateExactlyOnce(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.json");
    Dtrain.Run run = Dtrain.run(300, args(report, "local[2,3]", "--fail-first-attempts", "0.25"));
    assertEquals(0, run.exitCode(), run.output());
    JsonNode r = Dtrain.json(report);
    assertEquals("async", r.get("strategy").asText());
    long jobs = r.get("jobs_succeeded").asLong();
    assertTrue(r.get("injected_failures").asLong() > 0, r.toString());
    assertEquals(jobs, r.get("deltas_received").asLong(), "one merged delta per successful job: " + r);
    assertEquals(jobs, r.get("updates").asLong() + r.get("updates_dropped").asLong()
        + r.get("updates_discarded_after_stop").asLong(), r.toString());
    assertTrue(r.get("updates").asLong() >= 15 * 4, r.toString());
    JsonNode s = r.get("staleness");
    for (String k : new String[] {"mean", "p50", "p99", "max", "histogram"}) {
      assertTrue(s.has(k), "staleness." + k + " in " + s);
    }
    assertTrue(r.get("objective_final").asDouble() < r.get("history").get(0).get("objective").asDouble(),
        r.toString());
  }

  @Test
  void injectedStalenessIsExact(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.json");
    Dtrain.Run run = Dtrain.run(300, args(report, "local[2]", "--inject-staleness", "4"));
    assertEquals(0, run.exitCode(), run.output());
    JsonNode r = Dtrain.json(report);
    assertEquals(60, r.get("updates").asLong(), r.toString());
    assertEquals(0, r.get("updates_dropped").asLong());
    JsonNode s = r.get("staleness");
    assertEquals(4, s.get("max").asLong());
    assertEquals(4, s.get("p50").asLong());
    assertEquals(56, s.get("histogram").get("4").asLong(), s.toString()); // updates 4..59; 0..3 have 0..3
  }

  @Test
  void compareRunsAsyncSpecsAndRejectsBadOnes() throws Exception {
    Dtrain.Run run = Dtrain.run(300, "compare", "--master", "local[2]", "--partitions", "4", "--data",
        Dtrain.data("a9a/a9a"), "--num-features", "123", "--local-steps", "4", "--batch-size", "16",
        "--strategies", "async:lr=0.05,async:inject=2+inverse+lr=0.05", "--max-rounds", "3", "--quiet");
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("| async:inject=2+inverse+lr=0.05") && run.output().contains("| async:lr=0.05"),
        run.output());
    Dtrain.Run bad = Dtrain.run(120, "compare", "--strategies", "async:inject=x");
    assertEquals(2, bad.exitCode(), bad.output());
    assertTrue(bad.output().contains("async:inject=x"), bad.output());
  }

  @Test
  void badAsyncOptionsNameTheOptionAndValue() throws Exception {
    Dtrain.Run lr = Dtrain.run(120, "train", "--strategy", "async", "--staleness-lr", "sqrt");
    assertEquals(2, lr.exitCode(), lr.output());
    assertTrue(lr.output().contains("--staleness-lr") && lr.output().contains("sqrt"), lr.output());
    Dtrain.Run both = Dtrain.run(120, "train", "--strategy", "async", "--inject-staleness", "2",
        "--max-staleness", "1");
    assertEquals(2, both.exitCode(), both.output());
    assertTrue(both.output().contains("--max-staleness"), both.output());
  }
}
