package io.sparkdtrain.ml;

import io.sparkdtrain.model.linear.Losses;
import io.sparkdtrain.model.linear.MarginLoss;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A linear classifier trained by a distributed strategy: binary with the {@code logistic} (default)
 * or {@code hinge} objective (labels 0/1 or -1/+1), multinomial with {@code softmax} (labels
 * 0..K-1; K from {@code numClasses}, else the label column's metadata, else 1 + the largest label).
 * An MLlib {@code ProbabilisticClassifier}: it goes wherever {@code LogisticRegression} goes
 * ({@code Pipeline}, {@code CrossValidator}, {@code TrainValidationSplit}, the evaluators on
 * {@code rawPrediction}). Produces a {@link DtrainClassificationModel}, which adds
 * {@code rawPrediction}, {@code probability} (logistic and softmax) and {@code prediction} columns.
 *
 * <pre>{@code
 * DtrainClassifier clf = new DtrainClassifier().setStrategy("local").setLocalSteps(8)
 *     .setMaxIter(20).setRegParam(1e-4);
 * DtrainClassificationModel model = clf.fit(training);
 * }</pre>
 */
public final class DtrainClassifier
    extends ProbabilisticClassifier<Vector, DtrainClassifier, DtrainClassificationModel>
    implements DtrainEstimator<DtrainClassifier>, DtrainClassifierParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private String uid; // no initializer: uid() sets it while MLlib's constructor runs (StageUid)
  private final DtrainParamSet params;

  /** A classifier with a fresh uid. */
  public DtrainClassifier() {
    this(Identifiable.randomUID("dtrainClassifier"));
  }

  /** A classifier with the given uid (used by {@code copy} and persistence). */
  public DtrainClassifier(String uid) {
    this(StageUid.stash(uid), true);
  }

  private DtrainClassifier(String uid, boolean stashed) {
    super();
    this.uid = StageUid.taken(uid);
    this.params = new DtrainParamSet(this, true);
  }

  @Override
  public String uid() { return uid != null ? uid : (uid = StageUid.pending()); }

  @Override
  public DtrainParamSet paramSet() { return params; }

  public DtrainClassifier setObjective(String value) { set(objective(), value); return this; }
  public DtrainClassifier setNumClasses(int value) { set(numClasses(), value); return this; }
  public DtrainClassifier setThreshold(double value) { set(threshold(), value); return this; }

  /**
   * Param for the number of classes of softmax; 0 (default) = from the label column's metadata
   * (a nominal or binary attribute, as MLlib's classifiers read it) when present, else 1 + the
   * largest label. An Estimator's param only: the model's {@code numClasses()} is the count.
   */
  public IntParam numClasses() { return paramSet().numClasses; }

  public int getNumClasses() { return (Integer) getOrDefault(numClasses()); }

  /** {@code thresholds}, or an empty array when not set (MLlib's getter fails then). */
  @Override
  public double[] getThresholds() {
    return isDefined(thresholds()) ? super.getThresholds().clone() : new double[0];
  }

  @Override
  public StructType transformSchema(StructType schema) {
    LinearTrainer.validateInput(this, schema);
    return DtrainClassificationModel.outputSchema(schema, this, !getObjective().equals("hinge"));
  }

  /** Called by MLlib's {@code Predictor.fit}, which then copies the params to the model. */
  @Override
  public DtrainClassificationModel train(Dataset<?> dataset) {
    return LinearTrainer.train(this, dataset, () -> createLoss(dataset.toDF()),
        (weights, shape, loss, result) -> {
          DtrainClassificationModel model = new DtrainClassificationModel(uid(), weights, shape, loss.name());
          return copyValues(model, ParamMap.empty()).fitted(this, result, dataset);
        });
  }

  private MarginLoss createLoss(Dataset<Row> df) {
    String objective = getObjective();
    int k = getNumClasses() > 0 ? getNumClasses() : classesFromMetadata(df.schema().apply(getLabelCol()));
    if (objective.equals("softmax")) {
      return Losses.byName(objective, k > 0 ? k : inferNumClasses(df));
    }
    if (k != 0 && k != 2) {
      throw new IllegalArgumentException("Cannot set numClasses to " + k + " with objective "
          + objective + ", the value must be 0 or 2 (use objective softmax for more classes)");
    }
    return Losses.byName(objective, 2);
  }

  /**
   * The number of classes the label column's ML attribute declares (a nominal attribute with its
   * values, as {@code StringIndexer} writes it, or a binary one), as MLlib's
   * {@code Classifier.getNumClasses} reads it; 0 when the column has no such metadata.
   */
  static int classesFromMetadata(StructField label) {
    Attribute a = Attribute.fromStructField(label);
    if (a instanceof BinaryAttribute) {
      return 2;
    }
    if (a instanceof NominalAttribute n && n.getNumValues().isDefined()) {
      return (Integer) n.getNumValues().get();
    }
    return 0;
  }

  /** 1 + the largest label (one aggregation job). */
  private int inferNumClasses(Dataset<Row> df) {
    List<Row> max = df.agg(functions.max(df.col(getLabelCol()).cast(DataTypes.DoubleType)))
        .collectAsList();
    if (max.isEmpty() || max.get(0).isNullAt(0)) {
      throw new IllegalArgumentException("Cannot infer numClasses: column '" + getLabelCol()
          + "' (labelCol) has no non-null labels");
    }
    double m = max.get(0).getDouble(0);
    if (!(m >= 1) || m != Math.rint(m) || m > 1_000_000) {
      throw new IllegalArgumentException("Cannot infer numClasses from the largest label " + m
          + " in column '" + getLabelCol() + "': softmax labels must be integers 0..K-1 with K >= 2"
          + " (or set numClasses)");
    }
    return (int) m + 1;
  }

  @Override
  public DtrainClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Saves the params (no data), so Pipelines and tuning models holding this Estimator can be saved. */
  @Override
  public MLWriter write() {
    return new DtrainPersistence.ParamsWriter(this);
  }

  /** Reads a classifier (params only) saved with {@code write().save(path)}. */
  public static MLReader<DtrainClassifier> read() {
    return new DtrainPersistence.ParamsReader<>(DtrainClassifier.class);
  }

  /** {@code read().load(path)}. */
  public static DtrainClassifier load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() { return LinearTrainer.describe(this); }
}
