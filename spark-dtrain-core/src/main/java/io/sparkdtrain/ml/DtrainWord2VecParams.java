package io.sparkdtrain.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params of {@link DtrainWord2Vec} and {@link DtrainWord2VecModel}: MLlib {@code Word2Vec}'s
 * where they mean the same, plus the strategy, threads, negatives and subsampling. Defaults,
 * validators and docs are in {@link Word2VecParamSet}; {@code explainParams()} prints them.
 */
public interface DtrainWord2VecParams extends Params {

  /** The Param objects of this instance (internal; use the accessors below). */
  Word2VecParamSet word2VecParamSet();

  /** Param for the input column (array of strings), no default. */
  default Param<String> inputCol() { return word2VecParamSet().inputCol; }
  /** Param for the output column, default {@code uid + "__output"}. */
  default Param<String> outputCol() { return word2VecParamSet().outputCol; }
  /** Param for the vector dimension, default 100. */
  default IntParam vectorSize() { return word2VecParamSet().vectorSize; }
  /** Param for the window size, default 5. */
  default IntParam windowSize() { return word2VecParamSet().windowSize; }
  /** Param for the minimum token count, default 5. */
  default IntParam minCount() { return word2VecParamSet().minCount; }
  /** Param for the number of epochs, default 5 (as {@code dtrain word2vec}; MLlib's {@code Word2Vec}: 1). */
  default IntParam maxIter() { return word2VecParamSet().maxIter; }
  /**
   * Param for the initial learning rate, default NaN: the strategy's, as {@code dtrain word2vec}
   * (0.1 for hogwild, 0.025 for local and sync; MLlib's {@code Word2Vec}: 0.025).
   */
  default DoubleParam stepSize() { return word2VecParamSet().stepSize; }
  /** Param for the number of partitions, default 1. */
  default IntParam numPartitions() { return word2VecParamSet().numPartitions; }
  /** Param for the random seed, default 1 (as {@code dtrain word2vec}; MLlib: its class name's hash code). */
  default LongParam seed() { return word2VecParamSet().seed; }
  /** Param for the longest document piece, default 1000. */
  default IntParam maxSentenceLength() { return word2VecParamSet().maxSentenceLength; }
  /** Param for the strategy: hogwild (default), local or sync. */
  default Param<String> strategy() { return word2VecParamSet().strategy; }
  /** Param for the Hogwild! tasks sharing an executor's tables, default 0 (one per partition). */
  default IntParam numThreads() { return word2VecParamSet().numThreads; }
  /** Param for the negative samples per pair, default 5. */
  default IntParam negative() { return word2VecParamSet().negative; }
  /** Param for the subsampling threshold, default 1e-3. */
  default DoubleParam sample() { return word2VecParamSet().sample; }

  default String getInputCol() { return getOrDefault(inputCol()); }
  default String getOutputCol() { return getOrDefault(outputCol()); }
  default int getVectorSize() { return (Integer) getOrDefault(vectorSize()); }
  default int getWindowSize() { return (Integer) getOrDefault(windowSize()); }
  default int getMinCount() { return (Integer) getOrDefault(minCount()); }
  default int getMaxIter() { return (Integer) getOrDefault(maxIter()); }
  default double getStepSize() { return (Double) getOrDefault(stepSize()); }
  default int getNumPartitions() { return (Integer) getOrDefault(numPartitions()); }
  default long getSeed() { return (Long) getOrDefault(seed()); }
  default int getMaxSentenceLength() { return (Integer) getOrDefault(maxSentenceLength()); }
  default String getStrategy() { return getOrDefault(strategy()); }
  default int getNumThreads() { return (Integer) getOrDefault(numThreads()); }
  default int getNegative() { return (Integer) getOrDefault(negative()); }
  default double getSample() { return (Double) getOrDefault(sample()); }
}
