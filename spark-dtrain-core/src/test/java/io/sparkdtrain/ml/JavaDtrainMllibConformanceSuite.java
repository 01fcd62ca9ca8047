package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * The Estimators as a Java user of MLlib sees them, in the style of MLlib's own
 * {@code JavaLogisticRegressionSuite}: fit, transform and its columns, the training summary
 * ({@code predictions}, {@code accuracy}, {@code areaUnderROC}, {@code roc},
 * {@code objectiveHistory}, {@code totalIterations}), {@code evaluate} on other data, params
 * ({@code maxIter} as MLlib names it, one param with {@code maxRounds}), {@code copy},
 * {@code numClasses} from the label's metadata and on the model, and MLlib's instrumentation log.
 * References: MLlib's {@code BinaryClassificationEvaluator} (same bins) and direct counts.
 */
class JavaDtrainMllibConformanceSuite {

  private static DtrainClassifier classifier() {
    return new DtrainClassifier().setMaxIter(15).setStepSize(0.5).setRegParam(1e-3).setNumWorkers(2);
  }

  @Test
  void fitTransformAndTheTrainingSummaryAgreeWithMllibsEvaluator() {
    Dataset<Row> df = MlData.a9aSmall();
    DtrainClassificationModel model = classifier().fit(df);
    assertEquals(2, model.numClasses());
    assertEquals(123, model.numFeatures());
    Dataset<Row> out = model.transform(df);
    assertTrue(List.of(out.columns()).containsAll(List.of("label", "features", "rawPrediction",
        "probability", "prediction")));

    DtrainTrainingSummary summary = model.summary();
    assertEquals(15, summary.totalIterations());
    assertEquals(summary.totalRounds(), summary.totalIterations());
    assertTrue(summary.objectiveHistory().length >= 2);
    assertEquals(summary.finalObjective(), summary.objectiveHistory()[summary.objectiveHistory().length - 1], 1e-12);
    assertEquals(df.count(), summary.predictions().count());
    long correct = out.filter(functions.col("label").equalTo(functions.col("prediction"))).count();
    assertEquals((double) correct / df.count(), summary.accuracy(), 1e-12);
    // The summary's binned AUC is MLlib's BinaryClassificationMetrics with ROC_BINS bins. MLlib's
    // evaluator with the same bins agrees to about 1e-5, not exactly: its down-sampling groups the
    // sorted scores per partition, and the two jobs sort differently (measured differences
    // 6.7e-7 and 8.1e-6). The exact AUC (no bins) bounds the binning error.
    double mllibAuc = new BinaryClassificationEvaluator().setNumBins(DtrainPredictionSummary.ROC_BINS)
        .evaluate(out);
    assertEquals(mllibAuc, summary.areaUnderROC(), 1e-4, "MLlib's evaluator, same bins");
    double exactAuc = new BinaryClassificationEvaluator().setNumBins(0).evaluate(out);
    assertEquals(exactAuc, summary.areaUnderROC(), 1e-3, "binned vs exact AUC");
    assertTrue(summary.areaUnderROC() > 0.85, "AUC " + summary.areaUnderROC());
    List<Row> roc = summary.roc().collectAsList();
    assertEquals(List.of("FPR", "TPR"), List.of(summary.roc().columns()));
    assertEquals(0.0, roc.get(0).getDouble(0));
    assertEquals(1.0, roc.get(roc.size() - 1).getDouble(1));
    // MLlib's down-sampling merges floor(distinct scores / bins) scores per point: at most 2 x bins
    assertTrue(roc.size() > 10 && roc.size() <= 2 * DtrainPredictionSummary.ROC_BINS + 2, "points " + roc.size());
  }

  @Test
  void evaluateGivesTheMetricsOfOtherData() {
    Dataset<Row> df = MlData.a9aSmall();
    Dataset<Row>[] split = df.randomSplit(new double[] {0.7, 0.3}, 5);
    DtrainClassificationModel model = classifier().fit(split[0]);
    DtrainPredictionSummary test = model.evaluate(split[1]);
    Dataset<Row> out = model.transform(split[1]);
    assertEquals(split[1].count(), test.predictions().count());
    assertEquals(new BinaryClassificationEvaluator().setNumBins(DtrainPredictionSummary.ROC_BINS).evaluate(out),
        test.areaUnderROC(), 1e-12);
    long correct = out.filter(functions.col("label").equalTo(functions.col("prediction"))).count();
    assertEquals((double) correct / split[1].count(), test.accuracy(), 1e-12);
    assertNotSame(model.summary().areaUnderROC(), test.areaUnderROC());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.evaluate(split[1].select("features")));
    assertTrue(e.getMessage().startsWith("Column 'label' (labelCol) not found"), e.getMessage());
    assertThrows(IllegalStateException.class, test::rootMeanSquaredError);
  }

  @Test
  void maxIterAndMaxRoundsAreOneParam() {
    DtrainClassifier clf = new DtrainClassifier();
    assertSame(clf.maxIter(), clf.maxRounds());
    assertEquals("maxIter", clf.maxRounds().name());
    clf.setMaxRounds(7);
    assertEquals(7, clf.getMaxIter());
    clf.setMaxIter(9);
    assertEquals(9, clf.getMaxRounds());
    DtrainClassifier copy = clf.copy(new ParamMap().put(clf.maxRounds(), 3));
    assertEquals(3, copy.getMaxIter());
    assertEquals(9, clf.getMaxIter(), "copy leaves the original alone");
    assertEquals(copy.uid(), clf.uid());
    assertEquals(MlData.paramValues(clf).keySet(), MlData.paramValues(copy).keySet());
    assertTrue(clf.explainParams().contains("maxIter: maximum number of rounds"));
    assertEquals(4, classifier().setMaxRounds(4).fit(MlData.a9aSmall()).summary().totalIterations());
  }

  @Test
  void numClassesComesFromTheLabelMetadataWhenPresent() {
    Dataset<Row> dna = MlData.dna(); // labels 0..2
    // StringIndexer-style metadata declaring 4 classes (one never seen): MLlib counts 4
    Dataset<Row> withMeta = dna.withColumn("label", dna.col("label").as("label",
        NominalAttribute.defaultAttr().withName("label").withNumValues(4).toMetadata()));
    DtrainClassificationModel model = new DtrainClassifier().setObjective("softmax").setMaxIter(5)
        .fit(withMeta);
    assertEquals(4, model.numClasses());
    assertEquals(3, new DtrainClassifier().setObjective("softmax").setMaxIter(5).fit(dna).numClasses(),
        "without metadata: 1 + the largest label");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DtrainClassifier().setMaxIter(2).fit(withMeta));
    assertTrue(e.getMessage().contains("Cannot set numClasses to 4 with objective logistic"), e.getMessage());
  }

  @Test
  void fitIsLoggedThroughMllibsInstrumentation() {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Logger logger = (Logger) LogManager.getLogger("org.apache.spark.ml.util.Instrumentation");
    Level level = logger.getLevel();
    AbstractAppender capture = new AbstractAppender("conformance-capture", null, null, true,
        Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        lines.add(event.getMessage().getFormattedMessage());
      }
    };
    capture.start();
    logger.addAppender(capture);
    logger.setLevel(Level.INFO);
    try {
      DtrainClassifier clf = classifier();
      clf.fit(MlData.a9aSmall());
      String log = String.join("\n", lines);
      assertTrue(log.contains("Stage class: DtrainClassifier"), log);
      assertTrue(log.contains("Stage uid: " + clf.uid()), log);
      assertTrue(log.contains("\"maxIter\":15"), log);
      assertTrue(log.contains("\"numFeatures\":123"), log);
      assertTrue(log.contains("\"numExamples\":4000"), log);
      assertTrue(log.contains("\"totalIterations\":15"), log);
      assertTrue(log.contains("training finished"), log);
      assertFalse(log.contains("\"strategy\""), "only params that were set are logged: " + log);
    } finally {
      logger.removeAppender(capture);
      logger.setLevel(level);
      capture.stop();
    }
  }
}
