package io.sparkdtrain.ml;

import io.sparkdtrain.model.word2vec.WordVectors;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

/**
 * The words of a {@link DtrainWord2VecModel} and their vectors ({@code float}, row-major
 * {@code V x d}, as trained), in the form the model broadcasts to the executors for
 * {@code transform} and writes row by row when saved. Immutable; the word index is built on first
 * use in each JVM (it is not shipped).
 */
final class WordVectorTable implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] words;
  private final int vectorSize;
  private final float[] vectors;
  private transient volatile Map<String, Integer> index;

  /**
   * @param words the words, by row, without duplicates
   * @param vectorSize d, {@code >= 1}
   * @param vectors {@code words.length x d} values (not copied: the caller hands them over)
   */
  WordVectorTable(String[] words, int vectorSize, float[] vectors) {
    if (vectorSize < 1) {
      throw new IllegalArgumentException("Cannot set vectorSize to " + vectorSize + ", the value must be >= 1");
    }
    if (vectors.length != (long) words.length * vectorSize) {
      throw new IllegalArgumentException(words.length + " words of vectorSize " + vectorSize + " need "
          + (long) words.length * vectorSize + " values, got " + vectors.length);
    }
    this.words = words;
    this.vectorSize = vectorSize;
    this.vectors = vectors;
    index();
  }

  int size() { return words.length; }

  int vectorSize() { return vectorSize; }

  String word(int row) { return words[row]; }

  /** The value {@code k} of the vector at {@code row}. */
  float value(int row, int k) { return vectors[row * vectorSize + k]; }

  /** The row of {@code word}, or -1. */
  int indexOf(String word) {
    Integer i = index().get(word);
    return i == null ? -1 : i;
  }

  /** The vector at {@code row} as doubles (an MLlib dense Vector). */
  Vector vector(int row) {
    double[] v = new double[vectorSize];
    for (int k = 0; k < vectorSize; k++) {
      v[k] = vectors[row * vectorSize + k];
    }
    return Vectors.dense(v);
  }

  /**
   * MLlib {@code Word2VecModel.transform}'s document vector: the sum of the vectors of the
   * document's words that are in the vocabulary divided by the number of tokens (unknown ones
   * included); an empty or null document gives the zero vector (sparse, as MLlib's).
   */
  Vector average(scala.collection.Seq<String> document) {
    int n = document == null ? 0 : document.length();
    if (n == 0) {
      return Vectors.sparse(vectorSize, new int[0], new double[0]);
    }
    double[] sum = new double[vectorSize];
    for (int i = 0; i < n; i++) {
      Integer row = document.apply(i) == null ? null : index().get(document.apply(i));
      if (row != null) {
        int offset = row * vectorSize;
        for (int k = 0; k < vectorSize; k++) {
          sum[k] += vectors[offset + k];
        }
      }
    }
    for (int k = 0; k < vectorSize; k++) {
      sum[k] /= n;
    }
    return Vectors.dense(sum);
  }

  /** The vectors for cosine queries (a copy with unit rows; built by the caller once). */
  WordVectors toWordVectors() {
    return new WordVectors(words, vectorSize, vectors);
  }

  private Map<String, Integer> index() {
    Map<String, Integer> map = index;
    if (map == null) {
      map = new HashMap<>(words.length * 2);
      for (int w = 0; w < words.length; w++) {
        if (map.put(words[w], w) != null) {
          throw new IllegalArgumentException("Word '" + words[w] + "' appears twice");
        }
      }
      index = map;
    }
    return map;
  }
}
