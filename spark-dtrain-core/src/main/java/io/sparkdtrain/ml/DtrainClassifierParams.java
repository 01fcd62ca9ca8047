package io.sparkdtrain.ml;

import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;

/**
 * The params of {@link DtrainClassifier} and {@link DtrainClassificationModel}: the shared
 * {@link DtrainParams} plus the objective and the two extra output columns
 * of a probabilistic classifier (Spark's {@code rawPredictionCol} and {@code probabilityCol}), and
 * the decision rule from margins to a class ({@code threshold}, {@code thresholds}, as MLlib's).
 */
public interface DtrainClassifierParams extends DtrainParams {

  /** Param for the raw prediction (margins) column name, default "rawPrediction"; empty = none. */
  default Param<String> rawPredictionCol() { return paramSet().rawPredictionCol; }
  /** Param for the class probabilities column name, default "probability"; empty = none. */
  default Param<String> probabilityCol() { return paramSet().probabilityCol; }
  /** Param for the loss: "logistic" (default), "hinge" or "softmax". */
  default Param<String> objective() { return paramSet().objective; }
  /** Param for the binary decision threshold in [0, 1], default 0.5 (predict 1 when z &gt; logit(t)). */
  default DoubleParam threshold() { return paramSet().threshold; }
  /** Param for per-class thresholds (argmax p_k / t_k); no default, unset = not used (MLlib's param). */
  default DoubleArrayParam thresholds() { return paramSet().thresholds; }

  default String getRawPredictionCol() { return getOrDefault(rawPredictionCol()); }
  default String getProbabilityCol() { return getOrDefault(probabilityCol()); }
  default String getObjective() { return getOrDefault(objective()); }
  default double getThreshold() { return (Double) getOrDefault(threshold()); }
  default double[] getThresholds() { return getOrDefault(thresholds()).clone(); }
}
