package io.sparkdtrain.ml;

import io.sparkdtrain.model.linear.ModelShape;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A linear regression model produced by {@link DtrainRegressor}: {@code transform} adds
 * {@code predictionCol} = {@code w . x + b}, like MLlib's {@code LinearRegressionModel}.
 */
public final class DtrainRegressionModel extends DtrainModel<DtrainRegressionModel> {
  private static final long serialVersionUID = 1L;

  /** A model from its flat weights ({@code shape} with one output). */
  public DtrainRegressionModel(String uid, double[] weights, ModelShape shape) {
    super(uid, false, weights, shape, "squared");
  }

  /** The input schema plus the prediction column of {@code p}. */
  static StructType outputSchema(StructType schema, DtrainParams p) {
    return Schemas.append(schema, p.getPredictionCol(), "predictionCol", DataTypes.DoubleType);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.requireVector(schema, getFeaturesCol(), "featuresCol");
    return outputSchema(schema, this);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    Dataset<Row> out = dataset.toDF();
    if (getPredictionCol().isEmpty()) {
      return out;
    }
    LinearPredictor p = predictor();
    UDF1<Vector, Double> predict = p::predict;
    return out.withColumn(getPredictionCol(),
        functions.udf(predict, DataTypes.DoubleType).apply(out.col(getFeaturesCol())));
  }

  @Override
  DtrainRegressionModel newInstance(String uid, double[] weights, ModelShape shape, String objective) {
    return new DtrainRegressionModel(uid, weights, shape);
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
}
