package io.sparkdtrain.ml;

import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.ModelShape;
import java.util.Arrays;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A linear classifier produced by {@link DtrainClassifier}: an MLlib
 * {@code ProbabilisticClassificationModel}, so MLlib's evaluators, {@code CrossValidator} and
 * {@code Pipeline} treat it as they treat {@code LogisticRegressionModel}. {@code transform} is
 * MLlib's and adds (a column param set to "" is skipped), with MLlib's attribute metadata:
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
public final class DtrainClassificationModel
    extends ProbabilisticClassificationModel<Vector, DtrainClassificationModel>
    implements DtrainModel, DtrainClassifierParams {
  private static final long serialVersionUID = 1L;

  private String uid; // no initializer: uid() sets it while MLlib's constructor runs (StageUid)
  private final DtrainParamSet params;
  private final LinearPredictor predictor;
  private final LinearModelParts<DtrainClassificationModel> parts = new LinearModelParts<>();

  /**
   * A model from its weights.
   *
   * @param weights flat weights in {@code shape}'s layout
   * @param objective "logistic", "hinge" or "softmax"
   */
  public DtrainClassificationModel(String uid, double[] weights, ModelShape shape, String objective) {
    this(StageUid.stash(uid), weights, shape, objective, true);
  }

  private DtrainClassificationModel(String uid, double[] weights, ModelShape shape, String objective,
                                    boolean stashed) {
    super();
    this.uid = StageUid.taken(uid);
    if (objective.equals("squared")) {
      throw new IllegalArgumentException("A classification model needs objective logistic, hinge or"
          + " softmax, not squared");
    }
    this.params = new DtrainParamSet(this, true);
    this.predictor = LinearPredictor.of(weights, shape, objective);
  }

  @Override
  public String uid() { return uid != null ? uid : (uid = StageUid.pending()); }

  @Override
  public DtrainParamSet paramSet() { return params; }

  public DtrainClassificationModel setThreshold(double value) { set(threshold(), value); return this; }

  /** {@code thresholds}, or an empty array when not set (MLlib's getter fails then). */
  @Override
  public double[] getThresholds() {
    return isDefined(thresholds()) ? super.getThresholds().clone() : new double[0];
  }

  @Override
  public String lossName() { return predictor.loss().name(); }

  @Override
  public int numFeatures() { return predictor.shape().numFeatures(); }

  @Override
  public ModelShape shape() { return predictor.shape(); }

  @Override
  public Vector weights() { return Vectors.dense(predictor.weights()); }

  /** The number of classes the model predicts: 2 for binary objectives, K for softmax. */
  public int classCount() {
    return Math.max(2, shape().numOutputs());
  }

  /** The number of classes the model predicts (MLlib's {@code numClasses}): 2, or K for softmax. */
  @Override
  public int numClasses() {
    return classCount();
  }

  /** The raw prediction (margins) for one vector, as in the {@code rawPrediction} column. */
  @Override
  public Vector predictRaw(Vector features) {
    return predictor.raw(features);
  }

  /**
   * Turns a raw prediction into class probabilities in place: {@code [-z, z]} into
   * {@code [1 - s(z), s(z)]} for logistic, the K margins into their softmax.
   *
   * @throws IllegalStateException for hinge, which defines no probabilities
   */
  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    DenseVector dense = Schemas.denseRawPrediction(rawPrediction);
    double[] values = dense.values();
    double[] margins = shape().numOutputs() == 1 ? new double[] {values[1]} : values.clone();
    if (!predictor.loss().probabilities(margins, values)) {
      throw new IllegalStateException("the " + lossName() + " objective defines no probabilities");
    }
    return dense;
  }

  /**
   * The class probabilities for one vector.
   *
   * @throws IllegalStateException for hinge, which defines no probabilities
   */
  @Override
  public Vector predictProbability(Vector features) {
    Vector p = predictor.probability(features);
    if (p == null) {
      throw new IllegalStateException("the " + lossName() + " objective defines no probabilities");
    }
    return p;
  }

  /** The class for one features vector under {@code threshold} / {@code thresholds}. */
  @Override
  public double predict(Vector features) {
    return predictor.predictClass(features, getThreshold(), checkedThresholds());
  }

  /** The class of a raw prediction, by the rule of {@link #predict}. */
  @Override
  public double raw2prediction(Vector rawPrediction) {
    double[] t = checkedThresholds();
    if (t.length > 0) {
      return probability2prediction(raw2probability(rawPrediction));
    }
    if (shape().numOutputs() == 1) {
      return rawPrediction.apply(1) > Math.log(getThreshold() / (1 - getThreshold())) ? 1.0 : 0.0;
    }
    return rawPrediction.argmax();
  }

  /** The class of a probability vector: MLlib's rule with {@code thresholds}, else p_1 &gt; t or argmax. */
  @Override
  public double probability2prediction(Vector probability) {
    if (checkedThresholds().length > 0) {
      return super.probability2prediction(probability);
    }
    if (shape().numOutputs() == 1) {
      return probability.apply(1) > getThreshold() ? 1.0 : 0.0;
    }
    return probability.argmax();
  }

  /** {@code thresholds}, checked against this model: one per class, and probabilities defined. */
  private double[] checkedThresholds() {
    double[] t = getThresholds();
    if (t.length == 0) {
      return t;
    }
    if (!predictor.hasProbabilities()) {
      throw new IllegalArgumentException("thresholds needs class probabilities, which the " + lossName()
          + " objective does not define; use threshold");
    }
    if (t.length != classCount()) {
      throw new IllegalArgumentException("thresholds has " + t.length + " values but this " + lossName()
          + " model has " + classCount() + " classes");
    }
    return t;
  }

  /** The input schema plus the output columns of {@code p}, without metadata (the Estimator's). */
  static StructType outputSchema(StructType schema, DtrainClassifierParams p, boolean probabilities) {
    StructType out = Schemas.appendVector(schema, p.getRawPredictionCol(), "rawPredictionCol");
    if (probabilities) {
      out = Schemas.appendVector(out, p.getProbabilityCol(), "probabilityCol");
    }
    return Schemas.append(out, p.getPredictionCol(), "predictionCol",
        org.apache.spark.sql.types.DataTypes.DoubleType);
  }

  /**
   * MLlib's output schema (with the attribute metadata: {@code numClasses} nominal values on
   * {@code predictionCol}, an attribute group of that size on {@code rawPredictionCol}), after the
   * checks that name the param; no {@code probabilityCol} for hinge.
   */
  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.requireVector(schema, getFeaturesCol(), "featuresCol");
    checkedThresholds();
    outputSchema(schema, this, predictor.hasProbabilities());
    StructType out = super.transformSchema(schema);
    if (predictor.hasProbabilities() || getProbabilityCol().isEmpty()) {
      return out;
    }
    return new StructType(Arrays.stream(out.fields())
        .filter(f -> !f.name().equals(getProbabilityCol())).toArray(StructField[]::new));
  }

  /** MLlib's {@code transform}; for hinge, without the probability column. */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    if (!predictor.hasProbabilities() && !getProbabilityCol().isEmpty()) {
      return copy(ParamMap.empty()).setProbabilityCol("").transform(dataset);
    }
    return super.transform(dataset);
  }

  /**
   * MLlib's (used by its own summaries). Declared here only because Scala overrides it with a
   * narrower return type, which Java sees as two unrelated methods; the raw type reconciles them.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public boolean hasSummary() { return parts.hasSummary(); }

  @Override
  public DtrainTrainingSummary summary() { return parts.summary(this); }

  /** This model, trained by {@code parent} on {@code training}: parent and training summary set. */
  DtrainClassificationModel fitted(DtrainClassifier parent, TrainingResult result, Dataset<?> training) {
    return parts.fitted(this, parent, result, training, getRawPredictionCol(), classCount());
  }

  @Override
  public DtrainPredictionSummary evaluate(Dataset<?> dataset) {
    return LinearModelParts.evaluate(this, dataset, getRawPredictionCol(), classCount());
  }

  @Override
  public DtrainClassificationModel copy(ParamMap extra) {
    DtrainClassificationModel copy = new DtrainClassificationModel(uid(), predictor.weights(), shape(),
        lossName());
    return parts.copied(this, copyValues(copy, extra), copy.parts);
  }

  @Override
  public MLWriter write() {
    return new DtrainPersistence.ModelWriter(this);
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

  @Override
  public String toString() { return LinearModelParts.describe(this); }
}
