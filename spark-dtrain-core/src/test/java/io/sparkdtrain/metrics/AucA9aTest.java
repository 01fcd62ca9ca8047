package io.sparkdtrain.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.Evaluator;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.testing.SharedSpark;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The distributed, binned AUC of {@link Evaluator#metrics} on the real a9a test set against MLlib's
 * exact AUC ({@code BinaryClassificationEvaluator} with {@code numBins = 0}, i.e.
 * {@code BinaryClassificationMetrics} without down-sampling) of the same model in the same test.
 * The tolerance is the bound the bins imply ({@link ScoreHistogram#aucErrorBound()} of these
 * scores), itself required below 1e-3.
 */
class AucA9aTest {

  @Test
  void binnedAucMatchesMllibsExactAucOnA9a() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> train = LibsvmInput.dataFrame(spark, SharedSpark.data("a9a/a9a"), 123)
        .selectExpr("CAST(IF(label > 0, 1.0, 0.0) AS DOUBLE) AS label", "features");
    Dataset<Row> testDf = LibsvmInput.dataFrame(spark, SharedSpark.data("a9a/a9a.t"), 123)
        .selectExpr("CAST(IF(label > 0, 1.0, 0.0) AS DOUBLE) AS label", "features");
    LogisticRegressionModel m = new LogisticRegression().setRegParam(1e-3).setMaxIter(50).fit(train);
    Dataset<Row> scored = m.transform(testDf).select("label", "rawPrediction").cache();
    try {
      double mllibExact = new BinaryClassificationEvaluator().setNumBins(0)
          .setRawPredictionCol("rawPrediction").evaluate(scored);
      double[] w = new double[124];
      System.arraycopy(m.coefficients().toArray(), 0, w, 0, 123);
      w[123] = m.intercept();
      LogisticLoss loss = new LogisticLoss();
      TrainingData test = LibsvmInput.read(spark, SharedSpark.data("a9a/a9a.t"), 123, 3, loss);
      double ours;
      try {
        ours = new Evaluator(new Objective(loss, Regularization.none(), new ModelShape(123, 1, true)), 2)
            .metrics(test, w).auc();
      } finally {
        test.close();
      }
      // the bound of these bins for these scores (the test may collect; the library does not)
      ScoreHistogram h = new ScoreHistogram();
      List<Row> rows = scored.collectAsList();
      for (Row r : rows) {
        h.add(((Vector) r.get(1)).apply(1), r.getDouble(0) > 0, 1.0);
      }
      System.out.printf("a9a AUC: binned %.6f, MLlib exact %.6f, bound %.2e (%d bins)%n", ours,
          mllibExact, h.aucErrorBound(), h.numBins());
      assertTrue(h.aucErrorBound() < 1e-3, "bound " + h.aucErrorBound());
      assertEquals(mllibExact, ours, h.aucErrorBound());
      assertEquals(h.auc(), ours, 1e-9, "the distributed histogram equals one built on the driver");
    } finally {
      scored.unpersist();
    }
  }
}
