package io.sparkdtrain.ml;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The {@code Param} objects of one {@link DtrainWord2VecParams} instance, created with that
 * instance as their parent, and every default in one place. Names and defaults follow MLlib's
 * {@code Word2Vec} where the meaning is the same ({@code inputCol}, {@code outputCol},
 * {@code vectorSize}, {@code windowSize}, {@code minCount}, {@code maxIter}, {@code stepSize},
 * {@code numPartitions}, {@code seed}, {@code maxSentenceLength}); {@code strategy},
 * {@code numThreads}, {@code negative} and {@code sample} are skip-gram with negative sampling's
 * (Mikolov et al. 2013) and the distributed strategies'. Internal: users reach the params through
 * the interface's accessors.
 */
public final class Word2VecParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Accepted values of {@code strategy}. */
  static final List<String> STRATEGIES = List.of("hogwild", "local", "sync");

  /** The default seed, as MLlib's: the hash code of the Estimator's class name. */
  static final long DEFAULT_SEED = "io.sparkdtrain.ml.DtrainWord2Vec".hashCode();

  final Param<String> inputCol;
  final Param<String> outputCol;
  final IntParam vectorSize;
  final IntParam windowSize;
  final IntParam minCount;
  final IntParam maxIter;
  final DoubleParam stepSize;
  final IntParam numPartitions;
  final LongParam seed;
  final IntParam maxSentenceLength;
  final Param<String> strategy;
  final IntParam numThreads;
  final IntParam negative;
  final DoubleParam sample;

  /** Creates the params of {@code owner} (whose {@code uid()} must already be set) with their defaults. */
  Word2VecParamSet(Params owner) {
    inputCol = new Param<>(owner, "inputCol", "input column: array<string>, one document (sentence) of"
        + " tokens per row");
    outputCol = new Param<>(owner, "outputCol", "output column: the average of the document's word"
        + " vectors (a Vector of vectorSize values)");
    vectorSize = new IntParam(owner, "vectorSize", "dimension of the word vectors (> 0)",
        ParamValidators.gt(0));
    windowSize = new IntParam(owner, "windowSize", "the largest distance between a centre word and a"
        + " context word; each centre draws its window uniformly in [1, windowSize] (> 0)",
        ParamValidators.gt(0));
    minCount = new IntParam(owner, "minCount", "the minimum number of times a token must appear to be"
        + " in the vocabulary (>= 1)", ParamValidators.gtEq(1));
    maxIter = new IntParam(owner, "maxIter", "epochs: passes over the corpus (>= 1)",
        ParamValidators.gtEq(1));
    stepSize = new DoubleParam(owner, "stepSize", "initial learning rate, decayed linearly to"
        + " stepSize x 1e-4 over all epochs (> 0)", ParamValidators.gt(0));
    numPartitions = new IntParam(owner, "numPartitions", "partitions the corpus is repartitioned to:"
        + " the training tasks of a round (> 0)", ParamValidators.gt(0));
    seed = new LongParam(owner, "seed", "random seed of the initial vectors, subsampling, windows and"
        + " negatives");
    maxSentenceLength = new IntParam(owner, "maxSentenceLength", "documents longer than this are cut"
        + " into pieces of at most this many tokens (> 0)", ParamValidators.gt(0));
    strategy = new Param<>(owner, "strategy", "how the partitions train: hogwild (the tasks of an"
        + " executor share both tables, lock-free), local (Local SGD: each partition trains a copy, the"
        + " changed rows are averaged weighted by their update counts) or sync (synchronous mini-batch"
        + " SGD, the baseline)",
        ParamValidators.inArray(STRATEGIES));
    numThreads = new IntParam(owner, "numThreads", "hogwild only: tasks per round sharing the tables"
        + " of their executor, the partitions coalesced to this many (>= 0, <= numPartitions; 0 = one"
        + " task per partition)", ParamValidators.gtEq(0));
    negative = new IntParam(owner, "negative", "negative samples drawn per (centre, context) pair"
        + " (>= 1)", ParamValidators.gtEq(1));
    sample = new DoubleParam(owner, "sample", "threshold of frequent-word subsampling; 0 keeps every"
        + " word (>= 0)", ParamValidators.gtEq(0));

    // Every default, in one place (inputCol has none, as MLlib's).
    owner.setDefault(outputCol, owner.uid() + "__output");
    owner.setDefault(vectorSize, 100);
    owner.setDefault(windowSize, 5);
    owner.setDefault(minCount, 5);
    owner.setDefault(maxIter, 1);
    owner.setDefault(stepSize, 0.025);
    owner.setDefault(numPartitions, 1);
    owner.setDefault(seed, DEFAULT_SEED);
    owner.setDefault(maxSentenceLength, 1000);
    owner.setDefault(strategy, "hogwild");
    owner.setDefault(numThreads, 0);
    owner.setDefault(negative, 5);
    owner.setDefault(sample, 1e-3);
  }
}
