package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtrain compare} end to end on a9a with worker 2 of 4 four times slower: the table is printed,
 * the report directory holds the page, the charts and the event logs, and the synchronous workers
 * wait at the barrier for the straggler.
 */
class CompareE2ETest {

  @Test
  void compareOnA9aWithAStragglerWritesTheReportAndSyncWorkersWait(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("report");
    Dtrain.Run run = Dtrain.run(300, "compare", "--strategies", "sync,local:16", "--master", "local[4]",
        "--partitions", "4", "--data", Dtrain.data("a9a/a9a"), "--test", Dtrain.data("a9a/a9a.t"),
        "--num-features", "123", "--straggler", "2:4", "--batch-size", "32", "--max-rounds", "20",
        "--eval-every", "5", "--seed", "3", "--quiet", "--report-dir", out.toString());
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("| sync ") && run.output().contains("| local:16 "), run.output());
    assertTrue(run.output().contains("final accuracy") && run.output().contains("0 (barrier)"), run.output());

    for (String chart : new String[] {"objective-vs-time", "objective-vs-rounds", "objective-vs-bytes", "staleness",
        "timeline"}) {
      Path png = out.resolve(chart + ".png");
      assertNotNull(ImageIO.read(png.toFile()), png + " is a PNG");
      assertTrue(Files.size(png) > 8_000, png + " " + Files.size(png));
      assertTrue(Files.readString(out.resolve(chart + ".svg")).contains("<svg"), chart + ".svg");
    }
    assertTrue(Files.readString(out.resolve("report.html")).contains("<table class=\"summary\">"));
    assertTrue(Files.readAllLines(out.resolve("events.csv")).get(0).startsWith("run,type,worker,step,"));

    JsonNode sync = Dtrain.json(out.resolve("events.json")).get("runs").get(0);
    assertEquals("sync", sync.get("label").asText());
    assertEquals(4 * 20, sync.get("events").size(), "4 workers x 20 rounds");
    double waitOthers = 0;
    double injected = 0;
    for (JsonNode e : sync.get("events")) {
      int worker = e.get("worker").asInt();
      if (worker == 2) {
        injected += e.get("injected_delay_ms").asDouble();
      } else {
        waitOthers += e.get("wait_ms").asDouble();
        assertEquals(0.0, e.get("injected_delay_ms").asDouble());
      }
      assertEquals(-1, e.get("staleness").asInt());
    }
    assertTrue(injected > 0, "worker 2 was slowed");
    // the three others wait for about the straggler's injected delay each (less what they start later)
    assertTrue(waitOthers > 1.0 * injected, "sync workers wait: " + waitOthers + " ms vs injected " + injected);
  }

  @Test
  void unknownStrategiesAreNamedWithTheAvailableOnes() throws Exception {
    Dtrain.Run run = Dtrain.run(120, "compare", "--strategies", "sync,nosuch:3");
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("unknown strategy 'nosuch'") && run.output().contains("available: sync, local[:H]"),
        run.output());
  }

  @Test
  void fedavgAndBoundedAsyncRunInCompareAndBadSpecsAreNamed() throws Exception {
    Dtrain.Run run = Dtrain.run(300, "compare", "--strategies", "fedavg:1/0.5,async:bound=4+lr=0.1",
        "--master", "local[2]", "--partitions", "4", "--gen-rows", "4000", "--batch-size", "32", "--max-rounds", "5",
        "--quiet");
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("| fedavg:1/0.5 ") && run.output().contains("0.5 of the clients"), run.output());
    assertTrue(run.output().contains("staleness bound 4 (SSP)"), run.output());
    run = Dtrain.run(120, "compare", "--strategies", "fedavg:x");
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("Invalid value 'fedavg:x' for option --strategies"), run.output());
  }
}
