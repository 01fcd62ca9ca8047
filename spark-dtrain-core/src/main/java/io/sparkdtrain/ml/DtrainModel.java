package io.sparkdtrain.ml;

import io.sparkdtrain.model.linear.Losses;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@link DtrainClassificationModel} and {@link DtrainRegressionModel} share: the weights of a
 * linear model (flat, in {@link ModelShape}'s layout), single-vector prediction, the training
 * summary and persistence ({@code write()}; each concrete class has a static {@code read()} and
 * {@code load(path)}). Models are immutable apart from their column params.
 *
 * @param <M> the concrete model type
 */
public abstract class DtrainModel<M extends DtrainModel<M>> extends Model<M>
    implements DtrainParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final DtrainParamSet params;
  private final LinearPredictor predictor;
  private transient DtrainTrainingSummary summary;

  /**
   * A model with the given uid and weights; {@code objective} names the loss the weights were
   * trained for ({@code logistic}, {@code hinge}, {@code softmax} or {@code squared}).
   */
  protected DtrainModel(String uid, boolean classifier, double[] weights, ModelShape shape,
                        String objective) {
    this.uid = uid;
    this.params = new DtrainParamSet(this, classifier);
    MarginLoss loss = Losses.byName(objective, objective.equals("softmax") ? shape.numOutputs() : 2);
    if (loss.numOutputs() != shape.numOutputs()) {
      throw new IllegalArgumentException("objective " + objective + " has " + loss.numOutputs()
          + " outputs but " + shape + " has " + shape.numOutputs());
    }
    this.predictor = new LinearPredictor(weights, shape, loss);
  }

  @Override
  public String uid() { return uid; }

  @Override
  public DtrainParamSet paramSet() { return params; }

  LinearPredictor predictor() { return predictor; }

  @SuppressWarnings("unchecked")
  private M self() { return (M) this; }

  public M setFeaturesCol(String value) { set(featuresCol(), value); return self(); }
  public M setPredictionCol(String value) { set(predictionCol(), value); return self(); }

  /** The loss the model was trained with ("logistic", "hinge", "softmax", "squared"). */
  public String lossName() { return predictor.loss().name(); }

  /** The number of features the model expects. */
  public int numFeatures() { return predictor.shape().numFeatures(); }

  /** The parameter layout. */
  public ModelShape shape() { return predictor.shape(); }

  /**
   * All parameters, flat: for each output k the {@code numFeatures} weights, then its intercept
   * when fitted ({@link ModelShape}).
   */
  public Vector weights() { return Vectors.dense(predictor.weights()); }

  /**
   * The feature weights of a one-output model (binary classification, regression).
   *
   * @throws IllegalStateException for a softmax model: use {@link #coefficientMatrix()}
   */
  public Vector coefficients() {
    requireSingleOutput("coefficients", "coefficientMatrix");
    double[] c = new double[numFeatures()];
    System.arraycopy(predictor.weights(), 0, c, 0, c.length);
    return Vectors.dense(c);
  }

  /**
   * The intercept of a one-output model (0 when not fitted).
   *
   * @throws IllegalStateException for a softmax model: use {@link #interceptVector()}
   */
  public double intercept() {
    requireSingleOutput("intercept", "interceptVector");
    return interceptVector().apply(0);
  }

  /** Weights as a {@code numOutputs x numFeatures} matrix (MLlib's multinomial layout). */
  public Matrix coefficientMatrix() {
    ModelShape s = shape();
    double[] w = predictor.weights();
    double[] values = new double[s.numOutputs() * s.numFeatures()];
    for (int k = 0; k < s.numOutputs(); k++) {
      for (int j = 0; j < s.numFeatures(); j++) {
        values[j * s.numOutputs() + k] = w[s.offset(k) + j]; // column-major
      }
    }
    return new DenseMatrix(s.numOutputs(), s.numFeatures(), values);
  }

  /** One intercept per output (zeros when not fitted). */
  public Vector interceptVector() {
    ModelShape s = shape();
    double[] w = predictor.weights();
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

  /** The prediction for one features vector: class index or regression value. */
  public double predict(Vector features) {
    return predictor.predict(features);
  }

  /** Whether {@link #summary()} is available (true after {@code fit}, false after load). */
  public boolean hasSummary() { return summary != null; }

  /**
   * The training summary of the {@code fit} that produced this model.
   *
   * @throws IllegalStateException when there is none (a model loaded from disk)
   */
  public DtrainTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("No training summary available for this "
          + getClass().getSimpleName() + " (" + uid + "): only a model returned by fit has one");
    }
    return summary;
  }

  void setSummary(DtrainTrainingSummary summary) {
    this.summary = summary;
  }

  /**
   * The metrics of this model on {@code dataset} (which needs the label column), like MLlib's
   * {@code LogisticRegressionModel.evaluate}: accuracy, area under ROC and the ROC curve of a
   * classifier, RMSE of a regressor, computed when asked for.
   */
  public DtrainPredictionSummary evaluate(Dataset<?> dataset) {
    Schemas.requireNumeric(dataset.schema(), getLabelCol(), "labelCol");
    Dataset<Row> predictions = transform(dataset);
    return new DtrainPredictionSummary(() -> predictions, getLabelCol(), getWeightCol(),
        getPredictionCol(), summaryRawPredictionCol(), summaryNumClasses());
  }

  /** The margins column the summaries score by ("" for a regressor). */
  String summaryRawPredictionCol() { return ""; }

  /** The number of classes for the summaries (0 for a regressor). */
  int summaryNumClasses() { return 0; }

  /** A new instance of the concrete class with these weights (no params, parent or summary). */
  abstract M newInstance(String uid, double[] weights, ModelShape shape, String objective);

  @Override
  public M copy(ParamMap extra) {
    M copy = newInstance(uid, predictor.weights(), shape(), lossName());
    copyValues(copy, extra);
    copy.setSummary(summary);
    if (hasParent()) {
      copy.setParent(parent());
    }
    return copy;
  }

  @Override
  public MLWriter write() {
    return new DtrainPersistence.ModelWriter(this);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + ": uid=" + uid + ", objective=" + lossName()
        + ", numFeatures=" + numFeatures() + ", numOutputs=" + shape().numOutputs()
        + ", fitIntercept=" + shape().fitIntercept();
  }
}
