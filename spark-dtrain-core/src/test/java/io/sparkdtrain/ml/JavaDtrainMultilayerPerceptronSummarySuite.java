package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training history of {@link DtrainMultilayerPerceptronClassificationModel#summary()} and the
 * default number of rounds, on {@code local[2]}: three Gaussian classes in 5 dimensions, 400
 * training rows and 200 validation rows in one DataFrame told apart by a boolean column. Every
 * expected value is computed in the test: bytes from sync's documented per-step traffic, the
 * validation accuracy and the training objective from the fitted model's own {@code transform}.
 */
@Tag("spark4")
class JavaDtrainMultilayerPerceptronSummarySuite {
  private static final int FEATURES = 5;
  private static final int HIDDEN = 7;
  private static final int CLASSES = 3;
  private static Dataset<Row> all;

  @TempDir
  Path dir;

  @BeforeAll
  static void blobs() {
    SplittableRandom r = new SplittableRandom(5);
    double[][] centres = new double[CLASSES][FEATURES];
    for (double[] c : centres) {
      for (int j = 0; j < FEATURES; j++) {
        c[j] = 3 * (r.nextDouble() - 0.5);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      int y = r.nextInt(CLASSES);
      double[] x = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        x[j] = centres[y][j] + 1.2 * (r.nextDouble() - 0.5);
      }
      rows.add(RowFactory.create((long) i, (double) y, Vectors.dense(x), i % 3 == 0));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType).add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType()).add("isVal", DataTypes.BooleanType);
    all = SharedSpark.session().createDataFrame(rows, schema).repartition(2).cache();
  }

  private static DtrainMultilayerPerceptronClassifier network() {
    return new DtrainMultilayerPerceptronClassifier().setLayers(new int[] {FEATURES, HIDDEN, CLASSES})
        .setNumWorkers(2).setBlockSize(32).setStepSize(0.2).setSeed(3L);
  }

  /** Accuracy of the model's predictions, from the prediction column. */
  private static double accuracy(Dataset<Row> predictions) {
    return predictions.filter("prediction = label").count() / (double) predictions.count();
  }

  /** Mean cross-entropy of the model's probability column (regParam 0: the whole objective). */
  private static double crossEntropy(Dataset<Row> predictions) {
    double sum = 0;
    List<Row> rows = predictions.select("label", "probability").collectAsList();
    for (Row row : rows) {
      sum -= Math.log(((Vector) row.get(1)).apply((int) row.getDouble(0)));
    }
    return sum / rows.size();
  }

  @Test
  void historyHasEveryRoundTheEnginesBytesAndTheValidationAccuracy() {
    int rounds = 12;
    DtrainMultilayerPerceptronClassificationModel model = network().setMaxIter(rounds)
        .setValidationIndicatorCol("isVal").setTol(0).fit(all);
    DtrainMultilayerPerceptronTrainingSummary summary = model.summary();
    List<DtrainMultilayerPerceptronTrainingSummary.Round> history = summary.history();

    assertEquals(rounds, summary.totalIterations());
    assertEquals(rounds + 1, history.size(), "one entry per round plus round 0");
    int dimension = HIDDEN * FEATURES + HIDDEN + CLASSES * HIDDEN + CLASSES;
    long perRound = 2L * 2 * (8L * dimension + 24); // sync: model down and gradient up, per worker
    List<RoundRecord> engine = summary.result().history();
    for (int i = 0; i <= rounds; i++) {
      DtrainMultilayerPerceptronTrainingSummary.Round r = history.get(i);
      assertEquals(i, r.round());
      assertEquals(i * perRound, r.bytesCommunicated(), "bytes after round " + i);
      assertEquals(engine.get(i).bytesCommunicated(), r.bytesCommunicated());
      assertEquals(engine.get(i).seconds(), r.seconds());
      if (i > 0) {
        assertTrue(r.seconds() >= history.get(i - 1).seconds(), "seconds go back at round " + i);
      }
    }
    assertEquals(summary.bytesCommunicated(), history.get(rounds).bytesCommunicated());
    assertEquals(((Number) summary.result().asReport().get("bytes_communicated")).longValue(),
        summary.bytesCommunicated());

    Dataset<Row> validation = model.transform(all.filter("isVal"));
    Dataset<Row> training = model.transform(all.filter("NOT isVal"));
    DtrainMultilayerPerceptronTrainingSummary.Round last = history.get(rounds);
    assertTrue(summary.hasValidation());
    assertEquals(accuracy(validation), last.validationAccuracy(), 1e-12, "final validation accuracy");
    assertEquals(accuracy(validation), summary.finalValidationAccuracy(), 1e-12);
    assertEquals(crossEntropy(training), last.objective(), 1e-9 * last.objective(),
        "final objective: the training rows' (and only theirs) cross-entropy");
    assertEquals(accuracy(training), summary.accuracy(), 1e-12, "training accuracy");
    assertTrue(history.get(0).objective() > 1.2 * last.objective(), "the objective did not fall: " + history);
    assertTrue(last.validationAccuracy() > history.get(0).validationAccuracy() + 0.2, "no learning: " + history);
    double[] objectives = summary.objectiveHistory();
    assertEquals(last.objective(), objectives[objectives.length - 1]);
    assertEquals(rounds + 1, summary.historyDataFrame().count());
    assertEquals(last.validationAccuracy(), summary.historyDataFrame().filter("round = " + rounds)
        .first().getDouble(4));
  }

  @Test
  void localAndAsyncHistoriesAreTheEnginesAndWithoutValidationHaveNoAccuracy() {
    for (DtrainMultilayerPerceptronClassifier clf : List.of(network().setStrategy("local").setLocalSteps(4),
        network().setStrategy("async").setLocalSteps(2))) {
      DtrainMultilayerPerceptronClassificationModel model = clf.setMaxIter(3).setTol(0).fit(all);
      DtrainMultilayerPerceptronTrainingSummary summary = model.summary();
      List<DtrainMultilayerPerceptronTrainingSummary.Round> history = summary.history();
      List<RoundRecord> engine = summary.result().history();
      assertEquals(engine.size(), history.size());
      assertEquals(summary.totalIterations() + 1, history.size());
      for (int i = 0; i < history.size(); i++) {
        assertEquals(engine.get(i).bytesCommunicated(), history.get(i).bytesCommunicated());
        assertEquals(engine.get(i).objective(), history.get(i).objective());
        assertTrue(Double.isNaN(history.get(i).validationAccuracy()));
        if (i > 0) {
          assertTrue(history.get(i).bytesCommunicated() > history.get(i - 1).bytesCommunicated(),
              clf.getStrategy() + ": bytes did not grow at round " + i);
        }
      }
      assertFalse(summary.hasValidation());
    }
  }

  @Test
  void loadedModelHasNoSummary() throws java.io.IOException {
    DtrainMultilayerPerceptronClassificationModel model = network().setMaxIter(2).fit(all);
    assertTrue(model.hasSummary());
    DtrainMultilayerPerceptronClassificationModel copy = model.copy(org.apache.spark.ml.param.ParamMap.empty());
    assertSame(model.summary(), copy.summary(), "copy carries the summary");
    assertSame(model.parent(), copy.parent(), "copy carries the parent");
    String path = dir.resolve("m").toString();
    model.save(path);
    DtrainMultilayerPerceptronClassificationModel loaded = DtrainMultilayerPerceptronClassificationModel.load(path);
    assertFalse(loaded.hasSummary());
    IllegalStateException e = assertThrows(IllegalStateException.class, loaded::summary);
    assertEquals("No training summary available for this DtrainMultilayerPerceptronClassificationModel ("
        + model.uid() + "): summaries are not saved, a loaded model has none", e.getMessage());
  }

  @Test
  void defaultRoundsMakeTenPassesAndAnExplicitMaxIterIsKept() {
    DtrainMultilayerPerceptronClassifier clf = new DtrainMultilayerPerceptronClassifier();
    // Fashion-MNIST on two workers: 60,000 rows, blockSize 128.
    assertEquals((10 * 60_000 + 255) / 256, clf.rounds(60_000, 2), "sync: 256 rows per round");
    assertEquals(100, clf.rounds(600, 2), "at least the former 100 rounds");
    assertEquals((10 * 60_000 + 2047) / 2048, new DtrainMultilayerPerceptronClassifier()
        .setStrategy("local").rounds(60_000, 2), "local: localSteps 8 x 256 rows per round");
    assertEquals(100, new DtrainMultilayerPerceptronClassifier().setStrategy("hogwild").rounds(60_000, 2));
    assertEquals(100, new DtrainMultilayerPerceptronClassifier().setMaxIter(100).rounds(60_000, 2));
    assertEquals(7, new DtrainMultilayerPerceptronClassifier().setMaxIter(7).rounds(60_000, 2));

    // And a fit uses it: 30 rows, one row per step and worker: ceil(10 x 30 / 2) = 150 rounds.
    Dataset<Row> small = all.filter("id < 30").repartition(2);
    DtrainMultilayerPerceptronClassificationModel model = network().setBlockSize(1).setTol(0).fit(small);
    assertEquals(150, model.summary().totalIterations());
  }

  @Test
  void badValidationIndicatorColIsRejectedByName() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> network().setMaxIter(1).setValidationIndicatorCol("nope").fit(all));
    assertTrue(missing.getMessage().contains("'nope' (validationIndicatorCol) not found"), missing.getMessage());
    IllegalArgumentException notBoolean = assertThrows(IllegalArgumentException.class,
        () -> network().setMaxIter(1).setValidationIndicatorCol("id").fit(all));
    assertTrue(notBoolean.getMessage().contains("(validationIndicatorCol) must be boolean"), notBoolean.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> network().setMaxIter(1).setValidationIndicatorCol("isVal").fit(all.filter("NOT isVal")));
    assertTrue(none.getMessage().contains("isVal (validationIndicatorCol) true"), none.getMessage());
  }
}
