package io.sparkdtrain.model.word2vec;

import java.util.Locale;

/**
 * The defaults of word2vec's two front doors, the command line ({@code dtrain word2vec}) and the
 * Estimator ({@code DtrainWord2Vec}), defined once here so that a user who sets nothing gets the same
 * model from either (for the same partitions; {@code DefaultsAgreementTest} compares the settings
 * both resolve to). Skip-gram with negative sampling, Mikolov et al. 2013; the values are
 * {@code word2vec.c}'s for skip-gram ({@code -size 100 -window 5 -negative 5 -sample 1e-3 -iter 5
 * -min-count 5}) except the starting learning rate:
 *
 * <ul>
 *   <li>step size: unset by default and resolved per strategy by {@link #stepSize(String)}: 0.1 for
 *       hogwild ({@link SkipGramConfig#DEFAULT_STEP_SIZE}; word2vec.c's 0.025 is tuned for billions
 *       of words and under-trains the 1M-token Brown corpus), 0.025 for local and sync, which train
 *       each of P partitions at P times the rate ({@link SkipGramConfig#DEFAULT_SCALED_STEP_SIZE});
 *   <li>epochs: {@value #EPOCHS}, word2vec.c's: on Brown one epoch at the default reaches WordSim353
 *       0.228, five 0.42 (docs/word2vec.md, "Default epochs"); MLlib's {@code Word2Vec} defaults
 *       to 1;
 *   <li>seed: {@value #SEED}.
 * </ul>
 */
public final class Word2VecDefaults {
  /** Dimension of the word vectors. */
  public static final int VECTOR_SIZE = 100;
  /** The largest window. */
  public static final int WINDOW = 5;
  /** Minimum count of a vocabulary word. */
  public static final int MIN_COUNT = 5;
  /** Negative samples per (centre, context) pair. */
  public static final int NEGATIVE = 5;
  /** Subsampling threshold of frequent words. */
  public static final double SAMPLE = 1e-3;
  /** Passes over the corpus (word2vec.c's {@code -iter 5}; MLlib's {@code Word2Vec}: 1). */
  public static final int EPOCHS = 5;
  /** Longer sentences are cut (word2vec.c's {@code MAX_SENTENCE_LENGTH}, MLlib's default). */
  public static final int MAX_SENTENCE_LENGTH = 1000;
  /** Seed of the initial vectors, the subsampling, the windows and the negatives. */
  public static final long SEED = 1L;
  /** The strategy: Hogwild! (the tasks of an executor share the tables). */
  public static final String STRATEGY = "hogwild";

  private Word2VecDefaults() {}

  /**
   * The starting learning rate when none is given: {@link SkipGramConfig#DEFAULT_STEP_SIZE} (0.1)
   * for {@code hogwild} and a single thread, {@link SkipGramConfig#DEFAULT_SCALED_STEP_SIZE}
   * (0.025) for {@code local} and {@code sync}, which run each partition at P times the rate.
   *
   * @param strategy hogwild, local or sync (case-insensitive)
   * @throws IllegalArgumentException naming the strategy when it is none of those
   */
  public static float stepSize(String strategy) {
    return switch (strategy.toLowerCase(Locale.ROOT)) {
      case "hogwild" -> SkipGramConfig.DEFAULT_STEP_SIZE;
      case "local", "sync" -> SkipGramConfig.DEFAULT_SCALED_STEP_SIZE;
      default -> throw new IllegalArgumentException("Cannot set strategy to " + strategy
          + ", the value must be one of hogwild, local, sync");
    };
  }
}
