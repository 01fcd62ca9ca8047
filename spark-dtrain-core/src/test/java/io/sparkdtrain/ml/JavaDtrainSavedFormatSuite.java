package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files saved by commit 880339c, whose {@code DtrainParamSet} declared again the params MLlib's base
 * classes declare ({@code labelCol}, {@code featuresCol}, {@code predictionCol},
 * {@code rawPredictionCol}, {@code probabilityCol}, {@code thresholds}), load with every column param
 * as saved and predict from their weights; saved again, their metadata has the same params set as
 * the old file, and a fresh instance's has the same defaults (the one param added since,
 * {@code optimizer}, default {@code auto} since issue 18, and the one default changed on purpose since,
 * {@code localSteps} 8 -> 0 = one pass per round with a derived step, aside). The files in
 * {@code saved-models/880339c} were written at that commit by:
 *
 * <pre>{@code
 * // df = rows() below
 * DtrainClassifier clf = new DtrainClassifier().setLabelCol("y").setFeaturesCol("x").setMaxIter(5)
 *     .setPredictionCol("pred").setRawPredictionCol("raw").setProbabilityCol("prob").setNumWorkers(2);
 * clf.setThresholds(new double[] {0.4, 0.6});
 * clf.write().save(out + "/classifier");
 * clf.fit(df).write().save(out + "/classification-model");
 * new DtrainRegressor().setLabelCol("y").setFeaturesCol("x").setPredictionCol("pred").setMaxIter(5)
 *     .setNumWorkers(2).fit(df).write().save(out + "/regression-model");
 * }</pre>
 */
@Tag("spark4")
class JavaDtrainSavedFormatSuite {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** The 60 rows the files were fitted on (labels 0/1 in column y, features in x). */
  private static Dataset<Row> rows() {
    List<Row> rows = new ArrayList<>();
    Random r = new Random(5);
    for (int i = 0; i < 60; i++) {
      rows.add(RowFactory.create((double) (i % 2),
          Vectors.dense(r.nextGaussian() + (i % 2), r.nextGaussian() - (i % 2), 1.0)));
    }
    return MlData.spark().createDataFrame(rows, new StructType().add("y", DataTypes.DoubleType)
        .add("x", new VectorUDT()));
  }

  private static String saved(String name) throws Exception {
    return Paths.get(JavaDtrainSavedFormatSuite.class.getResource("/saved-models/880339c/" + name).toURI())
        .toString();
  }

  private static JsonNode metadata(String path) throws IOException {
    try (Stream<Path> files = Files.list(Paths.get(path, "metadata"))) {
      Path part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
      return JSON.readTree(Files.readString(part));
    }
  }

  /**
   * Saves {@code loaded} again and compares its set params with the old file's; saves {@code fresh}
   * (an instance of the same class made by this code, so with this code's defaults: a loaded one
   * takes its defaults from the file) and compares its defaults with the old file's, optimizer,
   * localSteps and clientFraction aside.
   */
  private void assertSameParamsWhenSavedAgain(String oldPath, MLWritable loaded, MLWritable fresh)
      throws Exception {
    String again = dir.resolve(Paths.get(oldPath).getFileName()).toString();
    loaded.save(again);
    fresh.save(again + "-fresh");
    JsonNode before = metadata(oldPath);
    assertEquals(before.get("paramMap"), metadata(again).get("paramMap"), "params set");
    ObjectNode defaults = (ObjectNode) metadata(again + "-fresh").get("defaultParamMap").deepCopy();
    assertEquals("auto", defaults.remove("optimizer").asText(), "the param added since, at its default");
    assertEquals(0, defaults.remove("localSteps").asInt(), "the default changed since (0 = one pass per round)");
    ObjectNode oldDefaults = (ObjectNode) before.get("defaultParamMap").deepCopy();
    assertEquals(8, oldDefaults.remove("localSteps").asInt(), "the old file's default");
    assertEquals(0.1, defaults.remove("clientFraction").asDouble(), "the default changed since (dtrain train's)");
    assertEquals(1.0, oldDefaults.remove("clientFraction").asDouble(), "the old file's default");
    assertEquals(oldDefaults, defaults, "defaults");
  }

  @Test
  void anEstimatorSavedBeforeLoadsWithMllibsColumnParams() throws Exception {
    DtrainClassifier clf = DtrainClassifier.load(saved("classifier"));
    assertEquals(List.of("y", "x", "pred", "raw", "prob"), List.of(clf.getLabelCol(), clf.getFeaturesCol(),
        clf.getPredictionCol(), clf.getRawPredictionCol(), clf.getProbabilityCol()));
    assertTrue(clf.isSet(clf.labelCol()) && clf.isSet(clf.probabilityCol()) && clf.isSet(clf.thresholds()));
    assertArrayEquals(new double[] {0.4, 0.6}, clf.getThresholds());
    assertEquals(5, clf.getMaxIter());
    // saved before the param existed, so it takes today's default: auto (L-BFGS for sync on smooth
    // full-batch linear models since issue 18; the file was written when the only optimiser was SGD)
    assertEquals("auto", clf.getOptimizer());
    assertSameParamsWhenSavedAgain(saved("classifier"), clf, new DtrainClassifier());
  }

  @Test
  void modelsSavedBeforeLoadAndPredictFromTheirWeights() throws Exception {
    Dataset<Row> df = rows();
    DtrainClassificationModel clf = DtrainClassificationModel.load(saved("classification-model"));
    assertArrayEquals(new double[] {0.4, 0.6}, clf.getThresholds());
    int checked = 0;
    for (Row row : clf.transform(df).select("x", "raw", "prob", "pred").collectAsList()) {
      Vector x = row.getAs("x");
      double z = clf.coefficients().dot(x) + clf.intercept();
      double p1 = 1 / (1 + Math.exp(-z));
      assertEquals(p1, ((Vector) row.getAs("prob")).apply(1), 1e-12);
      // MLlib's rule with thresholds: argmax p_k / t_k
      assertEquals((1 - p1) / 0.4 >= p1 / 0.6 ? 0.0 : 1.0, (double) row.getAs("pred"));
      checked++;
    }
    assertEquals(60, checked);
    assertSameParamsWhenSavedAgain(saved("classification-model"), clf,
        new DtrainClassifier().setLabelCol("y").setFeaturesCol("x").setMaxIter(1).fit(df));

    DtrainRegressionModel reg = DtrainRegressionModel.load(saved("regression-model"));
    assertEquals(List.of("y", "x", "pred"), List.of(reg.getLabelCol(), reg.getFeaturesCol(), reg.getPredictionCol()));
    for (Row row : reg.transform(df).select("x", "pred").collectAsList()) {
      Vector x = row.getAs("x");
      assertEquals(reg.coefficients().dot(x) + reg.intercept(), (double) row.getAs("pred"), 1e-12);
    }
    assertSameParamsWhenSavedAgain(saved("regression-model"), reg,
        new DtrainRegressor().setLabelCol("y").setFeaturesCol("x").setMaxIter(1).fit(df));
  }
}
