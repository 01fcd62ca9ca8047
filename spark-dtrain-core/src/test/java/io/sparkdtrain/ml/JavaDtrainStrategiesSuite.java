package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Every strategy the {@code strategy} param names trains through the Estimator. Reference: the
 * synchronous model fitted in the same test; each strategy must come within 0.03 of its AUC on a9a's
 * training rows (all reach about 0.90 here), end below the zero model's objective (ln 2) and report
 * its own name in the summary.
 */
class JavaDtrainStrategiesSuite {

  @Test
  void everyStrategyFitsThroughTheEstimator() {
    Dataset<Row> data = MlData.a9a();
    BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator();
    double reference = auc.evaluate(new DtrainClassifier().setStrategy("sync").setMaxRounds(20)
        .setMomentum(0.9).setRegParam(1e-4).setNumWorkers(4).fit(data).transform(data));
    assertTrue(reference > 0.88, "sync AUC " + reference);
    for (String strategy : Strategies.NAMES) {
      DtrainClassifier clf = new DtrainClassifier().setStrategy(strategy)
          // a round of async is one update per worker, so it needs more rounds for the same rows
          .setMaxRounds(strategy.equals("async") ? 60 : 10)
          .setRegParam(1e-4).setNumWorkers(4).setLocalSteps(8).setMiniBatchSize(32)
          .setClientFraction(0.5).setStepSize(stepSize(strategy))
          .setMomentum(strategy.equals("sync") ? 0.9 : 0.0);
      DtrainClassificationModel model = clf.fit(data);
      double value = auc.evaluate(model.transform(data));
      assertTrue(value > reference - 0.03, strategy + " AUC " + value + " vs sync " + reference);
      // the zero model's logistic loss is ln 2: a fit that ends above it has overshot
      assertTrue(model.summary().finalObjective() < Math.log(2),
          strategy + " objective " + model.summary().finalObjective());
      assertEquals(strategy, model.summary().report().get("strategy"), strategy);
    }
  }

  /**
   * Per-example strategies (Hogwild!) and asynchronous updates need smaller steps than averaged ones.
   * Async's interleaving (and so its staleness, up to about 5 here) differs from run to run: at 0.5,
   * 6 of 20 repeated fits ended with an objective above 3 and an AUC below 0.87; at 0.1, 10 of 10
   * ended with AUC 0.9013-0.9020 and objective 0.329-0.363. Hogwild! at 0.05 gave 0.8985-0.8996 in
   * 10 of 10; the other strategies are deterministic.
   */
  private static double stepSize(String strategy) {
    switch (strategy) {
      case "hogwild":
        return 0.05;
      case "async":
        return 0.1;
      default:
        return 1.0;
    }
  }
}
