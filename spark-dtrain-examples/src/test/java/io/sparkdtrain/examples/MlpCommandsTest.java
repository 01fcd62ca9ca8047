package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code dtrain train --model mlp} and {@code dtrain compare --model mlp} run in-process
 * ({@link DtrainMain#run}) on a real {@code local[2]} session and generated three-class data. The
 * reference for the accuracy is the majority class's share of the same held-out rows, generated
 * here with the command's own spec: a trained network must beat it clearly. Bad network options
 * are rejected with exit code 2 and a message naming the option and the value.
 */
class MlpCommandsTest {
  private static final int FEATURES = 10;
  private static final int CLASSES = 3;
  private static final long TEST_ROWS = 600;
  private static final String[] DATA = {"--master", "local[2]", "--partitions", "2", "--gen-rows", "2000",
      "--gen-test-rows", String.valueOf(TEST_ROWS), "--gen-features", String.valueOf(FEATURES), "--gen-nnz",
      String.valueOf(FEATURES), "--num-classes", String.valueOf(CLASSES), "--quiet"};
  private static double majorityShare;

  /** The majority class's share of the held-out rows the commands generate (same spec, same seed). */
  @BeforeAll
  static void majorityOfTheTestRows() {
    SparkSession spark = Sessions.session("local[2]", "MlpCommandsTest");
    DataOptions d = new DataOptions();
    d.genRows = 2000;
    d.genFeatures = FEATURES;
    d.genNnz = FEATURES;
    d.partitions = 2;
    SyntheticData.Spec spec = d.spec("softmax", CLASSES, 42);
    try (TrainingData test = SyntheticData.test(JavaSparkContext.fromSparkContext(spark.sparkContext()), spec,
        TEST_ROWS, 2, new SoftmaxLoss(CLASSES))) {
      long[] counts = new long[CLASSES];
      for (CsrBlock b : test.blocks().collect()) {
        for (int i = 0; i < b.numRows(); i++) {
          counts[(int) b.label(i)]++;
        }
      }
      majorityShare = java.util.Arrays.stream(counts).max().orElseThrow() / (double) TEST_ROWS;
    }
  }

  @AfterAll
  static void stopSpark() {
    CliRunner.stopSessions();
  }

  /** Runs {@code dtrain ARGS DATA}; returns the exit code, stdout and stderr. */
  private static String[] run(String... args) {
    return CliRunner.run(args, DATA);
  }

  @ParameterizedTest
  @CsvSource({"sync, --mini-batch-fraction, 0.1", "local, --local-steps, 8"})
  void trainBeatsTheMajorityClassAndReportsTheNetwork(String strategy, String option, String value,
                                                      @TempDir Path dir) throws Exception {
    Path json = dir.resolve("report.json");
    String[] r = run("train", "--model", "mlp", "--layers", "16", "--activation", "tanh", "--strategy", strategy,
        option, value, "--batch-size", "32", "--step-size", "0.2", "--max-rounds", "40", "--report-json",
        json.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    for (String key : List.of("strategy", "objective_final", "test", "rounds", "bytes_communicated",
        "wall_clock_seconds", "history", "spark", "model", "layers", "activation", "optimizer")) {
      assertTrue(report.has(key), "report key " + key + " in " + report);
    }
    assertEquals("mlp", report.get("model").asText());
    assertEquals(FEATURES + ",16," + CLASSES, report.get("layers").asText());
    assertEquals("tanh", report.get("activation").asText());
    assertEquals("sgd", report.get("optimizer").asText());
    JsonNode test = report.get("test");
    assertEquals(TEST_ROWS, test.get("count").asLong());
    assertTrue(test.has("logloss") && !test.has("rmse") && !test.has("auc"), "classification metrics: " + test);
    double accuracy = test.get("accuracy").asDouble();
    assertTrue(accuracy > majorityShare + 0.15, strategy + ": accuracy " + accuracy + " vs majority " + majorityShare);
  }

  @Test
  void trainWithAdamOnSync(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("report.json");
    String[] r = run("train", "--model", "mlp", "--layers", "16", "--optimizer", "adam", "--step-size", "0.01",
        "--mini-batch-fraction", "0.1", "--max-rounds", "40", "--report-json", json.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertEquals("adam", report.get("optimizer").asText());
    double accuracy = report.get("test").get("accuracy").asDouble();
    assertTrue(accuracy > majorityShare + 0.15, "adam: accuracy " + accuracy + " vs majority " + majorityShare);
  }

  @ParameterizedTest
  @CsvSource({"local, --local-steps, 8", "local, --adam-moments, keep", "async, --local-steps, 8",
      "fedavg, --local-epochs, 1"})
  void trainWithAdamOnTheWorkers(String strategy, String option, String value, @TempDir Path dir) throws Exception {
    Path json = dir.resolve("report.json");
    String[] r = run("train", "--model", "mlp", "--layers", "16", "--optimizer", "adam", "--step-size", "0.01",
        "--strategy", strategy, option, value, "--batch-size", "32", "--max-rounds", "10", "--report-json",
        json.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertEquals("adam", report.get("optimizer").asText());
    double accuracy = report.get("test").get("accuracy").asDouble();
    assertTrue(accuracy > majorityShare + 0.15, strategy + " adam: accuracy " + accuracy + " vs majority "
        + majorityShare);
  }

  @Test
  void compareRunsTheNetworkWithSyncAndLocalSgd() {
    String[] r = run("compare", "--model", "mlp", "--layers", "16", "--strategies", "sync,local:8", "--batch-size",
        "32", "--mini-batch-fraction", "0.1", "--step-size", "0.2", "--momentum", "0", "--max-rounds", "40");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("model: mlp"), r[1]);
    for (String label : List.of("sync", "local:8")) {
      String row = r[1].lines().filter(l -> l.startsWith("| " + label + " ")).findFirst()
          .orElseThrow(() -> new AssertionError("no row " + label + " in\n" + r[1]));
      double accuracy = Double.parseDouble(row.split("\\|")[6].trim());
      assertTrue(accuracy > majorityShare + 0.15, label + ": accuracy " + accuracy + " vs majority " + majorityShare);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "train --model mlp --layers 0; Invalid value '0' for option --layers: every hidden size must be >= 1",
      "train --model mlp --layers abc; Invalid value 'abc' for option --layers: entry 1 ('abc') is not a whole number",
      "train --model mlp --layers 16,,8; Invalid value '16,,8' for option --layers: entry 2 is empty",
      "train --model mlp --layers 16,; Invalid value '16,' for option --layers: entry 2 is empty",
      "train --model mlp --layers 10,16,3; Invalid value '10,16,3' for option --layers: takes the hidden sizes only;"
          + " the input (10 features) and the output (3 classes) come from the data: write --layers 16",
      "train --model mlp --activation foo; Invalid value 'foo' for option --activation: must be relu or tanh",
      "train --model mlp --objective logistic; Invalid value 'logistic' for option --objective: --model mlp has a"
          + " softmax output",
      "train --model cnn; Invalid value 'cnn' for option --model: must be linear or mlp",
      "train --layers 16; Invalid value '16' for option --layers: needs --model mlp",
      "train --model mlp --reg-type l1; Invalid value 'l1' for option --reg-type: must be l2 with --model mlp",
      "train --optimizer adam --strategy local; Invalid value 'adam' for option --optimizer: with --strategy local"
          + " needs --model mlp",
      "train --model mlp --optimizer adagrad --strategy local; Invalid value 'adagrad' for option --optimizer: must be"
          + " sgd or adam with --strategy local",
      "train --model mlp --strategy local --adam-moments keep; Invalid value 'keep' for option --adam-moments: needs"
          + " --optimizer adam (plain SGD has no moments)",
      "train --model mlp --optimizer adam --strategy local --adam-moments always; Invalid value 'always' for option"
          + " --adam-moments: must be reset or keep",
      "train --optimizer adam --strategy async; Invalid value 'adam' for option --optimizer: with --strategy async"
          + " needs --model mlp",
      "train --optimizer adam --strategy fedavg; Invalid value 'adam' for option --optimizer: with --strategy fedavg"
          + " needs --model mlp",
      "train --model mlp --optimizer adagrad --strategy fedavg; Invalid value 'adagrad' for option --optimizer: must be"
          + " sgd or adam with --strategy fedavg",
      "compare --model mlp --optimizer adam --strategies sync,hogwild; Invalid value 'adam' for option --optimizer:"
          + " is synchronous SGD's driver step (and, with --model mlp, the local step of local, async and fedavg), but"
          + " --strategies names hogwild"})
  void badNetworkOptionsAreRejectedByName(String args, String message) {
    String[] r = run(args.split(" "));
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains(message), "expected '" + message + "' in: " + r[2]);
    assertFalse(r[1].contains("strategy "), "nothing trained: " + r[1]);
  }
}
