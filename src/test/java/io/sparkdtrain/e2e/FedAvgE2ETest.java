package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdtrain.data.SyntheticData;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtrain train --strategy fedavg} end to end: non-IID shards on generated softmax data with
 * the report's FedAvg keys and per-round test accuracy, IDX input ({@code --data idx:PREFIX}) with
 * Dirichlet clients and FedProx, and the option checks (messages naming the option and value).
 */
class FedAvgE2ETest {

  @Test
  void fedAvgOnShardsReportsClientsAndPerRoundTestAccuracy(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.json");
    Dtrain.Run run = Dtrain.run(240, "train", "--strategy", "fedavg", "--objective", "softmax",
        "--num-classes", "4", "--gen-rows", "2000", "--gen-test-rows", "500", "--gen-features", "20",
        "--gen-nnz", "6", "--clients", "20", "--fraction", "0.2", "--local-epochs", "2", "--batch-size", "10",
        "--partition", "shards", "--step-size", "0.3", "--max-rounds", "8", "--master", "local[2]",
        "--partitions", "2", "--seed", "5", "--eval-every", "1", "--quiet", "--report-json", report.toString());
    assertEquals(0, run.exitCode(), run.output());
    JsonNode r = Dtrain.json(report);
    assertEquals("fedavg", r.get("strategy").asText());
    assertEquals(20, r.get("clients").asInt(), r.toString());
    assertEquals(4, r.get("clients_per_round").asInt());
    assertEquals("shards:2", r.get("partition").asText());
    assertEquals(8, r.get("participating_clients").size());
    assertEquals(8, r.get("rounds").asInt());
    assertEquals(r.get("bytes_down").asLong() + r.get("bytes_up").asLong(), r.get("bytes_communicated").asLong());
    JsonNode history = r.get("history");
    assertEquals(9, history.size(), "round 0 and 8 rounds");
    for (JsonNode h : history) {
      assertEquals(500, h.get("test").get("count").asLong(), "every round is evaluated on all 500 test rows: " + h);
    }
    double first = history.get(0).get("test").get("accuracy").asDouble();
    double last = r.get("test").get("accuracy").asDouble();
    assertTrue(last > first + 0.1, "FedAvg learns: " + r.get("test"));
    // the reference, computed here from the same generated test rows: always predicting the most
    // frequent class; FedAvg must beat it by 0.1 (local[2]: 0.68 against a rate near 0.3)
    double majority = majorityClassRate(new SyntheticData.Spec(SyntheticData.Kind.MULTICLASS, 2000, 20, 6, 4, 0.0, 5),
        500, 2);
    assertTrue(last > majority + 0.1, "accuracy " + last + " against the majority class's " + majority);
    double best = 0;
    for (int round = 1; round < history.size(); round++) {
      best = Math.max(best, history.get(round).get("test").get("accuracy").asDouble());
    }
    assertTrue(last > best - 0.1, "no collapse at the end: final " + last + ", best round " + best);
  }

  /**
   * The share of the most frequent label in the generated test split that {@code dtrain} builds from
   * {@code spec} ({@code --gen-test-rows rows}, {@code --partitions partitions}); pure, no Spark.
   */
  static double majorityClassRate(SyntheticData.Spec spec, long rows, int partitions) {
    SyntheticData.Spec test = new SyntheticData.Spec(spec.kind(), rows, spec.numFeatures(), spec.nnzPerRow(),
        spec.numClasses(), spec.noise(), spec.seed());
    long[] counts = new long[spec.numClasses()];
    long total = 0;
    for (int p = 0; p < partitions; p++) {
      for (double label : SyntheticData.block(test, p, partitions, 1).labels()) {
        counts[(int) label]++;
        total++;
      }
    }
    assertEquals(rows, total);
    long max = 0;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    return (double) max / total;
  }

  @Test
  void fedProxOnIdxFilesWithDirichletClients(@TempDir Path dir) throws Exception {
    String train = writeIdx(dir, "train", 600, 1);
    String test = writeIdx(dir, "t10k", 200, 2);
    Path report = dir.resolve("report.json");
    Dtrain.Run run = Dtrain.run(240, "train", "--strategy", "fedavg", "--objective", "softmax",
        "--data", "idx:" + train, "--test", "idx:" + test, "--clients", "10", "--fraction", "0.5",
        "--local-epochs", "1", "--batch-size", "20", "--partition", "dirichlet:0.5", "--prox-mu", "0.1",
        "--step-size", "0.5", "--max-rounds", "6", "--master", "local[2]", "--quiet",
        "--report-json", report.toString());
    assertEquals(0, run.exitCode(), run.output());
    JsonNode r = Dtrain.json(report);
    assertEquals(0.1, r.get("prox_mu").asDouble());
    assertEquals("dirichlet:0.5", r.get("partition").asText());
    assertEquals(5, r.get("clients_per_round").asInt());
    assertTrue(r.get("test").get("accuracy").asDouble() > 0.6, r.get("test").toString());
  }

  @Test
  void badFedAvgOptionsNameTheOptionAndValue() throws Exception {
    Dtrain.Run fraction = Dtrain.run(120, "train", "--strategy", "fedavg", "--fraction", "1.5");
    assertEquals(2, fraction.exitCode(), fraction.output());
    assertTrue(fraction.output().contains("--fraction") && fraction.output().contains("'1.5'"), fraction.output());
    Dtrain.Run alpha = Dtrain.run(120, "train", "--strategy", "fedavg", "--partition", "dirichlet:0");
    assertEquals(2, alpha.exitCode(), alpha.output());
    assertTrue(alpha.output().contains("--partition") && alpha.output().contains("dirichlet:0")
        && alpha.output().contains("alpha"), alpha.output());
    Dtrain.Run clients = Dtrain.run(180, "train", "--strategy", "fedavg", "--clients", "5000",
        "--gen-rows", "1000", "--master", "local[2]", "--quiet");
    assertTrue(clients.exitCode() != 0, clients.output());
    assertTrue(clients.output().contains("--clients") && clients.output().contains("'5000'")
        && clients.output().contains("(1000)"), clients.output());
  }

  /**
   * {@code count} 4 x 4 images of 3 classes (label c lights up row c, plus noise) as gzipped
   * {@code PREFIX-images-idx3-ubyte.gz} and {@code PREFIX-labels-idx1-ubyte.gz}.
   */
  static String writeIdx(Path dir, String name, int count, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] labels = new byte[count];
    byte[] pixels = new byte[count * 16];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) r.nextInt(3);
      for (int j = 0; j < 16; j++) {
        int v = (j / 4 == labels[i] ? 150 : 0) + r.nextInt(100);
        pixels[i * 16 + j] = (byte) Math.min(255, v);
      }
    }
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(
        new FileOutputStream(dir.resolve(name + "-images-idx3-ubyte.gz").toFile())))) {
      out.writeInt(0x803);
      out.writeInt(count);
      out.writeInt(4);
      out.writeInt(4);
      out.write(pixels);
    }
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(
        new FileOutputStream(dir.resolve(name + "-labels-idx1-ubyte.gz").toFile())))) {
      out.writeInt(0x801);
      out.writeInt(count);
      out.write(labels);
    }
    return dir.resolve(name).toString();
  }
}
