package io.sparkdtrain.ml;

import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.ModelShape;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A linear regression model produced by {@link DtrainRegressor}: an MLlib {@code RegressionModel}
 * whose {@code transform} (MLlib's) adds {@code predictionCol} = {@code w . x + b} with a numeric
 * attribute, like MLlib's {@code LinearRegressionModel}.
 */
public final class DtrainRegressionModel extends RegressionModel<Vector, DtrainRegressionModel>
    implements DtrainModel {
  private static final long serialVersionUID = 1L;

  private String uid; // no initializer: uid() sets it while MLlib's constructor runs (StageUid)
  private final DtrainParamSet params;
  private final LinearPredictor predictor;
  private final LinearModelParts<DtrainRegressionModel> parts = new LinearModelParts<>();

  /** A model from its flat weights ({@code shape} with one output). */
  public DtrainRegressionModel(String uid, double[] weights, ModelShape shape) {
    this(StageUid.stash(uid), weights, shape, true);
  }

  private DtrainRegressionModel(String uid, double[] weights, ModelShape shape, boolean stashed) {
    super();
    this.uid = StageUid.taken(uid);
    this.params = new DtrainParamSet(this, false);
    this.predictor = LinearPredictor.of(weights, shape, "squared");
  }

  @Override
  public String uid() { return uid != null ? uid : (uid = StageUid.pending()); }

  @Override
  public DtrainParamSet paramSet() { return params; }

  @Override
  public String lossName() { return predictor.loss().name(); }

  @Override
  public int numFeatures() { return predictor.shape().numFeatures(); }

  @Override
  public ModelShape shape() { return predictor.shape(); }

  @Override
  public Vector weights() { return Vectors.dense(predictor.weights()); }

  /** {@code w . x + b} for one features vector. */
  @Override
  public double predict(Vector features) {
    return predictor.predict(features);
  }

  /** The input schema plus the prediction column of {@code p}, without metadata (the Estimator's). */
  static StructType outputSchema(StructType schema, DtrainParams p) {
    return Schemas.append(schema, p.getPredictionCol(), "predictionCol", DataTypes.DoubleType);
  }

  /** MLlib's output schema (a numeric attribute on {@code predictionCol}) after the checks naming the param. */
  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.requireVector(schema, getFeaturesCol(), "featuresCol");
    outputSchema(schema, this);
    return super.transformSchema(schema);
  }

  @Override
  public boolean hasSummary() { return parts.hasSummary(); }

  @Override
  public DtrainTrainingSummary summary() { return parts.summary(this); }

  /** This model, trained by {@code parent} on {@code training}: parent and training summary set. */
  DtrainRegressionModel fitted(DtrainRegressor parent, TrainingResult result, Dataset<?> training) {
    return parts.fitted(this, parent, result, training, "", 0);
  }

  @Override
  public DtrainPredictionSummary evaluate(Dataset<?> dataset) {
    return LinearModelParts.evaluate(this, dataset, "", 0);
  }

  @Override
  public DtrainRegressionModel copy(ParamMap extra) {
    DtrainRegressionModel copy = new DtrainRegressionModel(uid(), predictor.weights(), shape());
    return parts.copied(this, copyValues(copy, extra), copy.parts);
  }

  @Override
  public MLWriter write() {
    return new DtrainPersistence.ModelWriter(this);
  }

  /** Reads a model saved with {@code write().save(path)} (also inside a saved PipelineModel). */
  public static MLReader<DtrainRegressionModel> read() {
    return new DtrainPersistence.ModelReader<>(DtrainRegressionModel.class,
        (uid, w, shape, objective) -> new DtrainRegressionModel(uid, w, shape));
  }

  /** {@code read().load(path)}. */
  public static DtrainRegressionModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() { return LinearModelParts.describe(this); }
}
