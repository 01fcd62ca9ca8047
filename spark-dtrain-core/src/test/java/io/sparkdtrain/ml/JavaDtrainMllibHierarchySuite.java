package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Estimators are MLlib's own kinds ({@code ProbabilisticClassifier}, {@code Regressor}) and
 * behave as MLlib's do, in the style of MLlib's {@code JavaLogisticRegressionSuite}: a
 * {@code CrossValidator} with a {@code BinaryClassificationEvaluator} on {@code rawPrediction}
 * (reference: MLlib's {@code LogisticRegression} in the same cross-validation), the attribute
 * metadata of the output columns, {@code numClasses} from the label's metadata, and the
 * probability methods against each other.
 */
@Tag("spark4")
class JavaDtrainMllibHierarchySuite {

  @Test
  void theEstimatorsAndModelsAreMllibsKinds() {
    assertInstanceOf(ProbabilisticClassifier.class, new DtrainClassifier());
    assertInstanceOf(Regressor.class, new DtrainRegressor());
    Dataset<Row> df = MlData.a9aSmall();
    DtrainClassificationModel model = new DtrainClassifier().setMaxIter(3).fit(df);
    assertTrue(model instanceof ProbabilisticClassificationModel<?, ?>);
    assertEquals(model.uid(), model.parent().uid());
    DtrainRegressionModel reg = new DtrainRegressor().setMaxIter(3).fit(df);
    assertTrue(reg instanceof RegressionModel<?, ?>);
    // MLlib's setters return the concrete types: they chain with ours
    DtrainClassifier chained = new DtrainClassifier().setLabelCol("y").setStrategy("local")
        .setRawPredictionCol("margins").setMaxIter(2);
    assertEquals("y", chained.getLabelCol());
    assertEquals("margins", chained.getRawPredictionCol());
  }

  @Test
  void crossValidatesLikeMllibsLogisticRegressionOnRawPrediction() {
    Dataset<Row> df = MlData.a9aSmall();
    BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator()
        .setRawPredictionCol("rawPrediction");
    DtrainClassifier clf = new DtrainClassifier().setMaxIter(30).setNumWorkers(2);
    CrossValidatorModel ours = new CrossValidator().setEstimator(clf).setEvaluator(auc).setNumFolds(2)
        .setSeed(7L).setEstimatorParamMaps(new ParamGridBuilder()
            .addGrid(clf.regParam(), new double[] {1e-4, 1e-2}).build())
        .fit(df);
    LogisticRegression lr = new LogisticRegression();
    CrossValidatorModel mllib = new CrossValidator().setEstimator(lr).setEvaluator(auc).setNumFolds(2)
        .setSeed(7L).setEstimatorParamMaps(new ParamGridBuilder()
            .addGrid(lr.regParam(), new double[] {1e-4, 1e-2}).build())
        .fit(df);
    double best = Math.max(ours.avgMetrics()[0], ours.avgMetrics()[1]);
    double reference = Math.max(mllib.avgMetrics()[0], mllib.avgMetrics()[1]);
    System.out.printf("CrossValidator AUC: dtrain %.4f, MLlib LogisticRegression %.4f%n", best, reference);
    assertInstanceOf(DtrainClassificationModel.class, ours.bestModel());
    assertEquals(reference, best, 0.01, "cross-validated AUC next to MLlib's LogisticRegression");
  }

  @Test
  void outputColumnsCarryMllibsAttributeMetadata() {
    Dataset<Row> dna = MlData.dna();
    DtrainClassificationModel softmax = new DtrainClassifier().setObjective("softmax").setMaxIter(5).fit(dna);
    for (StructType schema : List.of(softmax.transform(dna).schema(), softmax.transformSchema(dna.schema()))) {
      Attribute prediction = Attribute.fromStructField(schema.apply("prediction"));
      NominalAttribute nominal = assertInstanceOf(NominalAttribute.class, prediction);
      assertEquals(3, (Integer) nominal.getNumValues().get());
      assertEquals(3, AttributeGroup.fromStructField(schema.apply("rawPrediction")).size());
    }
    Dataset<Row> a9a = MlData.a9aSmall();
    DtrainClassificationModel hinge = new DtrainClassifier().setObjective("hinge").setMaxIter(3).fit(a9a);
    StructType hingeOut = hinge.transform(a9a).schema();
    assertFalse(List.of(hingeOut.fieldNames()).contains("probability"), "hinge defines no probabilities");
    assertEquals(2, (Integer) ((NominalAttribute) Attribute.fromStructField(hingeOut.apply("prediction")))
        .getNumValues().get());
    DtrainRegressionModel reg = new DtrainRegressor().setMaxIter(3).fit(a9a);
    assertInstanceOf(NumericAttribute.class,
        Attribute.fromStructField(reg.transform(a9a).schema().apply("prediction")));
  }

  @Test
  void numClassesComesFromANominalLabelAttribute() {
    Dataset<Row> a9a = MlData.a9aSmall(); // labels 0 and 1 only
    Dataset<Row> threeClasses = a9a.withColumn("label", a9a.col("label").as("label",
        NominalAttribute.defaultAttr().withName("label").withValues(new String[] {"a", "b", "c"})
            .toMetadata()));
    DtrainClassificationModel model = new DtrainClassifier().setObjective("softmax").setMaxIter(3)
        .fit(threeClasses);
    assertEquals(3, model.numClasses());
    assertEquals(3, model.predictRaw(a9a.first().getAs(1)).size());
    assertEquals(2, new DtrainClassifier().setObjective("softmax").setMaxIter(3).fit(a9a).numClasses(),
        "without metadata: 1 + the largest label");
  }

  @Test
  void probabilitiesAgreeAcrossMllibsMethods() {
    Dataset<Row> dna = MlData.dna();
    for (DtrainClassifier clf : List.of(new DtrainClassifier().setObjective("softmax"),
        new DtrainClassifier().setThresholds(new double[] {0.3, 0.7}))) {
      Dataset<Row> data = clf.getObjective().equals("softmax") ? dna : MlData.a9aSmall();
      DtrainClassificationModel model = clf.setMaxIter(5).fit(data);
      for (Row row : model.transform(data).limit(20).collectAsList()) {
        Vector x = row.getAs("features");
        Vector raw = row.getAs("rawPrediction");
        Vector probability = row.getAs("probability");
        assertArrayEquals(model.predictRaw(x).toArray(), raw.toArray(), 1e-12);
        assertArrayEquals(model.predictProbability(x).toArray(), probability.toArray(), 1e-12);
        assertArrayEquals(probability.toArray(), model.raw2probabilityInPlace(raw.copy()).toArray(), 1e-12);
        double sum = 0;
        for (double p : probability.toArray()) {
          sum += p;
        }
        assertEquals(1.0, sum, 1e-9);
        assertEquals(model.predict(x), (double) row.getAs("prediction"));
        assertEquals(model.predict(x), model.raw2prediction(raw));
      }
      assertEquals(model.uid(), model.copy(ParamMap.empty()).uid());
      IllegalArgumentException sparse = assertThrows(IllegalArgumentException.class,
          () -> model.raw2probabilityInPlace(Vectors.sparse(2, new int[] {0}, new double[] {1.0})));
      assertEquals("raw2probabilityInPlace takes the dense vector predictRaw returns, not SparseVector",
          sparse.getMessage());
    }
  }
  /**
   * Files written by the version before this hierarchy (commit 89f4ff8, by a fit on 60 generated
   * rows: a logistic model with threshold 0.3, a softmax and a regression model, an Estimator and a
   * PipelineModel) load, and predict from their saved weights. That version saved {@code thresholds}
   * = [] as a default; MLlib's param has none, so it loads unset.
   */
  @Test
  void loadsWhatThePreviousVersionSaved() throws Exception {
    String dir = java.nio.file.Paths.get(getClass().getResource("/saved-models/89f4ff8").toURI()).toString();
    List<Row> rows = new java.util.ArrayList<>();
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < 60; i++) {
      rows.add(org.apache.spark.sql.RowFactory.create((double) (i % 3),
          org.apache.spark.ml.linalg.Vectors.dense(r.nextGaussian() + (i % 3), r.nextGaussian() - (i % 3), 1.0)));
    }
    Dataset<Row> df = MlData.spark().createDataFrame(rows, new StructType()
        .add("label", org.apache.spark.sql.types.DataTypes.DoubleType)
        .add("features", new org.apache.spark.ml.linalg.VectorUDT()));

    DtrainClassificationModel logistic = DtrainClassificationModel.load(dir + "/logistic");
    assertEquals(0.3, logistic.getThreshold());
    assertFalse(logistic.isDefined(logistic.thresholds()));
    assertEquals(0, logistic.getThresholds().length);
    for (Row row : logistic.transform(df).collectAsList()) {
      Vector x = row.getAs("features");
      double z = logistic.intercept();
      for (int j = 0; j < x.size(); j++) {
        z += logistic.coefficients().apply(j) * x.apply(j);
      }
      assertEquals(z > Math.log(0.3 / 0.7) ? 1.0 : 0.0, (double) row.getAs("prediction"));
    }
    DtrainClassificationModel softmax = DtrainClassificationModel.load(dir + "/softmax");
    assertEquals(3, softmax.numClasses());
    for (Row row : softmax.transform(df).collectAsList()) {
      assertEquals(((Vector) row.getAs("rawPrediction")).argmax(), (double) row.getAs("prediction"));
    }
    DtrainRegressionModel regression = DtrainRegressionModel.load(dir + "/regression");
    Row first = regression.transform(df).first();
    Vector x = first.getAs("features");
    assertEquals(regression.coefficients().dot(x) + regression.intercept(), (double) first.getAs("prediction"), 1e-12);
    DtrainClassifier classifier = DtrainClassifier.load(dir + "/classifier");
    assertEquals(3, classifier.getMaxIter());
    assertEquals("local", classifier.getStrategy());
    assertFalse(classifier.isDefined(classifier.thresholds()));
    org.apache.spark.ml.PipelineModel pipeline = org.apache.spark.ml.PipelineModel.load(dir + "/pipeline");
    assertInstanceOf(DtrainClassificationModel.class, pipeline.stages()[0]);
    assertEquals(df.count(), pipeline.transform(df).count());
  }
}
