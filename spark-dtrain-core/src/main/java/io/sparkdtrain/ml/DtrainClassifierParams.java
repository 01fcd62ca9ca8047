package io.sparkdtrain.ml;

import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;

/**
 * The params of {@link DtrainClassifier} and {@link DtrainClassificationModel}: the shared
 * {@link DtrainParams} plus the objective and the two extra output columns
 * of a probabilistic classifier (Spark's {@code rawPredictionCol} and {@code probabilityCol}), and
 * the decision rule from margins to a class ({@code threshold}, {@code thresholds}, as MLlib's).
 * {@code rawPredictionCol}, {@code probabilityCol} and {@code thresholds} are MLlib's: the
 * implementations are MLlib's {@code ProbabilisticClassifier} and
 * {@code ProbabilisticClassificationModel}, which declare them.
 */
public interface DtrainClassifierParams extends DtrainParams {

  /** Param for the raw prediction (margins) column name, default "rawPrediction"; empty = none: MLlib's. */
  Param<String> rawPredictionCol();
  /** Param for the class probabilities column name, default "probability"; empty = none: MLlib's. */
  Param<String> probabilityCol();
  /** Param for the loss: "logistic" (default), "hinge" or "softmax". */
  default Param<String> objective() { return paramSet().objective; }
  /** Param for the binary decision threshold in [0, 1], default 0.5 (predict 1 when z &gt; logit(t)). */
  default DoubleParam threshold() { return paramSet().threshold; }
  /** Param for per-class thresholds (argmax p_k / t_k); no default, unset = not used (MLlib's param). */
  DoubleArrayParam thresholds();

  String getRawPredictionCol();
  String getProbabilityCol();
  default String getObjective() { return getOrDefault(objective()); }
  default double getThreshold() { return (Double) getOrDefault(threshold()); }
  /** {@code thresholds}, or an empty array while it is unset (MLlib's getter fails then). */
  double[] getThresholds();
}
