package io.sparkdtrain.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params of {@link DtrainMatrixFactorization} and {@link DtrainMatrixFactorizationModel}: the
 * columns and the Hogwild! matrix-factorisation settings. Defaults, validators and docs are in
 * {@link MfParamSet}; {@code explainParams()} prints them.
 */
public interface DtrainMatrixFactorizationParams extends Params {

  /** The Param objects of this instance (internal; use the accessors below). */
  MfParamSet mfParamSet();

  /** Param for the user id column, default "user". */
  default Param<String> userCol() { return mfParamSet().userCol; }
  /** Param for the item id column, default "item". */
  default Param<String> itemCol() { return mfParamSet().itemCol; }
  /** Param for the rating column, default "rating". */
  default Param<String> ratingCol() { return mfParamSet().ratingCol; }
  /** Param for the prediction column, default "prediction". */
  default Param<String> predictionCol() { return mfParamSet().predictionCol; }
  /** Param for the factor rank, default 10. */
  default IntParam rank() { return mfParamSet().rank; }
  /** Param for the L2 regularization, default 0.05. */
  default DoubleParam regParam() { return mfParamSet().regParam; }
  /** Param for the learning rate, default 0.01. */
  default DoubleParam stepSize() { return mfParamSet().stepSize; }
  /** Param for the number of epochs, default 10. */
  default IntParam maxIter() { return mfParamSet().maxIter; }
  /** Param for the Hogwild! threads (0 = default parallelism), default 0. */
  default IntParam numThreads() { return mfParamSet().numThreads; }
  /** Param for the random seed, default 42. */
  default LongParam seed() { return mfParamSet().seed; }
  /** Param for unseen users/items in transform: "nan" (default) or "drop". */
  default Param<String> coldStartStrategy() { return mfParamSet().coldStartStrategy; }
  /**
   * Param for the boolean column marking held-out ratings (MLlib's name, as {@code GBTClassifier}):
   * true = not trained on, their RMSE recorded per epoch in the model's summary; "" (default) = none.
   */
  default Param<String> validationIndicatorCol() { return mfParamSet().validationIndicatorCol; }

  default String getUserCol() { return getOrDefault(userCol()); }
  default String getItemCol() { return getOrDefault(itemCol()); }
  default String getRatingCol() { return getOrDefault(ratingCol()); }
  default String getPredictionCol() { return getOrDefault(predictionCol()); }
  default int getRank() { return (Integer) getOrDefault(rank()); }
  default double getRegParam() { return (Double) getOrDefault(regParam()); }
  default double getStepSize() { return (Double) getOrDefault(stepSize()); }
  default int getMaxIter() { return (Integer) getOrDefault(maxIter()); }
  default int getNumThreads() { return (Integer) getOrDefault(numThreads()); }
  default long getSeed() { return (Long) getOrDefault(seed()); }
  default String getColdStartStrategy() { return getOrDefault(coldStartStrategy()); }
  default String getValidationIndicatorCol() { return getOrDefault(validationIndicatorCol()); }
}
