package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkdtrain.testing.SharedSpark;
import org.apache.spark.ml.classification.BinaryLogisticRegressionSummary;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, "MLlib's LogisticRegression needs no step size. Ours must not need one either": a
 * {@code DtrainClassifier} with every default (strategy sync, nothing set) on the whole of a9a (32,561
 * rows) runs full-batch L-BFGS and ends where MLlib's {@code LogisticRegression} with its defaults ends,
 * fitted in the same test on the same rows: the training objective (both minimise the mean log-loss,
 * regParam 0) within 1e-3 of MLlib's (relative), and the held-out accuracy and AUC on a9a.t within
 * 0.5 pp and 0.005 of MLlib's.
 */
@Tag("spark4")
class JavaDtrainSyncDefaultsSuite {

  @Test
  void syncWithDefaultsConvergesLikeMllibsLogisticRegression() {
    Dataset<Row> train = MlData.a9a();
    Dataset<Row> test = MlData.spark().read().format("libsvm").option("numFeatures", "123")
        .load(SharedSpark.data("a9a/a9a.t")).selectExpr("CAST(IF(label > 0, 1, 0) AS DOUBLE) AS label", "features")
        .cache();
    try {
      LogisticRegressionModel mllib = new LogisticRegression().fit(train);
      double[] history = mllib.summary().objectiveHistory();
      double mllibObjective = history[history.length - 1];
      BinaryLogisticRegressionSummary mllibTest = (BinaryLogisticRegressionSummary) mllib.evaluate(test);

      DtrainClassificationModel ours = new DtrainClassifier().fit(train);
      DtrainPredictionSummary oursTest = ours.evaluate(test);
      System.out.printf("sync defaults a9a: %s, %d rounds, stop %s, objective %.6f (MLlib %.6f, %d iterations),"
          + " test accuracy %.4f (MLlib %.4f), AUC %.4f (MLlib %.4f)%n", ours.summary().report().get("optimizer"),
          ours.summary().totalRounds(), ours.summary().stopReason(), ours.summary().finalObjective(),
          mllibObjective, history.length - 1, oursTest.accuracy(), mllibTest.accuracy(), oursTest.areaUnderROC(),
          mllibTest.areaUnderROC());
      assertEquals("lbfgs", ours.summary().report().get("optimizer"), "the default optimizer of sync here");
      assertEquals(mllibObjective, ours.summary().finalObjective(), 1e-3 * mllibObjective, "training objective");
      assertEquals(mllibTest.accuracy(), oursTest.accuracy(), 0.005, "test accuracy");
      assertEquals(mllibTest.areaUnderROC(), oursTest.areaUnderROC(), 0.005, "test AUC");
    } finally {
      test.unpersist();
    }
  }
}
