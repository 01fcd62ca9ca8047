package io.sparkdtrain.model.word2vec;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code word2vec.c}'s text output ({@code -binary 0}): a first line {@code V d}, then one line per
 * word, {@code word v1 v2 ... vd}, values separated by single spaces. gensim's
 * {@code KeyedVectors.load_word2vec_format(path, binary=False)} reads it.
 */
public final class Word2VecTextFormat {
  private Word2VecTextFormat() { }

  /** Writes {@code vectors} to {@code file} (replaced if it exists). */
  public static void write(WordVectors vectors, Path file) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(vectors.size() + " " + vectors.vectorSize());
      out.write('\n');
      StringBuilder line = new StringBuilder();
      for (int w = 0; w < vectors.size(); w++) {
        line.setLength(0);
        line.append(vectors.word(w));
        for (float x : vectors.vector(w)) {
          line.append(' ').append(x);
        }
        line.append('\n');
        out.write(line.toString());
      }
    }
  }

  /**
   * Reads a file written by {@link #write} (or word2vec.c's text format).
   *
   * @throws IllegalArgumentException naming the file and line of a malformed line
   */
  public static WordVectors read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      String[] h = header == null ? new String[0] : header.trim().split(" ");
      int v;
      int d;
      try {
        v = Integer.parseInt(h[0]);
        d = Integer.parseInt(h[1]);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + ":1: expected 'V d', got '" + header + "'");
      }
      String[] words = new String[v];
      float[] values = new float[Math.multiplyExact(v, d)];
      for (int w = 0; w < v; w++) {
        String line = in.readLine();
        String[] f = line == null ? new String[0] : line.trim().split(" ");
        if (f.length != d + 1) {
          throw new IllegalArgumentException(file + ":" + (w + 2) + ": expected a word and " + d + " values, got "
              + (line == null ? "the end of the file" : (f.length - 1) + " values"));
        }
        words[w] = f[0];
        for (int k = 0; k < d; k++) {
          try {
            values[w * d + k] = Float.parseFloat(f[k + 1]);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ":" + (w + 2) + ": '" + f[k + 1] + "' is not a number");
          }
        }
      }
      return new WordVectors(words, d, values);
    }
  }
}
