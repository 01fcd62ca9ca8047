package io.sparkdtrain.metrics;

import java.util.Arrays;

/**
 * Exact area under the ROC curve: the probability that a random positive scores above a random
 * negative, ties counting one half (the Mann-Whitney U statistic). O(n log n).
 */
public final class Auc {
  private Auc() {}

  /** AUC of {@code scores} against {@code positive}; NaN when one class is absent. */
  public static double of(double[] scores, boolean[] positive) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    long pos = 0;
    for (boolean p : positive) {
      if (p) {
        pos++;
      }
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    double rankSumPositives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1.0;
      for (int t = i; t <= j; t++) {
        if (positive[order[t]]) {
          rankSumPositives += midRank;
        }
      }
      i = j + 1;
    }
    return (rankSumPositives - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }
}
