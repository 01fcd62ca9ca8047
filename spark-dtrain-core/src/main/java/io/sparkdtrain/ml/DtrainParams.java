package io.sparkdtrain.ml;

import io.sparkdtrain.engine.StrategySettings;
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
 * {@link DtrainParamSet}; {@code explainParams()} prints them. {@code labelCol}, {@code featuresCol}
 * and {@code predictionCol} (and their getters) are MLlib's: every implementation is an MLlib
 * {@code Predictor} or {@code PredictionModel}, which declares them.
 *
 * <p>Which params each strategy reads, beyond the shared stepSize, maxRounds, regParam, regType,
 * fitIntercept, numWorkers, tol and seed:
 * <table>
 *   <caption>params by strategy</caption>
 *   <tr><th>strategy</th><th>params</th></tr>
 *   <tr><td>sync</td><td>miniBatchFraction, momentum, and the linear Estimators' optimizer
 *       ({@link DtrainLinearParams})</td></tr>
 *   <tr><td>local</td><td>localSteps, miniBatchSize (unset or 0 = miniBatchFraction), aggregation,
 *       outerOptimizer, outerLr, outerMomentum, localStepsSchedule, topK</td></tr>
 *   <tr><td>async</td><td>localSteps, miniBatchSize (unset or 0 = 64), maxStaleness, stalenessLr, dcLambda,
 *       dropStaleness</td></tr>
 *   <tr><td>hogwild</td><td>numThreads (one epoch per round)</td></tr>
 *   <tr><td>fedavg</td><td>clientFraction (0.1), numClients, partition, localEpochs, miniBatchSize
 *       (unset = 10; set to 0 = the whole client), proxMu, clipNorm, noiseMultiplier</td></tr>
 * </table>
 * Every strategy reads checkpointDir, checkpointInterval and resumeFromCheckpoint, and honours the
 * injected stragglers and stragglerDelay (experiments: the worker timeline of
 * {@link DtrainTrainingSummary#events()} shows them). A strategy added
 * through the registry reads the params by name (as {@link io.sparkdtrain.engine.StrategySettings}).
 * A setting a strategy does not read is accepted and ignored, so one {@code ParamGridBuilder} can
 * range over {@code strategy} together with strategy-specific params.
 */
public interface DtrainParams extends Params {

  /** The Param objects of this instance (internal; use the accessors below). */
  DtrainParamSet paramSet();

  /** Param for the label column name (numeric), default "label": MLlib's ({@code Predictor}'s). */
  Param<String> labelCol();
  /** Param for the features column name (an {@code ml.linalg.Vector}), default "features": MLlib's. */
  Param<String> featuresCol();
  /** Param for the row weight column name; empty (the default) = every weight 1. */
  default Param<String> weightCol() { return paramSet().weightCol; }
  /** Param for the prediction column name, default "prediction"; empty = no column: MLlib's. */
  Param<String> predictionCol();
  /**
   * Param for the training strategy: any name of the strategy registry
   * ({@link io.sparkdtrain.strategy.StrategyRegistry}): "sync" (default), "local", "async", "hogwild",
   * "fedavg", or one a jar adds; every param becomes a setting of its name for it.
   */
  default Param<String> strategy() { return paramSet().strategy; }
  /** Param for the learning rate (> 0); NaN (default) = derived from the data (StepSizeDefaults). */
  default DoubleParam stepSize() { return paramSet().stepSize; }
  /** Param for the share of each partition's rows in a mini-batch, (0, 1], default 1.0. */
  default DoubleParam miniBatchFraction() { return paramSet().miniBatchFraction; }
  /** Param for the rows per local step (local; 0 = use miniBatchFraction), default 0. */
  default IntParam miniBatchSize() { return paramSet().miniBatchSize; }
  /** Param for the local steps between averagings (local), default 8. */
  default IntParam localSteps() { return paramSet().localSteps; }
  /** Param for the maximum number of rounds, default 100; MLlib's name for it (same param as maxRounds). */
  default IntParam maxIter() { return paramSet().maxRounds; }
  /** The same param as {@link #maxIter()} under the name rounds-based strategies use. */
  default IntParam maxRounds() { return paramSet().maxRounds; }
  /** Param for the regularization strength (>= 0), default 0. */
  default DoubleParam regParam() { return paramSet().regParam; }
  /** Param for the penalty: "l2" (default) or "l1". */
  default Param<String> regType() { return paramSet().regType; }
  /** Param for fitting an intercept, default true. */
  default BooleanParam fitIntercept() { return paramSet().fitIntercept; }
  /** Param for the number of workers (partitions); 0 (default) = default parallelism. */
  default IntParam numWorkers() { return paramSet().numWorkers; }
  /** Param for the SSP staleness bound of async (-1 = unbounded), default 4. */
  default IntParam maxStaleness() { return paramSet().maxStaleness; }
  /** Param for the share of clients sampled per fedavg round, default 1.0. */
  default DoubleParam clientFraction() { return paramSet().clientFraction; }
  /** Param for the heavy-ball momentum of sync's SGD step, [0, 1), default 0.9. */
  default DoubleParam momentum() { return paramSet().momentum; }
  /** Param for the relative-change stopping tolerance, [0, 1), default 1e-6. */
  default DoubleParam tol() { return paramSet().tol; }
  /** Param for the random seed, default 42. */
  default LongParam seed() { return paramSet().seed; }
  /** Param for local's update summation: "tree" (default) or "driver". */
  default Param<String> aggregation() { return paramSet().aggregation; }
  /** Param for local's outer step: "avg" (default) or "nesterov". */
  default Param<String> outerOptimizer() { return paramSet().outerOptimizer; }
  /** Param for local's outer learning rate; 0 (default) = the optimizer's own. */
  default DoubleParam outerLr() { return paramSet().outerLr; }
  /** Param for local's outer Nesterov momentum, default 0.9. */
  default DoubleParam outerMomentum() { return paramSet().outerMomentum; }
  /** Param for local's H schedule: "fixed" (default), "post-local:ROUND" or "adaptive". */
  default Param<String> localStepsSchedule() { return paramSet().localStepsSchedule; }
  /** Param for local's top-k sparsification; 0 (default) = off. */
  default IntParam topK() { return paramSet().topK; }
  /** Param for async's staleness-dependent rate: "inverse" (default) or "none". */
  default Param<String> stalenessLr() { return paramSet().stalenessLr; }
  /** Param for async's DC-ASGD strength; 0 (default) = off. */
  default DoubleParam dcLambda() { return paramSet().dcLambda; }
  /** Param for async's drop bound; -1 (default) = keep all. */
  default IntParam dropStaleness() { return paramSet().dropStaleness; }
  /** Param for hogwild's threads; 0 (default) = one per partition. */
  default IntParam numThreads() { return paramSet().numThreads; }
  /** Param for fedavg's client count; 0 (default) = the data's partitions. */
  default IntParam numClients() { return paramSet().numClients; }
  /** Param for fedavg's client split: "iid" (default), "shards", "dirichlet:ALPHA", "unequal:SIGMA". */
  default Param<String> partition() { return paramSet().partition; }
  /** Param for fedavg's local epochs, default 1. */
  default IntParam localEpochs() { return paramSet().localEpochs; }
  /** Param for fedavg's FedProx mu; 0 (default) = FedAvg. */
  default DoubleParam proxMu() { return paramSet().proxMu; }
  /** Param for fedavg's update clipping norm; 0 (default) = off. */
  default DoubleParam clipNorm() { return paramSet().clipNorm; }
  /** Param for fedavg's noise multiplier; 0 (default) = none. */
  default DoubleParam noiseMultiplier() { return paramSet().noiseMultiplier; }
  /** Param for the checkpoint directory (a Hadoop path); empty (default) = no checkpoints. */
  default Param<String> checkpointDir() { return paramSet().checkpointDir; }
  /** Param for the rounds between two checkpoints (>= 1, or -1 = never), default 10 (MLlib's). */
  default IntParam checkpointInterval() { return paramSet().checkpointInterval; }
  /** Param for starting fit from the newest checkpoint in checkpointDir, default false. */
  default BooleanParam resumeFromCheckpoint() { return paramSet().resumeFromCheckpoint; }

  /**
   * Param for injected slow workers (experiments): comma-separated {@code WORKER:FACTOR} or
   * {@code WORKER:+MSms}, as {@code dtrain --straggler}; empty (default) = none.
   */
  default Param<String> stragglers() { return paramSet().stragglers; }
  /** Param for the injected random delay of every step: "none" (default) or "exp:MEAN_MS". */
  default Param<String> stragglerDelay() { return paramSet().stragglerDelay; }

  String getLabelCol();
  String getFeaturesCol();
  default String getWeightCol() { return getOrDefault(weightCol()); }
  String getPredictionCol();
  default String getStrategy() { return getOrDefault(strategy()); }

  /**
   * The settings {@code fit} hands to the strategy registry: every param with a value under its own
   * name, an unset miniBatchSize left out (each strategy's own batch; see the table above).
   */
  default StrategySettings strategySettings() { return Strategies.settings(this); }
  default double getStepSize() { return (Double) getOrDefault(stepSize()); }
  default double getMiniBatchFraction() { return (Double) getOrDefault(miniBatchFraction()); }
  default int getMiniBatchSize() { return (Integer) getOrDefault(miniBatchSize()); }
  default int getLocalSteps() { return (Integer) getOrDefault(localSteps()); }
  default int getMaxRounds() { return (Integer) getOrDefault(maxRounds()); }
  default int getMaxIter() { return (Integer) getOrDefault(maxIter()); }
  default double getRegParam() { return (Double) getOrDefault(regParam()); }
  default String getRegType() { return getOrDefault(regType()); }
  default boolean getFitIntercept() { return (Boolean) getOrDefault(fitIntercept()); }
  default int getNumWorkers() { return (Integer) getOrDefault(numWorkers()); }
  default int getMaxStaleness() { return (Integer) getOrDefault(maxStaleness()); }
  default double getClientFraction() { return (Double) getOrDefault(clientFraction()); }
  default double getMomentum() { return (Double) getOrDefault(momentum()); }
  default double getTol() { return (Double) getOrDefault(tol()); }
  default long getSeed() { return (Long) getOrDefault(seed()); }
  default String getAggregation() { return getOrDefault(aggregation()); }
  default String getOuterOptimizer() { return getOrDefault(outerOptimizer()); }
  default double getOuterLr() { return (Double) getOrDefault(outerLr()); }
  default double getOuterMomentum() { return (Double) getOrDefault(outerMomentum()); }
  default String getLocalStepsSchedule() { return getOrDefault(localStepsSchedule()); }
  default int getTopK() { return (Integer) getOrDefault(topK()); }
  default String getStalenessLr() { return getOrDefault(stalenessLr()); }
  default double getDcLambda() { return (Double) getOrDefault(dcLambda()); }
  default int getDropStaleness() { return (Integer) getOrDefault(dropStaleness()); }
  default int getNumThreads() { return (Integer) getOrDefault(numThreads()); }
  default int getNumClients() { return (Integer) getOrDefault(numClients()); }
  default String getPartition() { return getOrDefault(partition()); }
  default int getLocalEpochs() { return (Integer) getOrDefault(localEpochs()); }
  default double getProxMu() { return (Double) getOrDefault(proxMu()); }
  default double getClipNorm() { return (Double) getOrDefault(clipNorm()); }
  default double getNoiseMultiplier() { return (Double) getOrDefault(noiseMultiplier()); }
  default String getCheckpointDir() { return getOrDefault(checkpointDir()); }
  default int getCheckpointInterval() { return (Integer) getOrDefault(checkpointInterval()); }
  default boolean getResumeFromCheckpoint() { return (Boolean) getOrDefault(resumeFromCheckpoint()); }
  default String getStragglers() { return getOrDefault(stragglers()); }
  default String getStragglerDelay() { return getOrDefault(stragglerDelay()); }
}
