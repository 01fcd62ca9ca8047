package io.sparkdtrain.model.word2vec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The words of a corpus that occur at least {@code minCount} times, as in {@code word2vec.c}'s
 * {@code ReduceVocab}/{@code SortVocab} (Mikolov et al. 2013): index 0 is the most frequent word,
 * words are sorted by count descending and, for equal counts, by the word (String order) so that the
 * indices do not depend on the order the corpus was read in. Immutable.
 */
public final class Vocabulary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] words;
  private final long[] counts;
  private final long totalCount;
  private final Map<String, Integer> index;

  private Vocabulary(String[] words, long[] counts) {
    this.words = words;
    this.counts = counts;
    long total = 0;
    Map<String, Integer> map = new HashMap<>(words.length * 2);
    for (int i = 0; i < words.length; i++) {
      total += counts[i];
      map.put(words[i], i);
    }
    this.totalCount = total;
    this.index = map;
  }

  /**
   * Keeps the words with count {@code >= minCount}.
   *
   * @param counts the count of each distinct token
   * @param minCount {@code >= 1}
   * @throws IllegalArgumentException when minCount is below 1, a count is negative, the corpus is
   *     empty, or no word reaches minCount (the message names {@code minCount})
   */
  public static Vocabulary fromCounts(Map<String, Long> counts, int minCount) {
    if (minCount < 1) {
      throw new IllegalArgumentException("Cannot set minCount to " + minCount + ", the value must be >= 1");
    }
    if (counts.isEmpty()) {
      throw new IllegalArgumentException("The corpus is empty: no token to build a vocabulary from (minCount="
          + minCount + ")");
    }
    List<Map.Entry<String, Long>> kept = new ArrayList<>();
    long maxCount = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      long c = e.getValue();
      if (c < 0) {
        throw new IllegalArgumentException("Token '" + e.getKey() + "' has a negative count " + c);
      }
      maxCount = Math.max(maxCount, c);
      if (c >= minCount) {
        kept.add(e);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("No word reaches minCount=" + minCount + " (the most frequent of the "
          + counts.size() + " distinct tokens occurs " + maxCount + " times): lower minCount");
    }
    kept.sort((a, b) -> {
      int byCount = Long.compare(b.getValue(), a.getValue());
      return byCount != 0 ? byCount : a.getKey().compareTo(b.getKey());
    });
    String[] w = new String[kept.size()];
    long[] c = new long[kept.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = kept.get(i).getKey();
      c[i] = kept.get(i).getValue();
    }
    return new Vocabulary(w, c);
  }

  /** Counts the tokens of {@code sentences} and keeps those with count {@code >= minCount}. */
  public static Vocabulary fromSentences(Iterator<String[]> sentences, int minCount) {
    return fromCounts(countTokens(sentences), minCount);
  }

  /** The count of each distinct token of {@code sentences}. */
  public static Map<String, Long> countTokens(Iterator<String[]> sentences) {
    Map<String, Long> counts = new HashMap<>();
    while (sentences.hasNext()) {
      for (String token : sentences.next()) {
        counts.merge(token, 1L, Long::sum);
      }
    }
    return counts;
  }

  /** The number of words V. */
  public int size() {
    return words.length;
  }

  /** The word at {@code index}. */
  public String word(int index) {
    return words[index];
  }

  /** The corpus count of the word at {@code index}. */
  public long count(int index) {
    return counts[index];
  }

  /** The index of {@code word}, or -1 when it is not in the vocabulary. */
  public int indexOf(String word) {
    Integer i = index.get(word);
    return i == null ? -1 : i;
  }

  /** T, the sum of the counts of the kept words (the words a pass over the corpus trains on). */
  public long totalCount() {
    return totalCount;
  }

  /** A copy of the words, by index. */
  public String[] words() {
    return words.clone();
  }

  /** A copy of the counts, by index. */
  public long[] counts() {
    return counts.clone();
  }

  /** The indices of the tokens that are in the vocabulary, in order (unknown tokens are dropped). */
  public int[] encode(String[] tokens) {
    int[] out = new int[tokens.length];
    int n = 0;
    for (String t : tokens) {
      int i = indexOf(t);
      if (i >= 0) {
        out[n++] = i;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  @Override
  public String toString() {
    return "Vocabulary(size=" + words.length + ", totalCount=" + totalCount + ")";
  }
}
