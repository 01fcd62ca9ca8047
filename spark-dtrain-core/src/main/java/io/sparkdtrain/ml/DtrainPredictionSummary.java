package io.sparkdtrain.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Metrics of a model on a data set, from its predictions, like MLlib's
 * {@code LogisticRegressionSummary}: {@link #predictions()} (the model's {@code transform} of the
 * data), {@link #accuracy()}, and for binary models {@link #areaUnderROC()} and {@link #roc()};
 * for regression {@link #rootMeanSquaredError()}. {@code model.evaluate(df)} returns one for new
 * data; the training summary ({@link DtrainTrainingSummary}) is one for the training data.
 *
 * <p>Each metric is a distributed pass over the predictions, run when first asked for. The ROC
 * curve and its area come from MLlib's {@code BinaryClassificationMetrics} with
 * {@value #ROC_BINS} bins (down-sampled curve, as MLlib's summaries do), so no per-row data reaches
 * the driver; its cached intermediate data is released before the call returns. Labels -1/+1 of
 * binary models count as 0/1.
 */
public class DtrainPredictionSummary implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Bins of the ROC curve (MLlib's {@code BinaryClassificationEvaluator} default). */
  public static final int ROC_BINS = 1000;

  private final transient java.util.function.Supplier<Dataset<Row>> transform;
  private transient Dataset<Row> predictions;
  private final String labelCol;
  private final String weightCol;
  private final String predictionCol;
  private final String rawPredictionCol;
  private final int numClasses;
  private transient double[][] rocPoints;
  private transient double areaUnderRoc = Double.NaN;

  /**
   * @param numClasses 2 or more for classification, 0 for regression
   * @param rawPredictionCol the margins column of a classifier ("" when not produced)
   */
  DtrainPredictionSummary(java.util.function.Supplier<Dataset<Row>> transform, String labelCol,
                          String weightCol, String predictionCol, String rawPredictionCol, int numClasses) {
    this.transform = transform;
    this.labelCol = labelCol;
    this.weightCol = weightCol;
    this.predictionCol = predictionCol;
    this.rawPredictionCol = rawPredictionCol;
    this.numClasses = numClasses;
  }

  /**
   * The data with the model's output columns (its {@code transform}, made on the first call: it
   * fails, naming the column, if the data already has a column of the model's output names).
   */
  public synchronized Dataset<Row> predictions() {
    if (predictions == null) {
      if (transform == null) {
        throw new IllegalStateException("the predictions of this summary were not serialized with it");
      }
      predictions = transform.get();
    }
    return predictions;
  }

  /** The label column name. */
  public String labelCol() { return labelCol; }

  /** The prediction column name. */
  public String predictionCol() { return predictionCol; }

  /** The number of classes (0 for a regression model). */
  public int numClasses() { return numClasses; }

  /** The share of rows (weighted by {@code weightCol}) whose predicted class is the label. */
  public double accuracy() {
    requireClassification("accuracy");
    requireColumn(predictionCol, "predictionCol", "accuracy");
    Row r = predictions().agg(functions.sum(weight().multiply(
        functions.when(label().equalTo(functions.col(predictionCol)), 1.0).otherwise(0.0))),
        functions.sum(weight())).first();
    return r.getDouble(0) / r.getDouble(1);
  }

  /** The area under the ROC curve of a binary model (scores: the margins). */
  public double areaUnderROC() {
    computeRoc();
    return areaUnderRoc;
  }

  /** The ROC curve of a binary model: columns {@code FPR} and {@code TPR}, from (0, 0) to (1, 1). */
  public Dataset<Row> roc() {
    computeRoc();
    List<Row> rows = new ArrayList<>(rocPoints.length);
    for (double[] p : rocPoints) {
      rows.add(RowFactory.create(p[0], p[1]));
    }
    StructType schema = new StructType().add("FPR", DataTypes.DoubleType, false)
        .add("TPR", DataTypes.DoubleType, false);
    return predictions().sparkSession().createDataFrame(rows, schema);
  }

  /** The root mean squared error of a regression model (weighted by {@code weightCol}). */
  public double rootMeanSquaredError() {
    if (numClasses != 0) {
      throw new IllegalStateException("rootMeanSquaredError is defined for regression models; this"
          + " summary is of a classifier with " + numClasses + " classes: use accuracy()");
    }
    requireColumn(predictionCol, "predictionCol", "rootMeanSquaredError");
    org.apache.spark.sql.Column error = functions.col(predictionCol).minus(functions.col(labelCol));
    Row r = predictions().agg(functions.sum(weight().multiply(error).multiply(error)),
        functions.sum(weight())).first();
    return Math.sqrt(r.getDouble(0) / r.getDouble(1));
  }

  private synchronized void computeRoc() {
    if (rocPoints != null) {
      return;
    }
    if (numClasses != 2) {
      throw new IllegalStateException("areaUnderROC and roc are defined for binary models; this"
          + " summary is of a " + (numClasses == 0 ? "regression model" : numClasses + "-class model"));
    }
    requireColumn(rawPredictionCol, "rawPredictionCol", "areaUnderROC and roc");
    JavaRDD<Tuple2<Object, Object>> scored = predictions()
        .select(functions.col(rawPredictionCol), label().as("label")).javaRDD()
        .map(r -> new Tuple2<>(((Vector) r.get(0)).apply(1), r.getDouble(1)));
    BinaryClassificationMetrics metrics = new BinaryClassificationMetrics(scored.rdd(), ROC_BINS);
    try {
      areaUnderRoc = metrics.areaUnderROC();
      List<Tuple2<Object, Object>> curve = metrics.roc().toJavaRDD().collect();
      double[][] points = new double[curve.size()][];
      for (int i = 0; i < points.length; i++) {
        points[i] = new double[] {(Double) curve.get(i)._1(), (Double) curve.get(i)._2()};
      }
      rocPoints = points;
    } finally {
      metrics.unpersist();
    }
  }

  /** The label as a class index: binary labels -1/+1 or 0/1 map to 0/1. */
  private org.apache.spark.sql.Column label() {
    org.apache.spark.sql.Column y = functions.col(labelCol).cast(DataTypes.DoubleType);
    return numClasses == 2 ? functions.when(y.gt(0), 1.0).otherwise(0.0) : y;
  }

  private org.apache.spark.sql.Column weight() {
    return weightCol.isEmpty() ? functions.lit(1.0) : functions.col(weightCol).cast(DataTypes.DoubleType);
  }

  private void requireClassification(String metric) {
    if (numClasses == 0) {
      throw new IllegalStateException(metric + " is defined for classifiers; use rootMeanSquaredError()");
    }
  }

  private static void requireColumn(String col, String param, String metric) {
    if (col.isEmpty()) {
      throw new IllegalStateException(metric + " needs the " + param + " column, which is set to \"\"");
    }
  }
}
