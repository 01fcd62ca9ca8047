package io.sparkdtrain.ml;

import io.sparkdtrain.engine.TrainingResult;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@link DtrainClassificationModel} and {@link DtrainRegressionModel} do alike and cannot
 * inherit (MLlib gives them different base classes, {@code ProbabilisticClassificationModel} and
 * {@code RegressionModel}): the training summary of the fit that produced a model (set by the
 * Estimator's {@code train}, carried by {@code copy}, not saved, so absent after {@code load}),
 * {@code evaluate}, and the text of {@code toString}. One instance per model holds its summary
 * ({@link TrainingSummaryHolder}).
 *
 * @param <M> the concrete model
 */
final class LinearModelParts<M extends Model<M> & DtrainModel> extends TrainingSummaryHolder<DtrainTrainingSummary> {
  private static final long serialVersionUID = 1L;

  LinearModelParts() {
    super("only a model returned by fit has one");
  }

  /**
   * Finishes the model {@code owner} that {@code parent} trained (its params already copied): the
   * parent set, and the summary of {@code result} on {@code training} attached.
   *
   * @param rawPredictionCol the raw prediction column of a classifier, "" for a regressor
   * @param numClasses the classes of a classifier, 0 for a regressor
   */
  M fitted(M owner, Estimator<M> parent, TrainingResult result, Dataset<?> training, String rawPredictionCol,
           int numClasses) {
    owner.setParent(parent);
    setSummary(new DtrainTrainingSummary(result, owner, training, owner.getLabelCol(), owner.getWeightCol(),
        owner.getPredictionCol(), rawPredictionCol, numClasses));
    return owner;
  }

  /** {@code model}'s metrics on {@code dataset} (which needs the label column), computed when asked for. */
  static <M extends Model<M> & DtrainModel> DtrainPredictionSummary evaluate(M model, Dataset<?> dataset,
                                                                           String rawPredictionCol, int numClasses) {
    Schemas.requireNumeric(dataset.schema(), model.getLabelCol(), "labelCol");
    Dataset<Row> predictions = model.transform(dataset);
    return new DtrainPredictionSummary(() -> predictions, model.getLabelCol(), model.getWeightCol(),
        model.getPredictionCol(), rawPredictionCol, numClasses);
  }

  /** The model's {@code toString}: class, uid, objective and shape. */
  static String describe(DtrainModel model) {
    return model.getClass().getSimpleName() + ": uid=" + model.uid() + ", objective=" + model.lossName()
        + ", numFeatures=" + model.numFeatures() + ", numOutputs=" + model.shape().numOutputs() + ", fitIntercept="
        + model.shape().fitIntercept();
  }
}
