package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.engine.DefaultSettings;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Defaults that converge: every strategy, fitted with no setting but the strategy (no step size, no
 * momentum, no rounds), on a small real set (the first 4,000 rows of a9a, 2 workers), ends below the
 * zero model's objective (ln 2) and near the optimum. The reference is MLlib's
 * {@code LogisticRegression} with its defaults, fitted in the same test on the same rows (regParam 0,
 * like ours, so both minimise the same mean log-loss): each strategy must achieve at least 90% of
 * the decrease from ln 2 to MLlib's final objective.
 */
class JavaDtrainDefaultsSuite {

  @Test
  void everyStrategyConvergesWithDefaultSettings() {
    Dataset<Row> data = MlData.a9aSmall();
    LogisticRegressionModel mllib = new LogisticRegression().fit(data);
    double[] history = mllib.summary().objectiveHistory();
    double optimum = history[history.length - 1];
    double zero = Math.log(2);
    assertTrue(optimum < zero - 0.2, "MLlib objective " + optimum);
    for (String strategy : Strategies.NAMES) {
      DtrainClassifier clf = new DtrainClassifier().setStrategy(strategy);
      assertTrue(Double.isNaN(clf.getStepSize()), "the step size is unset (derived) by default");
      DtrainClassificationModel model = clf.fit(data);
      double objective = model.summary().finalObjective();
      System.out.printf("defaults: %-7s objective %.5f (MLlib %.5f, zero model %.5f), %d rounds%n",
          strategy, objective, optimum, zero, model.summary().totalRounds());
      assertTrue(objective < zero, strategy + " objective " + objective + " is not below ln 2");
      assertTrue(objective - optimum <= 0.1 * (zero - optimum), strategy + " objective " + objective
          + " is not within 10% of the decrease from ln 2 to MLlib's " + optimum);
    }
  }

  @Test
  void theEstimatorsDefaultsAreTheSharedOnes() {
    DtrainClassifier clf = new DtrainClassifier();
    assertEquals(DefaultSettings.MOMENTUM, clf.getMomentum());
    assertEquals(DefaultSettings.MAX_STALENESS, clf.getMaxStaleness());
    assertEquals(DefaultSettings.STALENESS_LR, clf.getStalenessLr());
    assertEquals(DefaultSettings.MAX_ROUNDS, clf.getMaxRounds());
    assertTrue(LinearTrainer.trainingConfig(clf).stepSizeFromData());
    assertEquals(DefaultSettings.EVALUATE_EVERY, LinearTrainer.trainingConfig(clf).evaluateEvery());
    assertEquals(DefaultSettings.LEARNING_RATE_SCHEDULE, LinearTrainer.trainingConfig(clf).learningRateSchedule());
    // an explicit step size stays exactly as set
    assertEquals(0.37, LinearTrainer.trainingConfig(new DtrainClassifier().setStepSize(0.37)).stepSize());
  }
}
