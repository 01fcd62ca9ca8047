package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.DataValidationException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The classifier as a Java user sees it, in the style of MLlib's {@code JavaLogisticRegressionSuite}:
 * defaults, setters, fit with extra ParamMaps, parent, predictions against a direct computation from
 * the weights, schema errors, no mutation, cached data released.
 */
@Tag("spark4")
class JavaDtrainClassifierSuite {

  private static DtrainClassifier quick() {
    return new DtrainClassifier().setMaxRounds(5);
  }

  @Test
  void defaultParams() {
    DtrainClassifier clf = new DtrainClassifier();
    assertEquals("label", clf.getLabelCol());
    assertEquals("features", clf.getFeaturesCol());
    assertEquals("", clf.getWeightCol());
    assertEquals("prediction", clf.getPredictionCol());
    assertEquals("rawPrediction", clf.getRawPredictionCol());
    assertEquals("probability", clf.getProbabilityCol());
    assertEquals("sync", clf.getStrategy());
    assertEquals("logistic", clf.getObjective());
    assertEquals(0, clf.getNumClasses());
    assertEquals(0.5, clf.getThreshold());
    assertEquals(0, clf.getThresholds().length);
    assertTrue(Double.isNaN(clf.getStepSize()), "unset: derived from the data");
    assertEquals(1.0, clf.getMiniBatchFraction());
    assertEquals(0, clf.getMiniBatchSize());
    assertEquals(0, clf.getLocalSteps(), "0 = one pass over the partition per round");
    assertEquals(100, clf.getMaxRounds());
    assertEquals(0.0, clf.getRegParam());
    assertEquals("l2", clf.getRegType());
    assertTrue(clf.getFitIntercept());
    assertEquals(0, clf.getNumWorkers());
    assertEquals(4, clf.getMaxStaleness());
    assertEquals(0.1, clf.getClientFraction(), "McMahan et al.'s C, as dtrain train --fraction");
    assertEquals(0.9, clf.getMomentum());
    assertEquals("auto", clf.getOptimizer());
    assertEquals(1e-6, clf.getTol());
    assertEquals(42L, clf.getSeed());
    assertEquals(List.of("tree", "avg", "fixed", "inverse", "iid"), List.of(clf.getAggregation(),
        clf.getOuterOptimizer(), clf.getLocalStepsSchedule(), clf.getStalenessLr(), clf.getPartition()));
    assertEquals(List.of(0.0, 0.9, 0.0, 0.0, 0.0, 0.0), List.of(clf.getOuterLr(), clf.getOuterMomentum(),
        clf.getDcLambda(), clf.getProxMu(), clf.getClipNorm(), clf.getNoiseMultiplier()));
    assertEquals(List.of(0, -1, 0, 0, 1), List.of(clf.getTopK(), clf.getDropStaleness(), clf.getNumThreads(),
        clf.getNumClients(), clf.getLocalEpochs()));
    assertTrue(clf.uid().startsWith("dtrainClassifier_"), clf.uid());
  }

  @Test
  void everyParamHasParentDocDefaultAndIsExplained() {
    DtrainClassifier clf = new DtrainClassifier();
    // 47 params; maxIter (MLlib's name) is the maxRounds param, so params() lists that one Param
    // object under both accessors: 48 entries
    assertEquals(48, clf.params().length);
    assertSame(clf.maxIter(), clf.maxRounds());
    String explained = clf.explainParams();
    for (Param<?> p : clf.params()) {
      assertEquals(clf.uid(), p.parent(), p.name());
      assertFalse(p.doc().isEmpty(), p.name());
      // MLlib's thresholds has no default (its transform checks isDefined); every other param has one
      assertEquals(!p.name().equals("thresholds"), clf.hasDefault(p), p.name() + " default");
      assertFalse(clf.isSet(p), p.name());
      assertTrue(explained.contains(p.name() + ": "), p.name());
    }
    assertTrue(explained.contains("distributed training strategy: one of sync, local"), explained);
    assertEquals(42, new DtrainRegressor().params().length); // 41, maxIter listed twice as above
  }

  @Test
  void settersReturnTheEstimatorAndValidate() {
    DtrainClassifier clf = new DtrainClassifier();
    DtrainClassifier same = clf.setStrategy("local").setLocalSteps(4).setMiniBatchSize(16)
        .setStepSize(0.2).setMaxRounds(7).setRegParam(0.01).setRegType("l1").setFitIntercept(false)
        .setNumWorkers(3).setMaxStaleness(2).setClientFraction(0.5).setMomentum(0.9).setTol(0.0)
        .setSeed(9L).setObjective("softmax").setNumClasses(5).setLabelCol("y").setFeaturesCol("x")
        .setWeightCol("w").setPredictionCol("p").setRawPredictionCol("r").setProbabilityCol("q")
        .setMiniBatchFraction(0.25);
    assertSame(clf, same);
    assertEquals("local", clf.getStrategy());
    assertEquals(4, clf.getLocalSteps());
    assertEquals(16, clf.getMiniBatchSize());
    assertEquals(0.2, clf.getStepSize());
    assertEquals(7, clf.getMaxRounds());
    assertEquals(0.01, clf.getRegParam());
    assertEquals("l1", clf.getRegType());
    assertFalse(clf.getFitIntercept());
    assertEquals(3, clf.getNumWorkers());
    assertEquals(2, clf.getMaxStaleness());
    assertEquals(0.5, clf.getClientFraction());
    assertEquals(0.9, clf.getMomentum());
    assertEquals(0.0, clf.getTol());
    assertEquals(9L, clf.getSeed());
    assertEquals("softmax", clf.getObjective());
    assertEquals(5, clf.getNumClasses());
    assertEquals(0.25, clf.getMiniBatchFraction());
    assertEquals(List.of("y", "x", "w", "p", "r", "q"), List.of(clf.getLabelCol(), clf.getFeaturesCol(),
        clf.getWeightCol(), clf.getPredictionCol(), clf.getRawPredictionCol(), clf.getProbabilityCol()));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> clf.setLocalSteps(-1));
    assertTrue(e.getMessage().contains("localSteps given invalid value -1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> clf.setStrategy("hogwild!"));
    assertTrue(e.getMessage().contains("strategy given invalid value hogwild!"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> clf.setStepSize(0));
    assertThrows(IllegalArgumentException.class, () -> clf.setMiniBatchFraction(0));
    assertThrows(IllegalArgumentException.class, () -> clf.setMomentum(1.0));
    assertThrows(IllegalArgumentException.class, () -> clf.setClientFraction(1.5));
    assertThrows(IllegalArgumentException.class, () -> clf.setRegType("elasticnet"));
    assertThrows(IllegalArgumentException.class, () -> clf.setObjective("squared"));
    assertEquals(4, clf.getLocalSteps(), "a rejected value leaves the param as it was");
  }

  @Test
  void fitWithExtraParamMapsUsesACopyAndLeavesTheEstimatorAlone() {
    Dataset<Row> df = MlData.a9aSmall();
    DtrainClassifier clf = quick();
    Object before = MlData.paramValues(clf);

    DtrainClassificationModel plain = clf.fit(df);
    assertSame(clf, plain.parent());
    assertEquals(clf.uid(), plain.uid());
    assertEquals(5, plain.summary().totalRounds());

    ParamMap extra = new ParamMap().put(clf.maxRounds().w(3)).put(clf.strategy().w("local"))
        .put(clf.localSteps().w(2));
    DtrainClassificationModel m = clf.fit(df, extra);
    assertEquals(3, m.getMaxRounds());
    assertEquals("local", m.getStrategy());
    assertEquals("local", m.summary().strategy());
    assertEquals(3, m.summary().totalRounds());
    assertNotSame(clf, m.parent());
    assertEquals(clf.uid(), m.parent().uid());
    assertEquals(3, ((DtrainClassifier) m.parent()).getMaxRounds());

    DtrainClassificationModel pairs = clf.fit(df, clf.maxRounds().w(2), clf.seed().w(7L));
    assertEquals(2, pairs.summary().totalRounds());
    assertEquals(7L, pairs.getSeed());

    assertEquals(before, MlData.paramValues(clf));
    assertFalse(clf.isSet(clf.strategy()));
    assertEquals(5, clf.getMaxRounds());
  }

  @Test
  void predictionsEqualADirectComputationFromTheWeights() {
    Dataset<Row> df = MlData.a9aSmall();
    DtrainClassificationModel model = new DtrainClassifier().setMaxRounds(30).setMomentum(0.5)
        .setRegParam(1e-4).fit(df);
    double[] coef = model.coefficients().toArray();
    double b = model.intercept();
    assertEquals(123, coef.length);
    assertEquals(2, model.classCount());
    List<Row> rows = model.transform(df).select("features", "rawPrediction", "probability", "prediction", "label")
        .collectAsList();
    int correct = 0;
    for (Row r : rows) {
      SparseVector x = (SparseVector) r.get(0);
      double z = b; // reference: the margin summed by hand over the non-zeros
      for (int i = 0; i < x.indices().length; i++) {
        z += coef[x.indices()[i]] * x.values()[i];
      }
      double p = 1.0 / (1.0 + Math.exp(-z));
      assertArrayEquals(new double[] {-z, z}, ((Vector) r.get(1)).toArray(), 1e-12);
      assertArrayEquals(new double[] {1 - p, p}, ((Vector) r.get(2)).toArray(), 1e-12);
      assertEquals(z > 0 ? 1.0 : 0.0, r.getDouble(3));
      assertEquals(r.getDouble(3), model.predict(x));
      assertArrayEquals(((Vector) r.get(1)).toArray(), model.predictRaw(x).toArray(), 0.0);
      correct += r.getDouble(3) == r.getDouble(4) ? 1 : 0;
    }
    double accuracy = correct / (double) rows.size();
    assertTrue(accuracy > 0.80, "training accuracy " + accuracy + " (majority class is ~0.76)");
  }

  @Test
  void thresholdDecidesFromTheProbabilityAndIsKeptBySaveAndLoad(@org.junit.jupiter.api.io.TempDir
                                                                 java.nio.file.Path dir)
      throws java.io.IOException {
    Dataset<Row> df = MlData.a9aSmall();
    DtrainClassificationModel model = new DtrainClassifier().setMaxRounds(10).setThreshold(0.3).fit(df);
    assertEquals(0.3, model.getThreshold(), "the Estimator's threshold reaches the model");
    long previous = Long.MAX_VALUE;
    for (double t : new double[] {0.0, 0.3, 0.5, 0.7, 1.0}) {
      model.setThreshold(t);
      List<Row> rows = model.transform(df).select("features", "probability", "prediction").collectAsList();
      long positives = 0;
      for (Row r : rows) {
        double p = ((Vector) r.get(1)).apply(1);
        // reference: MLlib's rule for LogisticRegressionModel, P(y=1) > t
        double expected = t == 0 ? 1.0 : t == 1 ? 0.0 : p > t ? 1.0 : 0.0;
        assertEquals(expected, r.getDouble(2), "t=" + t + " p=" + p);
        assertEquals(expected, model.predict((Vector) r.get(0)));
        positives += (long) expected;
      }
      assertTrue(positives <= previous, "a higher threshold never predicts more positives");
      previous = positives;
    }
    assertEquals(0, previous, "t = 1 predicts no positives");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.setThreshold(1.5));
    assertTrue(e.getMessage().contains("threshold given invalid value 1.5"), e.getMessage());

    model.setThreshold(0.7);
    String path = dir.resolve("t").toString();
    model.save(path);
    DtrainClassificationModel loaded = DtrainClassificationModel.load(path);
    assertEquals(0.7, loaded.getThreshold());
    assertEquals(model.transform(df).select("prediction").collectAsList(),
        loaded.transform(df).select("prediction").collectAsList());
  }

  @Test
  void thresholdsPickTheLargestScaledProbability() {
    Dataset<Row> df = MlData.dna();
    DtrainClassificationModel model = new DtrainClassifier().setObjective("softmax").setMaxRounds(10)
        .setMomentum(0.9).fit(df);
    double[] t = {0.2, 1.0, 0.6};
    model.setThresholds(t);
    int changed = 0;
    for (Row r : model.transform(df).select("probability", "prediction", "rawPrediction").collectAsList()) {
      double[] p = ((Vector) r.get(0)).toArray();
      int best = 0; // reference: MLlib's probability2prediction, argmax p_k / t_k
      for (int k = 1; k < 3; k++) {
        best = p[k] / t[k] > p[best] / t[best] ? k : best;
      }
      assertEquals(best, r.getDouble(1));
      changed += best != ((Vector) r.get(2)).argmax() ? 1 : 0;
    }
    assertTrue(changed > 0, "the thresholds change some predictions");
    // MLlib's setThresholds on a model checks the length at once; set on the Estimator (copied to the
    // model by fit), the length is checked by transform
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.setThresholds(new double[] {1, 1}));
    assertTrue(e.getMessage().contains("numClasses=3, but thresholds has length 2"), e.getMessage());
    DtrainClassificationModel twoThresholds = new DtrainClassifier().setObjective("softmax").setMaxRounds(1)
        .setThresholds(new double[] {1, 1}).fit(df);
    e = assertThrows(IllegalArgumentException.class, () -> twoThresholds.transform(df));
    assertEquals("thresholds has 2 values but this softmax model has 3 classes", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.setThresholds(new double[] {0, 0, 1}));
    assertTrue(e.getMessage().contains("thresholds given invalid value"), e.getMessage());
    DtrainClassificationModel hinge = quick().setObjective("hinge").setStepSize(0.1).fit(MlData.a9aSmall())
        .setThresholds(new double[] {1, 1});
    e = assertThrows(IllegalArgumentException.class, () -> hinge.transform(MlData.a9aSmall()));
    assertEquals("thresholds needs class probabilities, which the hinge objective does not define; use"
        + " threshold", e.getMessage());
  }

  @Test
  void softmaxInfersTheClassesAndGivesProbabilities() {
    Dataset<Row> df = MlData.dna();
    DtrainClassificationModel model = new DtrainClassifier().setObjective("softmax").setMaxRounds(40)
        .setMomentum(0.9).fit(df);
    assertEquals(3, model.classCount());
    assertEquals(3, model.numClasses(), "MLlib's numClasses on the model");
    assertEquals(3, model.coefficientMatrix().numRows());
    assertEquals(180, model.coefficientMatrix().numCols());
    assertThrows(IllegalStateException.class, model::coefficients);
    List<Row> rows = model.transform(df).select("rawPrediction", "probability", "prediction", "label")
        .collectAsList();
    int correct = 0;
    for (Row r : rows) {
      double[] raw = ((Vector) r.get(0)).toArray();
      double[] p = ((Vector) r.get(1)).toArray();
      assertEquals(3, raw.length);
      assertEquals(1.0, Arrays.stream(p).sum(), 1e-12);
      int argmax = 0;
      for (int k = 1; k < 3; k++) {
        argmax = raw[k] > raw[argmax] ? k : argmax;
      }
      assertEquals(argmax, r.getDouble(2));
      correct += r.getDouble(2) == r.getDouble(3) ? 1 : 0;
    }
    assertTrue(correct > 0.9 * rows.size(), "dna training accuracy " + correct / (double) rows.size());
  }

  @Test
  void hingeHasNoProbabilityColumn() {
    DtrainClassificationModel model = quick().setObjective("hinge").setStepSize(0.1).fit(MlData.a9aSmall());
    List<String> cols = Arrays.asList(model.transform(MlData.a9aSmall()).columns());
    assertEquals(List.of("label", "features", "rawPrediction", "prediction"), cols);
    assertThrows(IllegalStateException.class, () -> model.predictProbability(
        (Vector) MlData.a9aSmall().first().get(1)));
  }

  @Test
  void schemaErrorsNameTheColumnAndWhatWasFound() {
    Dataset<Row> df = MlData.a9aSmall();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> quick().setLabelCol("nolabel").fit(df));
    assertEquals("Column 'nolabel' (labelCol) not found; the DataFrame has columns [label, features]",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> quick().setFeaturesCol("text").fit(df.selectExpr("label", "'a b' AS text")));
    assertEquals("Column 'text' (featuresCol) must be of type org.apache.spark.ml.linalg.Vector but is"
        + " string", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> quick().fit(df.selectExpr("CAST(label AS STRING) AS label", "features")));
    assertEquals("Column 'label' (labelCol) must be numeric but is string", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> quick().setWeightCol("w").fit(df));
    assertTrue(e.getMessage().startsWith("Column 'w' (weightCol) not found"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> quick().fit(df.selectExpr("label", "features", "1.0 AS prediction")));
    assertTrue(e.getMessage().startsWith("Output column 'prediction' (predictionCol) already exists"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> quick().setNumClasses(3).fit(df));
    assertEquals("Cannot set numClasses to 3 with objective logistic, the value must be 0 or 2 (use"
        + " objective softmax for more classes)", e.getMessage());
    DataValidationException d = assertThrows(DataValidationException.class,
        () -> quick().fit(df.selectExpr("label * 2 AS label", "features")));
    assertTrue(d.getMessage().contains("label 2.0 in"), d.getMessage());
    // The model checks its input too.
    DtrainClassificationModel model = quick().fit(df);
    e = assertThrows(IllegalArgumentException.class, () -> model.transform(df.select("label")));
    assertTrue(e.getMessage().startsWith("Column 'features' (featuresCol) not found"), e.getMessage());
  }

  @Test
  void cachedDataAndBroadcastsAreReleasedAfterFitAndAfterAFailedFit() {
    Dataset<Row> df = MlData.a9aSmall();
    int before = MlData.spark().sparkContext().getPersistentRDDs().size();
    java.util.Set<Long> broadcasts = MlData.liveModelBroadcasts();
    org.apache.spark.broadcast.Broadcast<double[]> probe = org.apache.spark.api.java.JavaSparkContext
        .fromSparkContext(MlData.spark().sparkContext()).broadcast(new double[] {1, 2});
    assertTrue(MlData.liveModelBroadcasts().contains(probe.id()), "the check sees a live model broadcast");
    probe.destroy();
    assertEquals(java.util.Set.of(), MlData.awaitNoModelBroadcastsBeyond(broadcasts));
    for (String strategy : Strategies.NAMES) {
      quick().setStrategy(strategy).setLocalSteps(2).setStepSize(0.1).setMaxRounds(2).fit(df);
      assertEquals(before, MlData.spark().sparkContext().getPersistentRDDs().size(), strategy);
      assertEquals(java.util.Set.of(), MlData.awaitNoModelBroadcastsBeyond(broadcasts),
          strategy + " destroyed its model broadcasts");
    }
    assertThrows(DataValidationException.class, () -> quick().fit(df.selectExpr("label + 3 AS label", "features")));
    assertEquals(before, MlData.spark().sparkContext().getPersistentRDDs().size());
  }

  @Test
  void summaryHoldsTheHistoryAndTheReport() {
    DtrainClassificationModel model = quick().setStrategy("local").setLocalSteps(2).fit(MlData.a9aSmall());
    DtrainTrainingSummary s = model.summary();
    assertTrue(model.hasSummary());
    assertEquals(5, s.totalRounds());
    assertEquals(6, s.history().size(), "round 0 (the starting model) and 5 rounds");
    assertEquals(0, s.history().get(0).round());
    // the evaluated rounds (adaptive cadence): at least the starting and the final model
    double[] objectives = s.objectiveHistory();
    int last = objectives.length - 1;
    assertTrue(objectives.length >= 2 && objectives.length <= 6, Arrays.toString(objectives));
    assertEquals(s.history().get(0).objective(), objectives[0]);
    assertEquals(objectives[last], s.finalObjective(), 1e-12);
    assertTrue(objectives[last] < objectives[0], Arrays.toString(objectives));
    assertTrue(s.bytesCommunicated() > 0);
    assertEquals("local", s.report().get("strategy"));
    assertEquals(5, s.report().get("rounds"));
    assertEquals("max_rounds", s.stopReason());
    // copy keeps weights, params and summary
    DtrainClassificationModel copy = model.copy(new ParamMap().put(model.predictionCol().w("p")));
    assertEquals("p", copy.getPredictionCol());
    assertEquals("prediction", model.getPredictionCol());
    assertEquals(model.weights(), copy.weights());
    assertSame(s, copy.summary());
    assertSame(model.parent(), copy.parent());
    assertEquals("DtrainClassificationModel: uid=" + model.uid() + ", objective=logistic, numFeatures="
        + model.numFeatures() + ", numOutputs=1, fitIntercept=true", copy.toString());
  }

  @Test
  void sameSeedSameModelAndStrategiesDiffer() {
    Dataset<Row> df = MlData.a9aSmall();
    DtrainClassifier local = quick().setStrategy("local").setLocalSteps(3).setMiniBatchSize(32).setSeed(5L);
    Vector a = local.fit(df).weights();
    Vector b = local.fit(df).weights();
    assertEquals(a, b);
    assertNotEquals(a, local.copy(new ParamMap().put(local.seed().w(6L))).fit(df).weights());
    assertNotEquals(a, quick().fit(df).weights());
  }
}
