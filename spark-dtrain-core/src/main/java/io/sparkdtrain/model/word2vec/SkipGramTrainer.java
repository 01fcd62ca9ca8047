package io.sparkdtrain.model.word2vec;

import java.util.ArrayList;
import java.util.List;

/**
 * Single-threaded skip-gram training over encoded sentences (Mikolov et al. 2013), as one thread of
 * {@code word2vec.c}: per epoch, each sentence is cut in pieces of {@code maxSentenceLength} words,
 * subsampled, and trained with {@link SkipGramStep#trainSentence}; the learning rate decays
 * linearly with the words read so far over all epochs ({@link SkipGramConfig#learningRate}),
 * updated before every piece.
 *
 * <p>The step code is the {@link SkipGramStep}: a multi-threaded trainer runs one step per thread
 * on the same {@link EmbeddingTables}, each thread with its own {@link StepRandom} and a shared
 * count of words read for the learning rate.
 */
public final class SkipGramTrainer {
  private final SkipGramConfig config;
  private final Subsampler subsampler;
  private final StepRandom random;
  private final SkipGramStep step;
  private final int[] buffer;
  private final boolean trackLoss;

  /**
   * @param config the settings
   * @param vocabulary the words (their counts drive subsampling and the negatives)
   * @param tables the tables to train, {@code vocabulary.size()} rows; updated in place
   * @param trackLoss whether to compute the loss of every pair (costs two logarithms per target)
   */
  public SkipGramTrainer(SkipGramConfig config, Vocabulary vocabulary, EmbeddingTables tables, boolean trackLoss) {
    if (tables.numWords() != vocabulary.size()) {
      throw new IllegalArgumentException("Tables of " + tables.numWords() + " rows do not match the vocabulary of "
          + vocabulary.size() + " words");
    }
    this.config = config;
    this.subsampler = new Subsampler(vocabulary, config.sample());
    this.random = new StepRandom(config.seed());
    NegativeTable table = new NegativeTable(vocabulary, config.negativeTableSize());
    this.step = new SkipGramStep(config, tables, table, random, trackLoss);
    this.buffer = new int[config.maxSentenceLength()];
    this.trackLoss = trackLoss;
  }

  /**
   * Trains {@code config.epochs()} passes over {@code sentences} (word indices of the vocabulary)
   * and returns one {@link EpochStats} per epoch.
   *
   * @throws IllegalArgumentException when a word index is outside the vocabulary (the message gives
   *     the sentence's position)
   */
  public List<EpochStats> train(List<int[]> sentences) {
    int v = step.inputUpdates().length;
    long wordsPerEpoch = 0;
    for (int s = 0; s < sentences.size(); s++) {
      for (int w : sentences.get(s)) {
        if (w < 0 || w >= v) {
          throw new IllegalArgumentException("Sentence " + s + " holds word index " + w
              + ", outside the vocabulary of " + v + " words");
        }
      }
      wordsPerEpoch += sentences.get(s).length;
    }
    long wordsTotal = wordsPerEpoch * config.epochs();
    long wordsDone = 0;
    List<EpochStats> history = new ArrayList<>();
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      long start = System.nanoTime();
      long pairsBefore = step.pairs();
      double loss = 0;
      for (int[] sentence : sentences) {
        for (int from = 0; from < sentence.length; from += buffer.length) {
          int to = Math.min(sentence.length, from + buffer.length);
          float alpha = config.learningRate(wordsDone, wordsTotal);
          int n = subsampler.subsample(sentence, from, to, random, buffer);
          loss += step.trainSentence(buffer, n, alpha);
          wordsDone += to - from;
        }
      }
      long pairs = step.pairs() - pairsBefore;
      double seconds = (System.nanoTime() - start) / 1e9;
      history.add(new EpochStats(epoch, trackLoss && pairs > 0 ? loss / pairs : Double.NaN, pairs, wordsPerEpoch, seconds));
    }
    return history;
  }

  /** The step this trainer drives: its per-row update counts tell which rows training changed. */
  public SkipGramStep step() {
    return step;
  }
}
