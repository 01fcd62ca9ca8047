package io.sparkdtrain.ml;

import io.sparkdtrain.model.word2vec.Word2VecDefaults;
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
 * instance as their parent, and every default in one place. Names follow MLlib's {@code Word2Vec}
 * where the meaning is the same ({@code inputCol}, {@code outputCol}, {@code vectorSize},
 * {@code windowSize}, {@code minCount}, {@code maxIter}, {@code stepSize}, {@code numPartitions},
 * {@code seed}, {@code maxSentenceLength}); the defaults are the command line's
 * ({@link Word2VecDefaults}), which differ from MLlib's in {@code maxIter} (5, MLlib 1),
 * {@code stepSize} (NaN = the strategy's, 0.1 for hogwild; MLlib 0.025) and {@code seed} (1); {@code strategy},
 * {@code numThreads}, {@code negative} and {@code sample} are skip-gram with negative sampling's
 * (Mikolov et al. 2013) and the distributed strategies'. Internal: users reach the params through
 * the interface's accessors.
 */
public final class Word2VecParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Accepted values of {@code strategy}. */
  static final List<String> STRATEGIES = List.of("hogwild", "local", "sync");

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
    maxIter = new IntParam(owner, "maxIter", "epochs: passes over the corpus (>= 1; default 5, as"
        + " word2vec.c and dtrain word2vec; MLlib's Word2Vec: 1)", ParamValidators.gtEq(1));
    stepSize = new DoubleParam(owner, "stepSize", "initial learning rate, decayed linearly to"
        + " stepSize x 1e-4 over all epochs (> 0; NaN, the default, = the strategy's, as dtrain word2vec:"
        + " 0.1 for hogwild, 0.025 for local and sync, which run each partition at numPartitions times"
        + " the rate; MLlib's Word2Vec: 0.025)",
        DtrainParamSet.valid((Object v) -> (Double) v > 0 && !Double.isInfinite((Double) v)
            || Double.isNaN((Double) v)));
    numPartitions = new IntParam(owner, "numPartitions", "partitions the corpus is repartitioned to:"
        + " the training tasks of a round (> 0)", ParamValidators.gt(0));
    seed = new LongParam(owner, "seed", "random seed of the initial vectors, subsampling, windows and"
        + " negatives (default 1, as dtrain word2vec; MLlib's Word2Vec: its class name's hash code)");
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
    // The command line's (Word2VecDefaults), except numPartitions (the command line: the input's).
    owner.setDefault(vectorSize, Word2VecDefaults.VECTOR_SIZE);
    owner.setDefault(windowSize, Word2VecDefaults.WINDOW);
    owner.setDefault(minCount, Word2VecDefaults.MIN_COUNT);
    owner.setDefault(maxIter, Word2VecDefaults.EPOCHS);
    owner.setDefault(stepSize, Double.NaN);
    owner.setDefault(numPartitions, 1);
    owner.setDefault(seed, Word2VecDefaults.SEED);
    owner.setDefault(maxSentenceLength, Word2VecDefaults.MAX_SENTENCE_LENGTH);
    owner.setDefault(strategy, Word2VecDefaults.STRATEGY);
    owner.setDefault(numThreads, 0);
    owner.setDefault(negative, Word2VecDefaults.NEGATIVE);
    owner.setDefault(sample, Word2VecDefaults.SAMPLE);
  }
}
