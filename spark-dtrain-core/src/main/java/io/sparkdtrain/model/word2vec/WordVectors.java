package io.sparkdtrain.model.word2vec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trained word vectors for evaluation: cosine similarity, nearest neighbours and the 3CosAdd
 * analogy of Mikolov, Yih and Zweig, "Linguistic Regularities in Continuous Space Word
 * Representations", NAACL 2013. Holds a copy of the vectors (row-major {@code V x d}) and their
 * unit-length versions. Immutable.
 */
public final class WordVectors {
  /** A word and its cosine similarity to a query. */
  public record Neighbour(String word, double cosine) { }

  private final String[] words;
  private final int d;
  private final float[] vectors;
  private final float[] unit;
  private final Map<String, Integer> index;

  /**
   * @param words the words, by row
   * @param vectorSize d
   * @param vectors {@code words.length x d} values, copied
   */
  public WordVectors(String[] words, int vectorSize, float[] vectors) {
    if (vectorSize < 1) {
      throw new IllegalArgumentException("Cannot set vectorSize to " + vectorSize + ", the value must be >= 1");
    }
    if (vectors.length != (long) words.length * vectorSize) {
      throw new IllegalArgumentException(words.length + " words of vectorSize " + vectorSize + " need "
          + (long) words.length * vectorSize + " values, got " + vectors.length);
    }
    this.words = words.clone();
    this.d = vectorSize;
    this.vectors = vectors.clone();
    this.unit = vectors.clone();
    this.index = new HashMap<>(words.length * 2);
    for (int w = 0; w < words.length; w++) {
      if (index.put(words[w], w) != null) {
        throw new IllegalArgumentException("Word '" + words[w] + "' appears twice");
      }
      double norm = 0;
      for (int k = 0; k < d; k++) {
        norm += (double) unit[w * d + k] * unit[w * d + k];
      }
      float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
      for (int k = 0; k < d; k++) {
        unit[w * d + k] *= scale;
      }
    }
  }

  /** The input table of trained tables, with the vocabulary's words. */
  public static WordVectors of(Vocabulary vocabulary, EmbeddingTables tables) {
    return new WordVectors(vocabulary.words(), tables.vectorSize(), tables.input());
  }

  public int size() { return words.length; }

  public int vectorSize() { return d; }

  public String word(int row) { return words[row]; }

  /** The row of {@code word}, or -1. */
  public int indexOf(String word) {
    Integer i = index.get(word);
    return i == null ? -1 : i;
  }

  /** A copy of the vector of {@code word}. */
  public float[] vector(String word) {
    int w = require(word);
    return Arrays.copyOfRange(vectors, w * d, (w + 1) * d);
  }

  /** A copy of the raw vector at {@code row}. */
  public float[] vector(int row) {
    return Arrays.copyOfRange(vectors, row * d, (row + 1) * d);
  }

  /** The cosine of the vectors of two words (0 when one of them is zero). */
  public double cosine(String a, String b) {
    int i = require(a);
    int j = require(b);
    double dot = 0;
    for (int k = 0; k < d; k++) {
      dot += (double) unit[i * d + k] * unit[j * d + k];
    }
    return dot;
  }

  /** The n words nearest to {@code word} by cosine, the word itself excluded, nearest first. */
  public List<Neighbour> nearest(String word, int n) {
    int w = require(word);
    return nearest(Arrays.copyOfRange(unit, w * d, (w + 1) * d), n, w, -1, -1);
  }

  /**
   * The n rows nearest to {@code query} by cosine, nearest first, rows {@code excludeA..C}
   * (pass -1 for none) excluded.
   */
  public List<Neighbour> nearest(float[] query, int n, int excludeA, int excludeB, int excludeC) {
    if (query.length != d) {
      throw new IllegalArgumentException("The query has " + query.length + " values, vectorSize is " + d);
    }
    if (n < 0) {
      throw new IllegalArgumentException("Cannot ask for " + n + " neighbours, the value must be >= 0");
    }
    double qn = 0;
    for (float q : query) {
      qn += (double) q * q;
    }
    double qs = qn > 0 ? 1 / Math.sqrt(qn) : 0;
    int[] best = new int[n];
    double[] bestCos = new double[n];
    int found = 0;
    for (int w = 0; w < words.length; w++) {
      if (w == excludeA || w == excludeB || w == excludeC) {
        continue;
      }
      double dot = 0;
      int off = w * d;
      for (int k = 0; k < d; k++) {
        dot += unit[off + k] * query[k];
      }
      double cos = dot * qs;
      if (found < n || cos > bestCos[found - 1]) {
        int pos = found < n ? found++ : n - 1;
        while (pos > 0 && bestCos[pos - 1] < cos) {
          best[pos] = best[pos - 1];
          bestCos[pos] = bestCos[pos - 1];
          pos--;
        }
        best[pos] = w;
        bestCos[pos] = cos;
      }
    }
    List<Neighbour> out = new ArrayList<>(found);
    for (int i = 0; i < found; i++) {
      out.add(new Neighbour(words[best[i]], bestCos[i]));
    }
    return out;
  }

  /** The unit-length vector at {@code row}, added {@code scale} times into {@code acc}. */
  void addUnit(int row, float scale, float[] acc) {
    for (int k = 0; k < d; k++) {
      acc[k] += scale * unit[row * d + k];
    }
  }

  private int require(String word) {
    int w = indexOf(word);
    if (w < 0) {
      throw new IllegalArgumentException("Word '" + word + "' is not in the vocabulary");
    }
    return w;
  }
}
