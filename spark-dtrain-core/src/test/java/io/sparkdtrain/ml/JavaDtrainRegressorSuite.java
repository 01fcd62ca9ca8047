package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The regressor against MLlib's exact least-squares solution, and its predictions against w.x + b. */
@Tag("spark4")
class JavaDtrainRegressorSuite {

  /** y = 1.5 x0 - 2 x1 + 0.5 x2 + 0.7 + N(0, 0.1^2), x ~ N(0, 1), 1,000 rows, seeded. */
  static Dataset<Row> linearData() {
    Random r = new Random(17);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      double y = 1.5 * x[0] - 2 * x[1] + 0.5 * x[2] + 0.7 + 0.1 * r.nextGaussian();
      rows.add(RowFactory.create(y, Vectors.dense(x)));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType());
    return MlData.spark().createDataFrame(rows, schema).repartition(2);
  }

  @Test
  void reachesMllibsLeastSquaresSolutionAndPredictsWxPlusB() {
    Dataset<Row> df = linearData().cache();
    DtrainRegressionModel model = new DtrainRegressor().setStepSize(0.5).setMomentum(0.5)
        .setMaxRounds(100).setTol(0).fit(df);
    // Reference: MLlib's normal-equation solution of the same (unregularised) problem.
    LinearRegressionModel exact = new LinearRegression().setSolver("normal").setRegParam(0).fit(df);
    double[] w = model.coefficients().toArray();
    double[] ref = exact.coefficients().toArray();
    for (int j = 0; j < 3; j++) {
      assertEquals(ref[j], w[j], 1e-6, "coefficient " + j);
    }
    assertEquals(exact.intercept(), model.intercept(), 1e-6);
    for (Row row : model.transform(df).select("features", "prediction").collectAsList()) {
      double[] x = ((Vector) row.get(0)).toArray();
      double expected = model.intercept() + w[0] * x[0] + w[1] * x[1] + w[2] * x[2];
      assertEquals(expected, row.getDouble(1), 1e-12);
    }
    assertEquals(List.of("label", "features", "prediction"), List.of(model.transform(df).columns()));
    assertEquals(1, model.coefficientMatrix().numRows());
    df.unpersist();
  }

  @Test
  void weightColumnCountsRowsThatManyTimes() {
    Dataset<Row> df = linearData().limit(200).cache();
    DtrainRegressor reg = new DtrainRegressor().setMaxRounds(20).setStepSize(0.5);
    Vector doubled = reg.fit(df.union(df)).weights();
    Vector weighted = reg.copy(new org.apache.spark.ml.param.ParamMap()).setWeightCol("w")
        .fit(df.selectExpr("label", "features", "2.0 AS w")).weights();
    double[] a = doubled.toArray();
    double[] b = weighted.toArray();
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-9);
    }
    df.unpersist();
  }

  /**
   * The summary, {@code evaluate}, {@code copy} and {@code toString} of a fitted regressor.
   * Reference for the RMSE: the root mean squared residual computed here from the predictions.
   */
  @Test
  void summaryEvaluateAndCopyOfAFittedModel() {
    Dataset<Row> df = linearData().limit(300).cache();
    DtrainRegressor reg = new DtrainRegressor().setMaxRounds(7).setStepSize(0.5);
    DtrainRegressionModel model = reg.fit(df);
    assertTrue(model.hasSummary());
    assertEquals(7, model.summary().totalRounds());
    assertEquals("sync", model.summary().strategy());
    assertSame(reg, model.parent());
    double sum = 0;
    List<Row> rows = model.transform(df).select("label", "prediction").collectAsList();
    for (Row row : rows) {
      sum += (row.getDouble(0) - row.getDouble(1)) * (row.getDouble(0) - row.getDouble(1));
    }
    assertEquals(Math.sqrt(sum / rows.size()), model.evaluate(df).rootMeanSquaredError(), 1e-9);

    DtrainRegressionModel copy = model.copy(new ParamMap().put(model.predictionCol().w("p")));
    assertEquals("p", copy.getPredictionCol());
    assertEquals("prediction", model.getPredictionCol());
    assertEquals(model.weights(), copy.weights());
    assertSame(model.summary(), copy.summary());
    assertSame(reg, copy.parent());
    assertEquals("DtrainRegressionModel: uid=" + model.uid() + ", objective=squared, numFeatures=3, numOutputs=1,"
        + " fitIntercept=true", copy.toString());
    assertEquals("DtrainRegressor: uid=" + reg.uid() + ", strategy=sync, maxRounds=7, stepSize=0.5", reg.toString());

    DtrainRegressionModel bare = new DtrainRegressionModel("r1", model.weights().toArray(), model.shape());
    assertFalse(bare.hasSummary());
    IllegalStateException e = assertThrows(IllegalStateException.class, bare::summary);
    assertEquals("No training summary available for this DtrainRegressionModel (r1): only a model returned by fit"
        + " has one", e.getMessage());
    assertFalse(bare.copy(ParamMap.empty()).hasParent());
    df.unpersist();
  }
}
