package io.sparkdtrain.ml;

/**
 * The setters every spark-dtrain linear Estimator shares ({@link DtrainClassifier},
 * {@link DtrainRegressor}), each returning the concrete Estimator for chaining. The column setters
 * ({@code setLabelCol}, {@code setFeaturesCol}, {@code setPredictionCol}, and a classifier's
 * {@code setRawPredictionCol}, {@code setProbabilityCol}, {@code setThresholds}) come from MLlib's
 * {@code Predictor} and {@code ProbabilisticClassifier}. The fit itself is {@link LinearTrainer}.
 *
 * @param <S> the concrete Estimator type, returned by the setters
 */
public interface DtrainEstimator<S extends DtrainEstimator<S>> extends DtrainLinearParams {

  @SuppressWarnings("unchecked")
  private S self() { return (S) this; }

  default S setWeightCol(String value) { set(weightCol(), value); return self(); }
  default S setStrategy(String value) { set(strategy(), value); return self(); }
  default S setStepSize(double value) { set(stepSize(), value); return self(); }
  default S setMiniBatchFraction(double value) { set(miniBatchFraction(), value); return self(); }
  default S setMiniBatchSize(int value) { set(miniBatchSize(), value); return self(); }
  default S setLocalSteps(int value) { set(localSteps(), value); return self(); }
  default S setMaxRounds(int value) { set(maxRounds(), value); return self(); }
  /** MLlib's name: sets the same param as {@link #setMaxRounds}. */
  default S setMaxIter(int value) { set(maxIter(), value); return self(); }
  default S setRegParam(double value) { set(regParam(), value); return self(); }
  default S setRegType(String value) { set(regType(), value); return self(); }
  default S setFitIntercept(boolean value) { set(fitIntercept(), value); return self(); }
  default S setNumWorkers(int value) { set(numWorkers(), value); return self(); }
  default S setMaxStaleness(int value) { set(maxStaleness(), value); return self(); }
  default S setClientFraction(double value) { set(clientFraction(), value); return self(); }
  default S setMomentum(double value) { set(momentum(), value); return self(); }
  /** "sgd" (default), "adagrad", "adam" or "lbfgs", as {@code dtrain train --optimizer}; see {@link #optimizer()}. */
  default S setOptimizer(String value) { set(optimizer(), value); return self(); }
  default S setTol(double value) { set(tol(), value); return self(); }
  default S setSeed(long value) { set(seed(), value); return self(); }
  default S setAggregation(String value) { set(aggregation(), value); return self(); }
  default S setOuterOptimizer(String value) { set(outerOptimizer(), value); return self(); }
  default S setOuterLr(double value) { set(outerLr(), value); return self(); }
  default S setOuterMomentum(double value) { set(outerMomentum(), value); return self(); }
  default S setLocalStepsSchedule(String value) { set(localStepsSchedule(), value); return self(); }
  default S setTopK(int value) { set(topK(), value); return self(); }
  default S setStalenessLr(String value) { set(stalenessLr(), value); return self(); }
  default S setDcLambda(double value) { set(dcLambda(), value); return self(); }
  default S setDropStaleness(int value) { set(dropStaleness(), value); return self(); }
  default S setNumThreads(int value) { set(numThreads(), value); return self(); }
  default S setNumClients(int value) { set(numClients(), value); return self(); }
  default S setPartition(String value) { set(partition(), value); return self(); }
  default S setLocalEpochs(int value) { set(localEpochs(), value); return self(); }
  default S setProxMu(double value) { set(proxMu(), value); return self(); }
  default S setClipNorm(double value) { set(clipNorm(), value); return self(); }
  default S setNoiseMultiplier(double value) { set(noiseMultiplier(), value); return self(); }
  default S setCheckpointDir(String value) { set(checkpointDir(), value); return self(); }
  default S setCheckpointInterval(int value) { set(checkpointInterval(), value); return self(); }
  default S setResumeFromCheckpoint(boolean value) { set(resumeFromCheckpoint(), value); return self(); }
  default S setStragglers(String value) { set(stragglers(), value); return self(); }
  default S setStragglerDelay(String value) { set(stragglerDelay(), value); return self(); }
}
