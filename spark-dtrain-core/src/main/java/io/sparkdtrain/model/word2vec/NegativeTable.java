package io.sparkdtrain.model.word2vec;

import java.io.Serializable;

/**
 * The noise distribution of negative sampling, {@code P(w) ~ count(w)^0.75} (Mikolov et al. 2013,
 * Section 2.2), as {@code word2vec.c}'s {@code InitUnigramTable} builds it: a table of word indices
 * where word i fills a share of the slots equal to its probability, sampled by a uniform slot.
 *
 * <p>Size: {@code word2vec.c} uses 1e8 slots (400 MB of ints per process, per Spark executor JVM
 * here). Our default is {@link #DEFAULT_SIZE} = 1e7 (40 MB): each word's probability is then exact
 * to within one slot, 1e-7, far below the 0.75-power probability of any word kept by minCount in a
 * vocabulary of up to a few hundred thousand words, and drawing stays one random index, the
 * cheapest possible (an alias table would be O(V) memory but needs two lookups and a compare).
 */
public final class NegativeTable implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The default number of slots, 1e7 (40 MB). */
  public static final int DEFAULT_SIZE = 10_000_000;
  /** The exponent of the unigram distribution, 0.75 in the paper. */
  public static final double POWER = 0.75;

  private final int[] table;

  /**
   * @param vocabulary the words and their counts
   * @param size the number of slots, {@code >= 1}
   */
  public NegativeTable(Vocabulary vocabulary, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("Cannot set negativeTableSize to " + size + ", the value must be >= 1");
    }
    int v = vocabulary.size();
    double totalPow = 0;
    for (int i = 0; i < v; i++) {
      totalPow += Math.pow(vocabulary.count(i), POWER);
    }
    table = new int[size];
    // word2vec.c's InitUnigramTable, word for word: slot a goes to word i while a / size <= the
    // cumulative probability of words 0..i.
    int i = 0;
    double cumulative = Math.pow(vocabulary.count(0), POWER) / totalPow;
    for (int a = 0; a < size; a++) {
      table[a] = i;
      if (a / (double) size > cumulative) {
        i++;
        if (i < v) {
          cumulative += Math.pow(vocabulary.count(i), POWER) / totalPow;
        }
      }
      if (i >= v) {
        i = v - 1;
      }
    }
  }

  /** The number of slots. */
  public int size() {
    return table.length;
  }

  /** The word in slot {@code slot}. */
  public int slot(int slot) {
    return table[slot];
  }

  /** A word drawn from the noise distribution. */
  public int draw(StepRandom random) {
    return table[random.nextInt(table.length)];
  }
}
