package io.sparkdtrain.ml;

import io.sparkdtrain.model.linear.ModelShape;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A linear classifier produced by {@link DtrainClassifier}. {@code transform} adds, like MLlib's
 * probabilistic classifiers (a column param set to "" is skipped):
 * <ul>
 *   <li>{@code rawPredictionCol}: the margins, {@code [-z, z]} for a binary model (as MLlib's
 *       {@code LogisticRegressionModel} and {@code LinearSVCModel}), the K margins for softmax;
 *   <li>{@code probabilityCol}: class probabilities for logistic ({@code [1 - p, p]}) and softmax;
 *       hinge defines none, so the column is not added;
 *   <li>{@code predictionCol}: the class index, 0/1 for binary models (1 when
 *       {@code z > ln(t / (1 - t))} with t = {@code threshold}, default 0.5: {@code z > 0}), the
 *       argmax for softmax; with {@code thresholds} set, the argmax of {@code p_k / t_k}.
 * </ul>
 * {@code predict} applies the same rule to one vector; the thresholds can be changed on the model
 * and are saved with it.
 */
public final class DtrainClassificationModel extends DtrainModel<DtrainClassificationModel>
    implements DtrainClassifierParams {
  private static final long serialVersionUID = 1L;

  /**
   * A model from its weights.
   *
   * @param weights flat weights in {@code shape}'s layout
   * @param objective "logistic", "hinge" or "softmax"
   */
  public DtrainClassificationModel(String uid, double[] weights, ModelShape shape, String objective) {
    super(uid, true, weights, shape, objective);
    if (objective.equals("squared")) {
      throw new IllegalArgumentException("A classification model needs objective logistic, hinge or"
          + " softmax, not squared");
    }
  }

  public DtrainClassificationModel setRawPredictionCol(String value) { set(rawPredictionCol(), value); return this; }
  public DtrainClassificationModel setProbabilityCol(String value) { set(probabilityCol(), value); return this; }
  public DtrainClassificationModel setThreshold(double value) { set(threshold(), value); return this; }
  public DtrainClassificationModel setThresholds(double[] value) { set(thresholds(), value.clone()); return this; }

  /** The class for one features vector under {@code threshold} / {@code thresholds}. */
  @Override
  public double predict(Vector features) {
    return predictor().predictClass(features, getThreshold(), checkedThresholds());
  }

  /** {@code thresholds}, checked against this model: one per class, and probabilities defined. */
  private double[] checkedThresholds() {
    double[] t = getThresholds();
    if (t.length == 0) {
      return t;
    }
    if (!predictor().hasProbabilities()) {
      throw new IllegalArgumentException("thresholds needs class probabilities, which the " + lossName()
          + " objective does not define; use threshold");
    }
    if (t.length != classCount()) {
      throw new IllegalArgumentException("thresholds has " + t.length + " values but this " + lossName()
          + " model has " + classCount() + " classes");
    }
    return t;
  }

  /** The number of classes the model predicts: 2 for binary objectives, K for softmax. */
  public int classCount() {
    return Math.max(2, shape().numOutputs());
  }

  /** The number of classes the model predicts (MLlib's {@code numClasses}): 2, or K for softmax. */
  public int numClasses() {
    return classCount();
  }

  @Override
  String summaryRawPredictionCol() { return getRawPredictionCol(); }

  @Override
  int summaryNumClasses() { return classCount(); }

  /** The raw prediction (margins) for one vector, as in the {@code rawPrediction} column. */
  public Vector predictRaw(Vector features) {
    return predictor().raw(features);
  }

  /**
   * The class probabilities for one vector.
   *
   * @throws IllegalStateException for hinge, which defines no probabilities
   */
  public Vector predictProbability(Vector features) {
    Vector p = predictor().probability(features);
    if (p == null) {
      throw new IllegalStateException("the " + lossName() + " objective defines no probabilities");
    }
    return p;
  }

  /** The input schema plus the output columns of {@code p}. */
  static StructType outputSchema(StructType schema, DtrainClassifierParams p, boolean probabilities) {
    StructType out = Schemas.appendVector(schema, p.getRawPredictionCol(), "rawPredictionCol");
    if (probabilities) {
      out = Schemas.appendVector(out, p.getProbabilityCol(), "probabilityCol");
    }
    return Schemas.append(out, p.getPredictionCol(), "predictionCol", DataTypes.DoubleType);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.requireVector(schema, getFeaturesCol(), "featuresCol");
    checkedThresholds();
    return outputSchema(schema, this, predictor().hasProbabilities());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    LinearPredictor p = predictor();
    Dataset<Row> out = dataset.toDF();
    Column features = out.col(getFeaturesCol());
    if (!getRawPredictionCol().isEmpty()) {
      UDF1<Vector, Vector> raw = p::raw;
      out = out.withColumn(getRawPredictionCol(),
          functions.udf(raw, SQLDataTypes.VectorType()).apply(features));
    }
    if (!getProbabilityCol().isEmpty() && p.hasProbabilities()) {
      UDF1<Vector, Vector> prob = p::probability;
      out = out.withColumn(getProbabilityCol(),
          functions.udf(prob, SQLDataTypes.VectorType()).apply(features));
    }
    if (!getPredictionCol().isEmpty()) {
      double threshold = getThreshold();
      double[] thresholds = checkedThresholds();
      UDF1<Vector, Double> predict = x -> p.predictClass(x, threshold, thresholds);
      out = out.withColumn(getPredictionCol(),
          functions.udf(predict, DataTypes.DoubleType).apply(features));
    }
    return out;
  }

  @Override
  DtrainClassificationModel newInstance(String uid, double[] weights, ModelShape shape, String objective) {
    return new DtrainClassificationModel(uid, weights, shape, objective);
  }

  /** Reads a model saved with {@code write().save(path)} (also inside a saved PipelineModel). */
  public static MLReader<DtrainClassificationModel> read() {
    return new DtrainPersistence.ModelReader<>(DtrainClassificationModel.class,
        DtrainClassificationModel::new);
  }

  /** {@code read().load(path)}. */
  public static DtrainClassificationModel load(String path) {
    return read().load(path);
  }
}
