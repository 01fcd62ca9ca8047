package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
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
 * {@link DtrainMultilayerPerceptronClassifier} as a Java user sees it, on {@code local[2]}: three
 * Gaussian classes in 5 dimensions with unequal priors (0.5, 0.3, 0.2), a training and a held-out
 * set drawn from the same seeded generator. The bound every trained network must reach is computed
 * from the held-out labels: halfway between always predicting the majority class and a perfect
 * score. MLlib's own {@code MultilayerPerceptronClassifier} (l-bfgs, same layers) is trained on the
 * same data and held to the same bound, so a bound the data cannot give fails the reference too.
 */
@Tag("spark4")
class JavaDtrainMultilayerPerceptronSuite {
  private static final int FEATURES = 5;
  private static final int CLASSES = 3;
  private static Dataset<Row> train;
  private static Dataset<Row> test;
  private static double bound;

  @TempDir
  Path dir;

  @BeforeAll
  static void blobs() {
    SplittableRandom r = new SplittableRandom(11);
    double[][] centres = new double[CLASSES][FEATURES];
    for (double[] c : centres) {
      for (int j = 0; j < FEATURES; j++) {
        c[j] = 4 * (r.nextDouble() - 0.5);
      }
    }
    train = generate(r, centres, 600);
    test = generate(r, centres, 300);
    long[] counts = new long[CLASSES];
    for (Row row : test.collectAsList()) {
      counts[(int) row.getDouble(1)]++;
    }
    long majority = Math.max(counts[0], Math.max(counts[1], counts[2]));
    double majorityShare = majority / 300.0;
    bound = majorityShare + (1 - majorityShare) / 2;
  }

  private static Dataset<Row> generate(SplittableRandom r, double[][] centres, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble();
      int y = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
      double[] x = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        x[j] = centres[y][j] + 0.6 * (r.nextDouble() - 0.5) * 2;
      }
      rows.add(RowFactory.create((long) i, (double) y, Vectors.dense(x)));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType).add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType());
    return SharedSpark.session().createDataFrame(rows, schema).repartition(2).cache();
  }

  private static double accuracy(Dataset<Row> predictions) {
    return predictions.filter("prediction = label").count() / (double) predictions.count();
  }

  private static List<Row> predictions(Dataset<Row> df) {
    return df.select("id", "rawPrediction", "probability", "prediction").orderBy("id").collectAsList();
  }

  /** Every defined param of {@code stage} by name, JSON-encoded (arrays and vectors compare by value). */
  @SuppressWarnings("unchecked")
  private static java.util.Map<String, String> encoded(org.apache.spark.ml.param.Params stage) {
    java.util.Map<String, String> m = new java.util.TreeMap<>();
    for (org.apache.spark.ml.param.Param<?> p : stage.params()) {
      if (stage.isDefined(p)) {
        org.apache.spark.ml.param.Param<Object> param = (org.apache.spark.ml.param.Param<Object>) p;
        m.put(p.name(), param.jsonEncode(stage.getOrDefault(param)));
      }
    }
    return m;
  }

  @Test
  void defaultsLearnAsMllibDoesWithMllibsColumnsAndMetadata() {
    DtrainMultilayerPerceptronClassificationModel model = new DtrainMultilayerPerceptronClassifier().fit(train);
    Dataset<Row> out = model.transform(test);
    double ours = accuracy(out);
    MultilayerPerceptronClassifier mllib = new MultilayerPerceptronClassifier()
        .setLayers(new int[] {FEATURES, MlpParamSet.DEFAULT_HIDDEN, CLASSES}).setSeed(42L);
    double reference = accuracy(mllib.fit(train).transform(test));
    System.out.printf("MLP defaults: held-out accuracy %.4f, MLlib l-bfgs %.4f, bound %.4f%n", ours, reference, bound);
    assertTrue(ours >= bound, "defaults: accuracy " + ours + " below " + bound + " (MLlib: " + reference + ")");
    assertTrue(reference >= bound, "MLlib's reference: accuracy " + reference + " below " + bound);

    assertArrayEquals(new int[] {FEATURES, MlpParamSet.DEFAULT_HIDDEN, CLASSES}, model.getLayers());
    assertEquals(CLASSES, model.numClasses());
    assertEquals(FEATURES, model.numFeatures());
    assertEquals(model.getLayers().length, 3);
    assertTrue(model.objectiveHistory().length > 1, "no objective history");
    StructType schema = out.schema();
    assertEquals(CLASSES, AttributeGroup.fromStructField(schema.apply("rawPrediction")).size());
    assertEquals(CLASSES, AttributeGroup.fromStructField(schema.apply("probability")).size());
    NominalAttribute prediction = (NominalAttribute) NominalAttribute.fromStructField(schema.apply("prediction"));
    assertEquals(CLASSES, (Integer) prediction.getNumValues().get());
    for (Row row : out.select("rawPrediction", "probability", "prediction").limit(20).collectAsList()) {
      double[] raw = ((Vector) row.get(0)).toArray();
      double[] p = ((Vector) row.get(1)).toArray();
      double sum = 0;
      int best = 0;
      for (int k = 0; k < CLASSES; k++) {
        assertEquals(Math.exp(raw[k]), p[k], 1e-12, "probability is not the softmax of the log-probabilities");
        sum += p[k];
        best = p[k] > p[best] ? k : best;
      }
      assertEquals(1.0, sum, 1e-12);
      assertEquals(best, row.getDouble(2));
    }
  }

  @Test
  void everyStrategyLearns() {
    for (DtrainMultilayerPerceptronClassifier clf : List.of(
        new DtrainMultilayerPerceptronClassifier().setLayers(new int[] {FEATURES, 16, CLASSES})
            .setActivation("tanh").setOptimizer("adam").setStepSize(0.01).setMaxIter(60),
        new DtrainMultilayerPerceptronClassifier().setStrategy("local").setLocalSteps(4).setBlockSize(32)
            .setMaxIter(30),
        new DtrainMultilayerPerceptronClassifier().setStrategy("hogwild").setLayers(new int[] {FEATURES, 8, CLASSES})
            .setMaxIter(3),
        new DtrainMultilayerPerceptronClassifier().setStrategy("async").setBlockSize(32).setMaxIter(30),
        new DtrainMultilayerPerceptronClassifier().setStrategy("fedavg").setBlockSize(16).setMaxIter(30))) {
      double acc = accuracy(clf.fit(train).transform(test));
      assertTrue(acc >= bound, clf + ": accuracy " + acc + " below " + bound);
    }
  }

  /**
   * Adam's first step (Kingma and Ba 2015, Algorithm 1 at t = 1: m/(1-b1) = g, v/(1-b2) = g^2) moves
   * every weight with a non-zero gradient by the step size exactly (up to epsilon / |g|), whatever
   * the gradient's size; SGD would move it by step x |g|.
   */
  @Test
  void optimizerAdamTakesAdamsFirstStep() {
    SplittableRandom r = new SplittableRandom(5);
    double[] start = new double[FEATURES * 4 + 4 + 4 * CLASSES + CLASSES];
    for (int i = 0; i < start.length; i++) {
      start[i] = r.nextDouble() - 0.5;
    }
    double step = 0.01;
    double[] after = new DtrainMultilayerPerceptronClassifier().setLayers(new int[] {FEATURES, 4, CLASSES})
        .setOptimizer("adam").setStepSize(step).setMaxIter(1).setInitialWeights(Vectors.dense(start))
        .fit(train).weights().toArray();
    int byStep = 0;
    for (int i = 0; i < start.length; i++) {
      double d = Math.abs(after[i] - start[i]);
      assertTrue(d <= step * (1 + 1e-9), "weight " + i + " moved by " + d + ", more than the step " + step);
      byStep += Math.abs(d - step) < 1e-3 * step ? 1 : 0;
    }
    assertTrue(byStep > start.length / 2, "only " + byStep + " of " + start.length + " weights moved by the step");
  }

  @Test
  void initialWeightsAreTheStartingPoint() {
    DtrainMultilayerPerceptronClassificationModel trained = new DtrainMultilayerPerceptronClassifier()
        .setLayers(new int[] {FEATURES, 4, CLASSES}).setMaxIter(20).fit(train);
    DtrainMultilayerPerceptronClassificationModel resumed = new DtrainMultilayerPerceptronClassifier()
        .setLayers(new int[] {FEATURES, 4, CLASSES}).setInitialWeights(trained.weights()).setStepSize(1e-12)
        .setMaxIter(1).fit(train);
    double[] a = trained.weights().toArray();
    double[] b = resumed.weights().toArray();
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-9, "weight " + i);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DtrainMultilayerPerceptronClassifier().setLayers(new int[] {FEATURES, 4, CLASSES})
            .setInitialWeights(Vectors.dense(1, 2, 3)).fit(train));
    assertTrue(e.getMessage().startsWith("Cannot set initialWeights to a vector of 3 values"), e.getMessage());
  }

  @Test
  void modelAndPipelineRoundTripsGiveEqualPredictions() throws java.io.IOException {
    DtrainMultilayerPerceptronClassifier clf = new DtrainMultilayerPerceptronClassifier()
        .setLayers(new int[] {FEATURES, 8, CLASSES}).setStrategy("local").setLocalSteps(2).setMaxIter(5);
    DtrainMultilayerPerceptronClassificationModel model = clf.fit(train);
    String path = dir.resolve("mlp").toString();
    model.save(path);
    DtrainMultilayerPerceptronClassificationModel loaded = DtrainMultilayerPerceptronClassificationModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertEquals(model.weights(), loaded.weights());
    assertArrayEquals(model.getLayers(), loaded.getLayers());
    assertEquals(predictions(model.transform(test)), predictions(loaded.transform(test)));

    clf.save(dir.resolve("clf").toString());
    DtrainMultilayerPerceptronClassifier clf2 = DtrainMultilayerPerceptronClassifier.load(dir.resolve("clf").toString());
    assertEquals(encoded(clf), encoded(clf2));

    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled"),
        new DtrainMultilayerPerceptronClassifier().setFeaturesCol("scaled").setMaxIter(5)});
    PipelineModel fitted = pipeline.fit(train);
    fitted.save(dir.resolve("pipeline").toString());
    PipelineModel reloaded = PipelineModel.load(dir.resolve("pipeline").toString());
    assertEquals(predictions(fitted.transform(test)), predictions(reloaded.transform(test)));
  }

  @Test
  void badLayersAndSettingsAreRejectedByName() {
    IllegalArgumentException input = assertThrows(IllegalArgumentException.class,
        () -> new DtrainMultilayerPerceptronClassifier().setLayers(new int[] {FEATURES + 1, 4, CLASSES}).fit(train));
    assertTrue(input.getMessage().startsWith("Cannot set layers to [6, 4, 3], the first size must be the"
        + " features' size, 5"), input.getMessage());
    IllegalArgumentException output = assertThrows(IllegalArgumentException.class,
        () -> new DtrainMultilayerPerceptronClassifier().setLayers(new int[] {FEATURES, 4, 2}).fit(train));
    assertTrue(output.getMessage().startsWith("Cannot set layers to [5, 4, 2], the last size must be the number"
        + " of classes, 3"), output.getMessage());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> new DtrainMultilayerPerceptronClassifier().setLayers(new int[] {FEATURES, 0, CLASSES}));
    assertTrue(zero.getMessage().contains("parameter layers given invalid value [5,0,3]"), zero.getMessage());
    IllegalArgumentException adam = assertThrows(IllegalArgumentException.class,
        () -> new DtrainMultilayerPerceptronClassifier().setStrategy("hogwild").setOptimizer("adam").fit(train));
    assertTrue(adam.getMessage().startsWith("Cannot set optimizer to 'adam' for Hogwild!"),
        adam.getMessage());
    DtrainMultilayerPerceptronClassifier withBatchSize = new DtrainMultilayerPerceptronClassifier().setMaxIter(1);
    withBatchSize.set(withBatchSize.miniBatchSize(), 8);
    IllegalArgumentException batch = assertThrows(IllegalArgumentException.class, () -> withBatchSize.fit(train));
    assertTrue(batch.getMessage().startsWith("Cannot set miniBatchSize for a network: set blockSize"),
        batch.getMessage());
  }
}
