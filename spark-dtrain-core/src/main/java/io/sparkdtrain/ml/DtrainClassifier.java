package io.sparkdtrain.ml;

import io.sparkdtrain.model.linear.Losses;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A linear classifier trained by a distributed strategy: binary with the {@code logistic} (default)
 * or {@code hinge} objective (labels 0/1 or -1/+1), multinomial with {@code softmax} (labels
 * 0..K-1; K from {@code numClasses} or 1 + the largest label). Produces a
 * {@link DtrainClassificationModel}, which adds {@code rawPrediction}, {@code probability}
 * (logistic and softmax) and {@code prediction} columns, like MLlib's classifiers.
 *
 * <pre>{@code
 * DtrainClassifier clf = new DtrainClassifier().setStrategy("local").setLocalSteps(8)
 *     .setMaxRounds(20).setRegParam(1e-4);
 * DtrainClassificationModel model = clf.fit(training);
 * }</pre>
 */
public final class DtrainClassifier
    extends DtrainEstimator<DtrainClassificationModel, DtrainClassifier>
    implements DtrainClassifierParams {
  private static final long serialVersionUID = 1L;

  /** A classifier with a fresh uid. */
  public DtrainClassifier() {
    this(Identifiable.randomUID("dtrainClassifier"));
  }

  /** A classifier with the given uid (used by {@code copy} and persistence). */
  public DtrainClassifier(String uid) {
    super(uid, true);
  }

  public DtrainClassifier setRawPredictionCol(String value) { set(rawPredictionCol(), value); return this; }
  public DtrainClassifier setProbabilityCol(String value) { set(probabilityCol(), value); return this; }
  public DtrainClassifier setObjective(String value) { set(objective(), value); return this; }
  public DtrainClassifier setNumClasses(int value) { set(numClasses(), value); return this; }

  /**
   * Param for the number of classes of softmax; 0 (default) = from the label column's metadata
   * (a nominal or binary attribute, as MLlib's classifiers read it) when present, else 1 + the
   * largest label. An Estimator's param only: the model's {@code numClasses()} is the count.
   */
  public IntParam numClasses() { return paramSet().numClasses; }

  public int getNumClasses() { return (Integer) getOrDefault(numClasses()); }
  public DtrainClassifier setThreshold(double value) { set(threshold(), value); return this; }
  public DtrainClassifier setThresholds(double[] value) { set(thresholds(), value.clone()); return this; }

  @Override
  public StructType transformSchema(StructType schema) {
    validateInput(schema);
    return DtrainClassificationModel.outputSchema(schema, this, !getObjective().equals("hinge"));
  }

  @Override
  protected MarginLoss createLoss(Dataset<Row> df) {
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
  protected DtrainClassificationModel createModel(String uid, double[] weights, ModelShape shape,
                                                  MarginLoss loss) {
    return new DtrainClassificationModel(uid, weights, shape, loss.name());
  }

  @Override
  public DtrainClassifier copy(org.apache.spark.ml.param.ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads a classifier (params only) saved with {@code write().save(path)}. */
  public static MLReader<DtrainClassifier> read() {
    return new DtrainPersistence.ParamsReader<>(DtrainClassifier.class);
  }

  /** {@code read().load(path)}. */
  public static DtrainClassifier load(String path) {
    return read().load(path);
  }
}
