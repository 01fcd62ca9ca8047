package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtrain train}'s output files, in-process on {@code local[2]} with generated data: the model
 * ({@code --model-out}) and the JSON report ({@code --report-json}) land in folders that did not
 * exist, and agree with each other. Reference: the report of the same run (its strategy and rounds)
 * and the generated data's shape (100 features plus the intercept).
 */
class TrainOutputFilesTest {
  @AfterAll
  static void stopSpark() {
    CliRunner.stopSessions();
  }

  @Test
  void modelAndReportAreWrittenIntoNewFolders(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("models/run1/model.txt");
    Path json = dir.resolve("reports/run1/report.json");
    String[] r = CliRunner.run(new String[] {"train", "--master", "local[2]", "--partitions", "2", "--gen-rows",
        "1000", "--gen-test-rows", "200", "--max-rounds", "2", "--quiet", "--model-out", model.toString(),
        "--report-json", json.toString()});
    assertEquals("0", r[0], r[2]);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertEquals("sync", report.get("strategy").asText(), report.toString());
    assertEquals(2, report.get("rounds").asInt(), report.toString());
    List<String> lines = Files.readAllLines(model);
    assertTrue(lines.get(0).startsWith("# strategy sync, ") && lines.get(0).endsWith(", rounds 2"), lines.get(0));
    assertEquals(100 + 1, lines.size() - 1, "one line per weight: 100 features and the intercept");
    for (String line : lines.subList(1, lines.size())) {
      assertTrue(Double.isFinite(Double.parseDouble(line)), line);
    }
  }
}
