package io.sparkdtrain.ml;

import io.sparkdtrain.model.linear.ModelShape;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;

/**
 * What {@link DtrainClassificationModel} (an MLlib {@code ProbabilisticClassificationModel}) and
 * {@link DtrainRegressionModel} (an MLlib {@code RegressionModel}) share: the weights of a linear
 * model (flat, in {@link ModelShape}'s layout) and their MLlib-style views, the training summary,
 * {@code evaluate}, and persistence ({@code write()}; each concrete class has a static
 * {@code read()} and {@code load(path)}). Models are immutable apart from their column params.
 */
public interface DtrainModel extends DtrainLinearParams, MLWritable {

  /** The loss the model was trained with ("logistic", "hinge", "softmax", "squared"). */
  String lossName();

  /** The number of features the model expects. */
  int numFeatures();

  /** The parameter layout. */
  ModelShape shape();

  /**
   * All parameters, flat: for each output k the {@code numFeatures} weights, then its intercept
   * when fitted ({@link ModelShape}).
   */
  Vector weights();

  /** Whether {@link #summary()} is available (true after {@code fit}, false after load). */
  boolean hasSummary();

  /**
   * The training summary of the {@code fit} that produced this model.
   *
   * @throws IllegalStateException when there is none (a model loaded from disk)
   */
  DtrainTrainingSummary summary();

  /**
   * The metrics of this model on {@code dataset} (which needs the label column), like MLlib's
   * {@code LogisticRegressionModel.evaluate}: accuracy, area under ROC and the ROC curve of a
   * classifier, RMSE of a regressor, computed when asked for.
   */
  DtrainPredictionSummary evaluate(Dataset<?> dataset);

  /**
   * The feature weights of a one-output model (binary classification, regression).
   *
   * @throws IllegalStateException for a softmax model: use {@link #coefficientMatrix()}
   */
  default Vector coefficients() {
    requireSingleOutput("coefficients", "coefficientMatrix");
    double[] c = new double[numFeatures()];
    System.arraycopy(weights().toArray(), 0, c, 0, c.length);
    return Vectors.dense(c);
  }

  /**
   * The intercept of a one-output model (0 when not fitted).
   *
   * @throws IllegalStateException for a softmax model: use {@link #interceptVector()}
   */
  default double intercept() {
    requireSingleOutput("intercept", "interceptVector");
    return interceptVector().apply(0);
  }

  /** Weights as a {@code numOutputs x numFeatures} matrix (MLlib's multinomial layout). */
  default Matrix coefficientMatrix() {
    ModelShape s = shape();
    double[] w = weights().toArray();
    double[] values = new double[s.numOutputs() * s.numFeatures()];
    for (int k = 0; k < s.numOutputs(); k++) {
      for (int j = 0; j < s.numFeatures(); j++) {
        values[j * s.numOutputs() + k] = w[s.offset(k) + j]; // column-major
      }
    }
    return new DenseMatrix(s.numOutputs(), s.numFeatures(), values);
  }

  /** One intercept per output (zeros when not fitted). */
  default Vector interceptVector() {
    ModelShape s = shape();
    double[] w = weights().toArray();
    double[] b = new double[s.numOutputs()];
    if (s.fitIntercept()) {
      for (int k = 0; k < b.length; k++) {
        b[k] = w[s.interceptIndex(k)];
      }
    }
    return Vectors.dense(b);
  }

  private void requireSingleOutput(String what, String instead) {
    if (shape().numOutputs() != 1) {
      throw new IllegalStateException(what + " is defined for one-output models; this "
          + lossName() + " model has " + shape().numOutputs() + " outputs, use " + instead + "()");
    }
  }
}
