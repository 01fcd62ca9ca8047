package io.sparkdtrain.model.word2vec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A seeded generator of sentences whose word frequencies follow Zipf's law and whose vocabulary
 * holds planted synonym groups, for tests and throughput benchmarks of word embeddings.
 *
 * <p>The model: {@code concepts} concepts with Zipf weights {@code 1 / (rank + 1)^exponent}; each
 * concept has {@link #SUCCESSORS} fixed successor concepts drawn uniformly. A sentence of 5 to 20
 * words starts with a Zipf draw; each next concept is, with probability 1/2, one of the current
 * concept's successors and otherwise a fresh Zipf draw. A concept is written as one word, except
 * the planted synonym groups: {@code groups} concepts (every {@code concepts / groups}-th from rank 3
 * on, so frequent, mid and rare concepts all get one) are written as one of 2 to 4 words drawn
 * uniformly at each occurrence. The words of a group therefore have the same distribution of
 * contexts and differ from every other word's: a good embedding puts them nearest to each other.
 *
 * <p>Words are named {@code w<concept>} and, for groups, {@code w<concept>_<member>}.
 */
public final class ZipfSentences {
  /** Fixed successors per concept. */
  public static final int SUCCESSORS = 4;

  private final String[][] spellings;
  private final int[][] successors;
  private final double[] cumulative;
  private final List<List<String>> groups;
  private final long seed;

  /**
   * @param concepts the number of concepts, {@code >= 2}
   * @param groups the number of synonym groups, {@code 0 <= groups <= (concepts - 3) / 2}
   * @param exponent Zipf's exponent, {@code > 0} (1 for natural language)
   * @param seed the seed of the structure and of the sentences
   */
  public ZipfSentences(int concepts, int groups, double exponent, long seed) {
    if (concepts < 2) {
      throw new IllegalArgumentException("Cannot set concepts to " + concepts + ", the value must be >= 2");
    }
    if (groups < 0 || groups > (concepts - 3) / 2) {
      throw new IllegalArgumentException("Cannot set groups to " + groups + ", the value must be in [0, "
          + (concepts - 3) / 2 + "] for " + concepts + " concepts");
    }
    if (!(exponent > 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("Cannot set exponent to " + exponent + ", the value must be finite and > 0");
    }
    this.seed = seed;
    SplittableRandom random = new SplittableRandom(seed);
    spellings = new String[concepts][];
    List<List<String>> planted = new ArrayList<>();
    int stride = groups == 0 ? Integer.MAX_VALUE : (concepts - 3) / groups;
    for (int c = 0; c < concepts; c++) {
      boolean grouped = groups > 0 && c >= 3 && (c - 3) % stride == 0 && planted.size() < groups;
      if (grouped) {
        int size = 2 + random.nextInt(3);
        String[] members = new String[size];
        for (int m = 0; m < size; m++) {
          members[m] = "w" + c + "_" + m;
        }
        spellings[c] = members;
        planted.add(List.of(members));
      } else {
        spellings[c] = new String[] {"w" + c};
      }
    }
    this.groups = Collections.unmodifiableList(planted);
    successors = new int[concepts][SUCCESSORS];
    for (int[] s : successors) {
      for (int j = 0; j < SUCCESSORS; j++) {
        s[j] = random.nextInt(concepts);
      }
    }
    cumulative = new double[concepts];
    double sum = 0;
    for (int c = 0; c < concepts; c++) {
      sum += Math.pow(c + 1, -exponent);
      cumulative[c] = sum;
    }
    for (int c = 0; c < concepts; c++) {
      cumulative[c] /= sum;
    }
  }

  /** The planted synonym groups, each a list of 2 to 4 interchangeable words. */
  public List<List<String>> synonymGroups() {
    return groups;
  }

  /**
   * Sentences of about {@code tokens} words in all (the last sentence is cut at exactly
   * {@code tokens}); the same seed gives the same sentences.
   */
  public Iterator<String[]> sentences(long tokens) {
    return sentences(tokens, 0);
  }

  /**
   * Like {@link #sentences(long)} but from an independent stream {@code stream} (for example one per
   * Spark partition), so that several generators together produce different sentences.
   */
  public Iterator<String[]> sentences(long tokens, int stream) {
    if (tokens < 0) {
      throw new IllegalArgumentException("Cannot generate " + tokens + " tokens, the value must be >= 0");
    }
    SplittableRandom random = new SplittableRandom(seed * 0x9e3779b97f4a7c15L + 31L * stream + 1);
    return new Iterator<>() {
      private long left = tokens;

      @Override
      public boolean hasNext() {
        return left > 0;
      }

      @Override
      public String[] next() {
        if (left <= 0) {
          throw new NoSuchElementException();
        }
        int length = (int) Math.min(left, 5 + random.nextInt(16));
        String[] sentence = new String[length];
        int concept = zipf(random);
        for (int i = 0; i < length; i++) {
          String[] spelled = spellings[concept];
          sentence[i] = spelled.length == 1 ? spelled[0] : spelled[random.nextInt(spelled.length)];
          concept = random.nextBoolean() ? successors[concept][random.nextInt(SUCCESSORS)] : zipf(random);
        }
        left -= length;
        return sentence;
      }
    };
  }

  private int zipf(SplittableRandom random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** All sentences of {@code tokens} words as a list. */
  public List<String[]> sentenceList(long tokens) {
    List<String[]> list = new ArrayList<>();
    sentences(tokens).forEachRemaining(list::add);
    return list;
  }
}
