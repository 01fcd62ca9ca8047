package io.sparkdtrain.ml;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The matrix-factorisation Estimator's {@code validationIndicatorCol}: ratings marked true are held
 * out of training and their RMSE is recorded after every epoch. References computed in the test from
 * the held-out rows of Spark's MovieLens sample: the RMSE of the returned model's own predictions, and
 * the global-mean baseline from the training ratings' mean.
 */
@Tag("spark4")
class JavaDtrainMfValidationSuite {

  private static DtrainMatrixFactorization mf() {
    return new DtrainMatrixFactorization().setUserCol("userId").setItemCol("movieId").setRank(8)
        .setMaxIter(30).setStepSize(0.02).setRegParam(0.05).setNumThreads(2);
  }

  @Test
  void heldOutRmseAfterEveryEpoch() {
    Dataset<Row> train = JavaDtrainMatrixFactorizationSuite.trainTest()[0];
    Dataset<Row> test = JavaDtrainMatrixFactorizationSuite.trainTest()[1];
    // held-out ratings whose user and item have training ratings, so the model predicts every one
    Dataset<Row> heldOut = test.join(train.select("userId").distinct(), "userId")
        .join(train.select("movieId").distinct(), "movieId").select("userId", "movieId", "rating");
    Dataset<Row> all = train.withColumn("heldOut", lit(false))
        .unionByName(heldOut.withColumn("heldOut", lit(true)));
    DtrainMatrixFactorizationModel model = mf().setValidationIndicatorCol("heldOut").fit(all);
    DtrainMatrixFactorizationSummary s = model.summary();

    double mean = train.agg(avg("rating")).first().getDouble(0);
    assertEquals(mean, model.globalMean(), 1e-9, "the held-out ratings are not trained on");
    List<Row> rows = heldOut.collectAsList();
    double squared = 0;
    double baseline = 0;
    for (Row r : rows) {
      double e = r.getDouble(2) - model.predict(r.getInt(0), r.getInt(1));
      squared += e * e;
      baseline += (r.getDouble(2) - mean) * (r.getDouble(2) - mean);
    }
    double[] history = s.validationRmseHistory();
    System.out.printf("held-out RMSE per epoch %s, global mean %.4f (%d held-out ratings)%n",
        Arrays.toString(history), s.validationBaselineRmse(), rows.size());
    assertEquals(31, history.length, "epoch 0 (initial factors) and 30 epochs");
    assertEquals(Math.sqrt(squared / rows.size()), s.finalValidationRmse(), 1e-9,
        "the last epoch's held-out RMSE is the returned model's");
    assertEquals(history[30], s.finalValidationRmse(), 0.0);
    assertEquals(Math.sqrt(baseline / rows.size()), s.validationBaselineRmse(), 1e-9);
    assertTrue(history[30] < history[0], Arrays.toString(history));
    // JavaDtrainMatrixFactorizationSuite's run with these settings reaches 0.83 x the global mean's
    assertTrue(s.finalValidationRmse() < 0.9 * s.validationBaselineRmse(), "10% below the global mean's RMSE");
    assertEquals(30L * train.count(), s.updates(), "one update per training rating and epoch");
  }

  @Test
  void withoutTheParamEveryRatingTrainsAndTheHistoryIsNaN() {
    Dataset<Row> train = JavaDtrainMatrixFactorizationSuite.trainTest()[0];
    DtrainMatrixFactorizationSummary s = mf().setMaxIter(2).fit(train).summary();
    assertEquals(3, s.validationRmseHistory().length);
    assertTrue(Arrays.stream(s.validationRmseHistory()).allMatch(Double::isNaN));
    assertTrue(Double.isNaN(s.validationBaselineRmse()));
    assertEquals(2L * train.count(), s.updates());
  }

  @Test
  void aColumnThatIsNotBooleanIsRejectedNamingTheParam() {
    Dataset<Row> train = JavaDtrainMatrixFactorizationSuite.trainTest()[0];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> mf().setValidationIndicatorCol("rating").fit(train));
    assertEquals("Column 'rating' (validationIndicatorCol) must be boolean but is double", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> mf().setValidationIndicatorCol("held").fit(train));
    assertTrue(e.getMessage().startsWith("Column 'held' (validationIndicatorCol) not found"), e.getMessage());
  }
}
