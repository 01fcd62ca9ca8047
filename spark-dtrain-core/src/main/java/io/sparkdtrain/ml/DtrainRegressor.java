package io.sparkdtrain.ml;

import io.sparkdtrain.model.linear.Losses;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Linear least-squares regression (objective {@code (1/2)(w.x + b - y)^2}, averaged over rows and
 * weighted by {@code weightCol}) trained by a distributed strategy. Produces a
 * {@link DtrainRegressionModel}, which adds a {@code prediction} column, like MLlib's regressors.
 */
public final class DtrainRegressor extends DtrainEstimator<DtrainRegressionModel, DtrainRegressor> {
  private static final long serialVersionUID = 1L;

  /** A regressor with a fresh uid. */
  public DtrainRegressor() {
    this(Identifiable.randomUID("dtrainRegressor"));
  }

  /** A regressor with the given uid (used by {@code copy} and persistence). */
  public DtrainRegressor(String uid) {
    super(uid, false);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    validateInput(schema);
    return DtrainRegressionModel.outputSchema(schema, this);
  }

  @Override
  protected MarginLoss createLoss(Dataset<Row> df) {
    return Losses.byName("squared", 0);
  }

  @Override
  protected DtrainRegressionModel createModel(String uid, double[] weights, ModelShape shape,
                                              MarginLoss loss) {
    return new DtrainRegressionModel(uid, weights, shape);
  }

  @Override
  public DtrainRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads a regressor (params only) saved with {@code write().save(path)}. */
  public static MLReader<DtrainRegressor> read() {
    return new DtrainPersistence.ParamsReader<>(DtrainRegressor.class);
  }

  /** {@code read().load(path)}. */
  public static DtrainRegressor load(String path) {
    return read().load(path);
  }
}
