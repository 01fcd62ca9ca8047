package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's 20-class sparse text case: softmax {@code DtrainClassifier} with its defaults (only the
 * objective and the strategy set) against MLlib's multinomial {@code LogisticRegression} with its
 * defaults, fitted in the same test on the same generated rows ({@link SparseTopics}: 20 topics,
 * 3,000 words, 4% of a document's words from its topic, tf rows L2-normalised; 6,000 training and
 * 2,000 test documents; MLlib reaches about the 70% the issue measured on real 20-class text).
 * Every strategy must end below the zero model's objective ln 20 (no divergence); the strategies not
 * in {@link #KNOWN_MISSES} or {@link #ORDER_DEPENDENT} must reach MLlib's test accuracy less 1 point
 * (the target).
 * {@link #KNOWN_MISSES} lists the strategies whose defaults do not reach it yet (measured in
 * docs/benchmarks.md, "Defaults"); the test fails when one of them starts to meet the target, so the
 * list and the docs are updated with the fix.
 *
 * <p>Tagged {@code spark35-only}: six fits and MLlib's take minutes, so CI runs it once, in the
 * default (Spark 3.5) step; nothing in it depends on the Spark line.
 */
@Tag("spark35-only")
class JavaDtrainSparseSoftmaxSuite {
  /** Strategies whose defaults do not reach the target yet (measured in docs/benchmarks.md, "Defaults"). */
  private static final java.util.Set<String> KNOWN_MISSES = java.util.Set.of();

  /**
   * Strategies whose result depends on the order updates arrive, not only on the seed: with the
   * constant one-pass default, async's test accuracy was 0.701, 0.702, 0.704 and 0.726 in four runs,
   * 0.6595 in a CI run of 68cdd7a and 0.6185 in the next run (MLlib 0.692, target 0.682); with the
   * step decayed per pass (the default since the a9a defaults test failed in CI) 0.657 to 0.671 in six
   * runs, a miss (docs/benchmarks.md). This suite asserts only that async does not diverge (below
   * ln 20) and prints its accuracy: an assertion on the target would fail, one on a lower number
   * would be a bound pasted from earlier runs.
   */
  private static final java.util.Set<String> ORDER_DEPENDENT = java.util.Set.of("async");

  @Test
  void softmaxDefaultsAgainstMllibsMultinomialLogisticRegressionOnSparseText() {
    Dataset<Row> train = SparseTopics.documents(MlData.spark(), 6000, 3000, 0.04, 20L, 1L).cache();
    Dataset<Row> test = SparseTopics.documents(MlData.spark(), 2000, 3000, 0.04, 20L, 2L).cache();
    try {
      MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
      long t0 = System.nanoTime();
      LogisticRegressionModel mllib = new LogisticRegression().setFamily("multinomial").fit(train);
      double mllibAccuracy = accuracy.evaluate(mllib.transform(test));
      double mllibSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("text20: MLlib multinomial LR defaults: test accuracy %.4f, objective %.4f, %d iterations, %.1f s%n",
          mllibAccuracy, last(mllib.summary().objectiveHistory()), mllib.summary().totalIterations(), mllibSeconds);
      java.util.List<String> unexpected = new java.util.ArrayList<>();
      for (String strategy : Strategies.NAMES) {
        long t1 = System.nanoTime();
        DtrainClassificationModel ours = new DtrainClassifier().setObjective("softmax").setStrategy(strategy).fit(train);
        double oursAccuracy = accuracy.evaluate(ours.transform(test));
        System.out.printf("text20: %-7s defaults: test accuracy %.4f, objective %.4f, %d rounds, %.1f s%n", strategy,
            oursAccuracy, ours.summary().finalObjective(), ours.summary().totalRounds(), (System.nanoTime() - t1) / 1e9);
        assertTrue(ours.summary().finalObjective() < Math.log(SparseTopics.CLASSES), strategy + ": objective "
            + ours.summary().finalObjective() + " is not below the zero model's ln 20");
        boolean meets = oursAccuracy >= mllibAccuracy - 0.01;
        if (!ORDER_DEPENDENT.contains(strategy) && meets == KNOWN_MISSES.contains(strategy)) {
          unexpected.add(strategy + " " + oursAccuracy);
        }
      }
      assertTrue(unexpected.isEmpty(), "against MLlib's multinomial LogisticRegression's test accuracy "
          + mllibAccuracy + " less 1 point, these strategies do not behave as KNOWN_MISSES " + KNOWN_MISSES
          + " says: " + unexpected);
    } finally {
      train.unpersist();
      test.unpersist();
    }
  }

  private static double last(double[] a) {
    return a[a.length - 1];
  }
}
