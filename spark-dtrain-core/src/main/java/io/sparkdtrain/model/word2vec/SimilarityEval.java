package io.sparkdtrain.model.word2vec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Word-similarity evaluation: the Spearman rank correlation between human similarity scores and
 * the cosine of the word vectors, over the pairs whose two words are in the vocabulary (the protocol
 * of WordSim353, Finkelstein et al. 2002, and SimLex-999, Hill, Reichart and Korhonen 2015).
 *
 * <p>File format (both sets in {@code word-eval/}): one pair per line, {@code word1 word2 score}
 * separated by tabs or spaces; lines starting with {@code #} and blank lines are skipped. Words are
 * lower-cased (the Brown corpus is).
 */
public final class SimilarityEval {
  /**
   * @param spearman the rank correlation over the pairs used ({@code NaN} when fewer than 2)
   * @param pairsUsed pairs whose two words are in the vocabulary
   * @param pairsTotal pairs in the file
   */
  public record Result(double spearman, int pairsUsed, int pairsTotal) { }

  private SimilarityEval() { }

  /**
   * @throws IllegalArgumentException naming the file and the line of a malformed line
   * @throws IOException when the file cannot be read
   */
  public static Result evaluate(WordVectors vectors, Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Double> human = new ArrayList<>();
    List<Double> model = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length != 3) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'word1 word2 score', got '" + line + "'");
      }
      double score;
      try {
        score = Double.parseDouble(f[2]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": score '" + f[2] + "' is not a number");
      }
      total++;
      String a = f[0].toLowerCase(Locale.ROOT);
      String b = f[1].toLowerCase(Locale.ROOT);
      if (vectors.indexOf(a) >= 0 && vectors.indexOf(b) >= 0) {
        human.add(score);
        model.add(vectors.cosine(a, b));
      }
    }
    double[] h = human.stream().mapToDouble(Double::doubleValue).toArray();
    double[] m = model.stream().mapToDouble(Double::doubleValue).toArray();
    return new Result(h.length < 2 ? Double.NaN : spearman(h, m), h.length, total);
  }

  /**
   * Spearman's rho: Pearson's correlation of the ranks, tied values getting the mean of their ranks.
   * {@code NaN} when one side is constant.
   */
  public static double spearman(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("Spearman needs equal lengths, got " + x.length + " and " + y.length);
    }
    return pearson(ranks(x), ranks(y));
  }

  /** 1-based ranks, ties averaged. */
  static double[] ranks(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] r = new double[values.length];
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
        j++;
      }
      double mean = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[order[k]] = mean;
      }
      i = j + 1;
    }
    return r;
  }

  private static double pearson(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
