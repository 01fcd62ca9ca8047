package io.sparkdtrain.word2vec;

import io.sparkdtrain.model.word2vec.EmbeddingTables;
import io.sparkdtrain.model.word2vec.EpochStats;
import io.sparkdtrain.model.word2vec.Vocabulary;
import io.sparkdtrain.model.word2vec.WordVectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Word2VecTraining#fit} returns: the vocabulary, the trained tables (the input table is
 * the word vectors), one {@link EpochStats} per epoch, and the throughput.
 *
 * @param settings the settings of the fit
 * @param vocabulary the words, by row
 * @param tables the trained input ({@code syn0}) and output ({@code syn1neg}) tables
 * @param history one entry per epoch (loss per pair, pairs, words, seconds)
 * @param wordsTrained in-vocabulary words read over all epochs, before subsampling
 * @param trainingSeconds wall-clock of the training rounds (vocabulary and caching excluded)
 * @param wallClockSeconds wall-clock of the whole fit
 * @param rounds the rounds (merges on the driver) run
 * @param sourcesMerged the most sources one round merged: executors for Hogwild!, partitions otherwise
 */
public record Word2VecResult(Word2VecSettings settings, Vocabulary vocabulary, EmbeddingTables tables,
                             List<EpochStats> history, long wordsTrained, double trainingSeconds,
                             double wallClockSeconds, int rounds, int sourcesMerged) {

  /** The trained word vectors (the input table; shared with {@link #tables()}, not copied). */
  public WordVectors vectors() {
    return WordVectors.of(vocabulary, tables);
  }

  /** Words read per second of training (word2vec.c's measure, before subsampling). */
  public double wordsPerSecond() {
    return trainingSeconds > 0 ? wordsTrained / trainingSeconds : Double.POSITIVE_INFINITY;
  }

  /** The history as JSON-ready maps ({@link EpochStats#toMap()}). */
  public List<Map<String, Object>> historyMaps() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (EpochStats e : history) {
      out.add(new LinkedHashMap<>(e.toMap()));
    }
    return out;
  }
}
