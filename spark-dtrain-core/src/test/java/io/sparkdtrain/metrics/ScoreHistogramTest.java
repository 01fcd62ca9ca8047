package io.sparkdtrain.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The binned AUC against the exact one ({@link Auc#of}, itself checked against the O(n^2) pair
 * count in {@link MetricsTest}): within the bound each histogram states, the bound shrinking with
 * the bin count; merging equals adding; and the accumulator's memory does not grow with the rows.
 */
class ScoreHistogramTest {

  @Test
  void binnedAucIsWithinItsBoundOfTheExactAuc() {
    Random r = new Random(11);
    int n = 20_000;
    double[] s = new double[n];
    boolean[] pos = new boolean[n];
    for (int i = 0; i < n; i++) {
      s[i] = r.nextGaussian() * 3;
      pos[i] = r.nextDouble() < 1 / (1 + Math.exp(-s[i]));
    }
    double exact = Auc.of(s, pos);
    double previousBound = Double.POSITIVE_INFINITY;
    for (int bins : new int[] {16, 256, ScoreHistogram.DEFAULT_BINS}) {
      ScoreHistogram h = new ScoreHistogram(bins);
      for (int i = 0; i < n; i++) {
        h.add(s[i], pos[i], 1.0);
      }
      assertTrue(Math.abs(h.auc() - exact) <= h.aucErrorBound(),
          bins + " bins: binned " + h.auc() + " exact " + exact + " bound " + h.aucErrorBound());
      assertTrue(h.aucErrorBound() < previousBound, "more bins, smaller bound");
      previousBound = h.aucErrorBound();
    }
    assertTrue(previousBound < 1e-3, "default bins bound " + previousBound);
  }

  @Test
  void mergeEqualsAddingEveryRowToOneHistogram() {
    Random r = new Random(3);
    ScoreHistogram all = new ScoreHistogram(64);
    ScoreHistogram a = new ScoreHistogram(64);
    ScoreHistogram b = new ScoreHistogram(64);
    for (int i = 0; i < 500; i++) {
      double z = r.nextGaussian();
      boolean p = r.nextBoolean();
      double w = 0.5 + r.nextDouble();
      all.add(z, p, w);
      (i % 3 == 0 ? a : b).add(z, p, w);
    }
    assertEquals(all.auc(), a.merge(b).auc(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> a.merge(new ScoreHistogram(32)));
  }

  @Test
  void binsAreMonotoneOverEveryMarginScale() {
    ScoreHistogram h = new ScoreHistogram(1024);
    int previous = -1;
    double[] margins = {Double.NEGATIVE_INFINITY, -1e6, -100, -3, -0.01, 0, 0.01, 3, 100, 1e6,
        Double.POSITIVE_INFINITY};
    for (double z : margins) {
      int bin = h.bin(z);
      assertTrue(bin >= previous && bin >= 0 && bin < 1024, "bin of " + z + " is " + bin);
      previous = bin;
    }
    assertThrows(IllegalArgumentException.class, () -> h.add(Double.NaN, true, 1));
  }

  @Test
  void accumulatorMemoryIsIndependentOfTheRowCount() throws IOException {
    Objective obj = new Objective(new LogisticLoss(), Regularization.none(), new ModelShape(2, 1, true));
    double[] w = {0.7, -0.4, 0.1};
    assertEquals(serializedSize(accumulatorOver(1_000, obj, w)), serializedSize(accumulatorOver(100_000, obj, w)),
        "an accumulator over 100x the rows must not be larger");
  }

  private static MetricsAccumulator accumulatorOver(int rows, Objective obj, double[] w) {
    Random r = new Random(rows);
    CsrBlockBuilder b = new CsrBlockBuilder(2, false);
    for (int i = 0; i < rows; i++) {
      b.addDenseRow(r.nextBoolean() ? 1 : -1, 1, new double[] {r.nextGaussian(), r.nextGaussian()});
    }
    return new MetricsAccumulator().addAll(obj, b.build(), w);
  }

  private static int serializedSize(Object o) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.size();
  }
}
