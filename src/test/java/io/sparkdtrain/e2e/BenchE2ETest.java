package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtrain bench} end to end on small generated data: every strategy and the plain loop run
 * through the harness, the JSON holds a run of each with its trace, the cached blocks' Spark storage
 * size is within 1.5x of the CSR arrays (issue 11's memory target), the chart is written; bad
 * {@code --data gen:} and {@code --scaling} values are named.
 */
class BenchE2ETest {

  @Test
  void everyStrategyAndThePlainLoopRunOnGeneratedData(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("bench.json");
    Dtrain.Run run = Dtrain.run(600, "bench", "--master", "local[2]", "--data", "gen:4000x200x10",
        "--gen-test-rows", "1000", "--methods", "plain,sync,local,async,hogwild,fedavg", "--repeats", "1",
        "--max-rounds", "10", "--plain-epochs", "3", "--optimum-max-iter", "100", "--output-json", json.toString(),
        "--chart-dir", dir.toString());
    assertEquals(0, run.exitCode(), run.output());
    JsonNode report = Dtrain.json(json);
    List<String> methods = new ArrayList<>();
    report.get("runs").forEach(r -> {
      methods.add(r.get("method").asText());
      assertTrue(r.get("trace").size() > 0, r.get("method").asText() + " has checkpoints");
    });
    assertEquals(List.of("plain", "sync", "sync-mb0.1", "local-h16", "local-tuned", "async", "hogwild", "fedavg"),
        methods);
    JsonNode memory = report.get("memory");
    long csr = memory.get("csr_array_bytes").asLong();
    assertEquals(4000L * 10 * 12 + 4000L * 12 + 4L * 4, csr, "indices, values, labels, offsets of 4 blocks");
    double ratio = memory.get("dtrain_blocks_over_csr").asDouble();
    assertTrue(ratio >= 1.0 && ratio <= 1.5, "Spark storage / CSR arrays = " + ratio);
    assertNotNull(ImageIO.read(dir.resolve("gap-vs-time-gen-4000x200x10.png").toFile()));
    assertTrue(run.output().contains("Compute per example"), run.output());
  }

  @Test
  void badGeneratedDataAndScalingWithoutGeneratedDataAreNamed() throws Exception {
    Dtrain.Run run = Dtrain.run(120, "bench", "--data", "gen:10x5");
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("Invalid value 'gen:10x5' for option --data"), run.output());
    run = Dtrain.run(120, "bench", "--data", Dtrain.data("a9a/a9a"), "--scaling", "1,2");
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("the scaling sweep needs generated data"), run.output());
  }
}
