package io.sparkdtrain.ml;

import io.sparkdtrain.model.linear.Losses;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Linear least-squares regression (objective {@code (1/2)(w.x + b - y)^2}, averaged over rows and
 * weighted by {@code weightCol}) trained by a distributed strategy. An MLlib {@code Regressor}, so it
 * goes wherever {@code LinearRegression} goes ({@code Pipeline}, {@code CrossValidator},
 * {@code RegressionEvaluator}). Produces a {@link DtrainRegressionModel}, which adds a
 * {@code prediction} column.
 */
public final class DtrainRegressor extends Regressor<Vector, DtrainRegressor, DtrainRegressionModel>
    implements DtrainEstimator<DtrainRegressor>, MLWritable {
  private static final long serialVersionUID = 1L;

  private String uid; // no initializer: uid() sets it while MLlib's constructor runs (StageUid)
  private final DtrainParamSet params;

  /** A regressor with a fresh uid. */
  public DtrainRegressor() {
    this(Identifiable.randomUID("dtrainRegressor"));
  }

  /** A regressor with the given uid (used by {@code copy} and persistence). */
  public DtrainRegressor(String uid) {
    this(StageUid.stash(uid), true);
  }

  private DtrainRegressor(String uid, boolean stashed) {
    super();
    this.uid = StageUid.taken(uid);
    this.params = new DtrainParamSet(this, false);
  }

  @Override
  public String uid() { return uid != null ? uid : (uid = StageUid.pending()); }

  @Override
  public DtrainParamSet paramSet() { return params; }

  @Override
  public StructType transformSchema(StructType schema) {
    LinearTrainer.validateInput(this, schema);
    return DtrainRegressionModel.outputSchema(schema, this);
  }

  /** Called by MLlib's {@code Predictor.fit}, which then copies the params to the model. */
  @Override
  public DtrainRegressionModel train(Dataset<?> dataset) {
    return LinearTrainer.train(this, dataset, () -> Losses.byName("squared", 0),
        (weights, shape, loss, result) -> {
          DtrainRegressionModel model = new DtrainRegressionModel(uid(), weights, shape);
          return copyValues(model, ParamMap.empty()).fitted(this, result, dataset);
        });
  }

  @Override
  public DtrainRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Saves the params (no data), so Pipelines and tuning models holding this Estimator can be saved. */
  @Override
  public MLWriter write() {
    return new DtrainPersistence.ParamsWriter(this);
  }

  /** Reads a regressor (params only) saved with {@code write().save(path)}. */
  public static MLReader<DtrainRegressor> read() {
    return new DtrainPersistence.ParamsReader<>(DtrainRegressor.class);
  }

  /** {@code read().load(path)}. */
  public static DtrainRegressor load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() { return LinearTrainer.describe(this); }
}
