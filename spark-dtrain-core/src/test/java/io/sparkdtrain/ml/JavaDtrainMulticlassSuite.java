package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.OneVsRest;
import org.apache.spark.ml.classification.OneVsRestModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * DtrainClassifier in MLlib's multiclass tooling, in the style of MLlib's own
 * {@code JavaOneVsRestSuite} and {@code JavaLogisticRegressionSuite}: as the base classifier of
 * {@code OneVsRest} (one binary logistic model per class, each fitted on OneVsRest's binary label
 * column with its metadata), and a softmax DtrainClassifier scored by
 * {@code MulticlassClassificationEvaluator}. Data: Statlog DNA (2,000 training rows, 1,186 test rows,
 * 180 features, 3 classes). The reference is MLlib's {@code LogisticRegression} with its defaults in
 * the same place (as OneVsRest's base classifier; multinomial), fitted in the same test on the same
 * rows: our test accuracy must be within 2 points of it, and the evaluator's metrics must agree with
 * counts made directly on the predictions.
 */
class JavaDtrainMulticlassSuite {

  /** The DNA test rows, labels 0..2 like {@link MlData#dna()}. */
  private static Dataset<Row> dnaTest() {
    return MlData.spark().read().format("libsvm").option("numFeatures", "180")
        .load(io.sparkdtrain.testing.SharedSpark.data("dna/dna.scale.t"))
        .selectExpr("label - 1.0 AS label", "features");
  }

  private static double accuracy(Dataset<Row> predictions) {
    return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
  }

  @Test
  void oneVsRestWithDtrainClassifierAsTheBaseMatchesMllibsLogisticRegression() {
    Dataset<Row> train = MlData.dna();
    Dataset<Row> test = dnaTest();
    OneVsRestModel ours = new OneVsRest().setClassifier(new DtrainClassifier().setNumWorkers(2)).fit(train);
    OneVsRestModel mllib = new OneVsRest().setClassifier(new LogisticRegression()).fit(train);

    assertEquals(3, ours.models().length, "one binary model per class");
    for (int k = 0; k < 3; k++) {
      DtrainClassificationModel m = (DtrainClassificationModel) ours.models()[k];
      assertEquals(2, m.numClasses(), "class " + k + ": a binary model");
      assertEquals(180, m.numFeatures());
    }
    Dataset<Row> out = ours.transform(test);
    assertTrue(List.of(out.columns()).containsAll(List.of("rawPrediction", "prediction")));
    assertEquals(3, ((org.apache.spark.ml.linalg.Vector) out.first().getAs("rawPrediction")).size());
    // OneVsRest predicts the class whose model gives the largest raw score for class 1
    Row row = out.first();
    org.apache.spark.ml.linalg.Vector features = row.getAs("features");
    double best = Double.NEGATIVE_INFINITY;
    int argmax = -1;
    for (int k = 0; k < 3; k++) {
      double score = ((DtrainClassificationModel) ours.models()[k]).predictRaw(features).apply(1);
      if (score > best) {
        best = score;
        argmax = k;
      }
    }
    assertEquals(argmax, row.<Double>getAs("prediction"), 0.0, "argmax of the per-class models");

    double oursAccuracy = accuracy(out);
    double mllibAccuracy = accuracy(mllib.transform(test));
    System.out.printf("OneVsRest on dna: DtrainClassifier %.4f, LogisticRegression %.4f test accuracy%n",
        oursAccuracy, mllibAccuracy);
    assertTrue(mllibAccuracy > 0.9, "MLlib reference " + mllibAccuracy);
    assertTrue(oursAccuracy >= mllibAccuracy - 0.02, "OneVsRest(DtrainClassifier) test accuracy "
        + oursAccuracy + " is more than 2 points below OneVsRest(LogisticRegression)'s " + mllibAccuracy);
  }

  @Test
  void multiclassEvaluatorScoresASoftmaxModelLikeMllibsMultinomialLogisticRegression() {
    Dataset<Row> train = MlData.dna();
    Dataset<Row> test = dnaTest();
    // SGD, as this test was written with: sync's default L-BFGS, like MLlib, interpolates the separable
    // unregularised dna training set and its test log-loss (1.59) exceeds the uniform model's ln 3
    DtrainClassificationModel ours = new DtrainClassifier().setObjective("softmax").setOptimizer("sgd")
        .setNumWorkers(2).fit(train);
    LogisticRegressionModel mllib = new LogisticRegression().setFamily("multinomial").fit(train);
    assertEquals(3, ours.numClasses());
    Dataset<Row> out = ours.transform(test).cache();
    try {
      MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator();
      long n = out.count();
      long correct = out.filter(functions.col("label").equalTo(functions.col("prediction"))).count();
      assertEquals((double) correct / n, evaluator.setMetricName("accuracy").evaluate(out), 1e-12);
      // recall of class 1 (MLlib's truePositiveRateByLabel), counted directly
      long ones = out.filter("label = 1.0").count();
      long onesRight = out.filter("label = 1.0 AND prediction = 1.0").count();
      assertEquals((double) onesRight / ones, evaluator.setMetricName("truePositiveRateByLabel")
          .setMetricLabel(1.0).evaluate(out), 1e-12);
      // log-loss reads the probability column: our probabilities are a distribution over 3 classes
      double logLoss = evaluator.setMetricName("logLoss").evaluate(out);
      assertTrue(logLoss > 0 && logLoss < Math.log(3), "log-loss " + logLoss + " vs the uniform model's ln 3");

      Dataset<Row> reference = mllib.transform(test);
      for (String metric : List.of("accuracy", "f1", "weightedPrecision", "weightedRecall")) {
        double o = evaluator.setMetricName(metric).evaluate(out);
        double m = evaluator.setMetricName(metric).evaluate(reference);
        System.out.printf("softmax on dna, %s: DtrainClassifier %.4f, multinomial LogisticRegression %.4f%n",
            metric, o, m);
        assertTrue(o >= m - 0.02, metric + " " + o + " is more than 0.02 below MLlib's " + m);
      }
      double oursLogLoss = evaluator.setMetricName("logLoss").evaluate(out);
      double mllibLogLoss = evaluator.setMetricName("logLoss").evaluate(reference);
      System.out.printf("softmax on dna, logLoss: DtrainClassifier %.4f, multinomial LogisticRegression %.4f%n",
          oursLogLoss, mllibLogLoss);
    } finally {
      out.unpersist();
    }
  }
}
