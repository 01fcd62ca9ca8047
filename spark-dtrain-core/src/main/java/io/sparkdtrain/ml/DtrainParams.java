package io.sparkdtrain.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params every spark-dtrain Estimator and Model shares: the columns (Spark's shared names and
 * meanings: {@code labelCol}, {@code featuresCol}, {@code weightCol}, {@code predictionCol}) and the
 * training settings, including the strategy and its knobs. Defaults, validators and docs are in
 * {@link DtrainParamSet}; {@code explainParams()} prints them.
 *
 * <p>Which param each strategy reads:
 * <table>
 *   <caption>params by strategy</caption>
 *   <tr><th>param</th><th>sync</th><th>local</th></tr>
 *   <tr><td>stepSize, maxRounds, regParam, regType, fitIntercept, numWorkers, tol, seed</td>
 *       <td>yes</td><td>yes</td></tr>
 *   <tr><td>miniBatchFraction</td><td>yes</td><td>when miniBatchSize = 0</td></tr>
 *   <tr><td>miniBatchSize, localSteps</td><td>no</td><td>yes</td></tr>
 *   <tr><td>momentum</td><td>yes</td><td>no (plain local SGD)</td></tr>
 *   <tr><td>maxStaleness, clientFraction</td><td>no</td><td>no (for async / fedavg)</td></tr>
 * </table>
 * A setting a strategy does not read is accepted and ignored, so one {@code ParamGridBuilder} can
 * range over {@code strategy} together with strategy-specific params.
 */
public interface DtrainParams extends Params {

  /** The Param objects of this instance (internal; use the accessors below). */
  DtrainParamSet paramSet();

  /** Param for the label column name (numeric), default "label". */
  default Param<String> labelCol() { return paramSet().labelCol; }
  /** Param for the features column name (an {@code ml.linalg.Vector}), default "features". */
  default Param<String> featuresCol() { return paramSet().featuresCol; }
  /** Param for the row weight column name; empty (the default) = every weight 1. */
  default Param<String> weightCol() { return paramSet().weightCol; }
  /** Param for the prediction column name, default "prediction"; empty = no column. */
  default Param<String> predictionCol() { return paramSet().predictionCol; }
  /** Param for the training strategy: "sync" (default) or "local". */
  default Param<String> strategy() { return paramSet().strategy; }
  /** Param for the learning rate (> 0), default 1.0. */
  default DoubleParam stepSize() { return paramSet().stepSize; }
  /** Param for the share of each partition's rows in a mini-batch, (0, 1], default 1.0. */
  default DoubleParam miniBatchFraction() { return paramSet().miniBatchFraction; }
  /** Param for the rows per local step (local; 0 = use miniBatchFraction), default 0. */
  default IntParam miniBatchSize() { return paramSet().miniBatchSize; }
  /** Param for the local steps between averagings (local), default 8. */
  default IntParam localSteps() { return paramSet().localSteps; }
  /** Param for the maximum number of rounds, default 100. */
  default IntParam maxRounds() { return paramSet().maxRounds; }
  /** Param for the regularization strength (>= 0), default 0. */
  default DoubleParam regParam() { return paramSet().regParam; }
  /** Param for the penalty: "l2" (default) or "l1". */
  default Param<String> regType() { return paramSet().regType; }
  /** Param for fitting an intercept, default true. */
  default BooleanParam fitIntercept() { return paramSet().fitIntercept; }
  /** Param for the number of workers (partitions); 0 (default) = default parallelism. */
  default IntParam numWorkers() { return paramSet().numWorkers; }
  /** Param for the staleness bound of the asynchronous strategies to come, default 4. */
  default IntParam maxStaleness() { return paramSet().maxStaleness; }
  /** Param for the share of clients per federated round (strategies to come), default 1.0. */
  default DoubleParam clientFraction() { return paramSet().clientFraction; }
  /** Param for the momentum of sync's SGD step, [0, 1), default 0. */
  default DoubleParam momentum() { return paramSet().momentum; }
  /** Param for the relative-change stopping tolerance, [0, 1), default 1e-6. */
  default DoubleParam tol() { return paramSet().tol; }
  /** Param for the random seed, default 42. */
  default LongParam seed() { return paramSet().seed; }

  default String getLabelCol() { return getOrDefault(labelCol()); }
  default String getFeaturesCol() { return getOrDefault(featuresCol()); }
  default String getWeightCol() { return getOrDefault(weightCol()); }
  default String getPredictionCol() { return getOrDefault(predictionCol()); }
  default String getStrategy() { return getOrDefault(strategy()); }
  default double getStepSize() { return (Double) getOrDefault(stepSize()); }
  default double getMiniBatchFraction() { return (Double) getOrDefault(miniBatchFraction()); }
  default int getMiniBatchSize() { return (Integer) getOrDefault(miniBatchSize()); }
  default int getLocalSteps() { return (Integer) getOrDefault(localSteps()); }
  default int getMaxRounds() { return (Integer) getOrDefault(maxRounds()); }
  default double getRegParam() { return (Double) getOrDefault(regParam()); }
  default String getRegType() { return getOrDefault(regType()); }
  default boolean getFitIntercept() { return (Boolean) getOrDefault(fitIntercept()); }
  default int getNumWorkers() { return (Integer) getOrDefault(numWorkers()); }
  default int getMaxStaleness() { return (Integer) getOrDefault(maxStaleness()); }
  default double getClientFraction() { return (Double) getOrDefault(clientFraction()); }
  default double getMomentum() { return (Double) getOrDefault(momentum()); }
  default double getTol() { return (Double) getOrDefault(tol()); }
  default long getSeed() { return (Long) getOrDefault(seed()); }
}
