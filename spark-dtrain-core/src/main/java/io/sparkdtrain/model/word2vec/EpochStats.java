package io.sparkdtrain.model.word2vec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One epoch of skip-gram training.
 *
 * @param epoch 1-based
 * @param loss the mean SGNS loss per trained (centre, context) pair, each measured before its own
 *     step ({@code NaN} when the loss was not tracked)
 * @param pairs the (centre, context) pairs trained
 * @param words the in-vocabulary words read, before subsampling (word2vec.c's word count)
 * @param seconds wall-clock seconds of the epoch
 */
public record EpochStats(int epoch, double loss, long pairs, long words, double seconds) {

  /** Words read per second (word2vec.c's "words/sec" counts before subsampling too). */
  public double wordsPerSecond() {
    return seconds > 0 ? words / seconds : Double.POSITIVE_INFINITY;
  }

  /** The record as a JSON-ready map ({@code epoch, loss, pairs, words, words_per_second, seconds}). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("loss", loss);
    m.put("pairs", pairs);
    m.put("words", words);
    m.put("words_per_second", wordsPerSecond());
    m.put("seconds", seconds);
    return m;
  }
}
