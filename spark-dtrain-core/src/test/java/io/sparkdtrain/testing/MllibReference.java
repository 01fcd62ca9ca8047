package io.sparkdtrain.testing;

import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.Evaluator;
import io.sparkdtrain.model.linear.Objective;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The independent reference for binary logistic objectives: MLlib's {@code LogisticRegression}
 * (L-BFGS, same lambda, {@code elasticNetParam=0}, {@code standardization=false}, intercept, run to a
 * tight tolerance), whose objective is ours. Labels -1 are mapped to 0 for MLlib.
 */
public final class MllibReference {
  private MllibReference() {}

  /** Our objective {@code F} at MLlib's optimum for the LIBSVM file {@code path}, over {@code train}. */
  public static double optimum(String path, int numFeatures, double lambda, Objective objective,
                               TrainingData train) {
    Dataset<Row> df = LibsvmInput.dataFrame(SharedSpark.session(), path, numFeatures)
        .selectExpr("IF(label > 0, 1.0, 0.0) AS label", "features");
    LogisticRegressionModel m = new LogisticRegression().setRegParam(lambda).setElasticNetParam(0)
        .setStandardization(false).setMaxIter(500).setTol(1e-12).fit(df);
    double[] w = new double[numFeatures + 1];
    System.arraycopy(m.coefficients().toArray(), 0, w, 0, numFeatures);
    w[numFeatures] = m.intercept();
    return new Evaluator(objective, 2).objective(train, w);
  }
}
