package io.sparkdtrain.model.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The SGNS step against finite differences of the SGNS loss written naively here:
 * {@code L = -log s(u.v_w) - sum_j log s(-u.v_nj)} with {@code u = input[context]},
 * {@code v_t = output[t]}.
 */
class SkipGramStepTest {
  private static final int V = 6;
  private static final int D = 4;

  private static Vocabulary vocab() {
    Map<String, Long> counts = new HashMap<>();
    for (int w = 0; w < V; w++) {
      counts.put("w" + w, 10L + w);
    }
    return Vocabulary.fromCounts(counts, 1);
  }

  private static EmbeddingTables randomTables(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] in = new float[V * D];
    float[] out = new float[V * D];
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) (r.nextDouble() - 0.5);
      out[i] = (float) (r.nextDouble() - 0.5);
    }
    return new EmbeddingTables(V, D, in, out);
  }

  private static SkipGramStep step(EmbeddingTables t, boolean exact, int window) {
    SkipGramConfig c = SkipGramConfig.builder().vectorSize(D).window(window).negative(3).exactSigmoid(exact).build();
    return new SkipGramStep(c, t, new NegativeTable(vocab(), 1000), new StepRandom(1), true);
  }

  /** The naive loss, in double. */
  private static double loss(double[] in, double[] out, int context, int centre, int[] negs) {
    double l = -Math.log(sigmoid(dot(in, out, context, centre)));
    for (int n : negs) {
      l -= Math.log(sigmoid(-dot(in, out, context, n)));
    }
    return l;
  }

  private static double dot(double[] in, double[] out, int a, int b) {
    double s = 0;
    for (int k = 0; k < D; k++) {
      s += in[a * D + k] * out[b * D + k];
    }
    return s;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  @Test
  void stepIsMinusAlphaTimesTheFiniteDifferenceGradient() {
    EmbeddingTables t = randomTables(11);
    double[] in0 = toDouble(t.input());
    double[] out0 = toDouble(t.output());
    int context = 4;
    int centre = 2;
    int[] negs = {0, 5, 1};
    float alpha = 0.1f;
    SkipGramStep step = step(t, true, 5);
    double reported = step.trainPair(context, centre, negs, negs.length, alpha);
    assertEquals(loss(in0, out0, context, centre, negs), reported, 1e-5, "loss before the step");

    double h = 1e-5;
    for (int table = 0; table < 2; table++) {
      double[] p = table == 0 ? in0 : out0;
      float[] after = table == 0 ? t.input() : t.output();
      for (int i = 0; i < p.length; i++) {
        double saved = p[i];
        p[i] = saved + h;
        double up = loss(in0, out0, context, centre, negs);
        p[i] = saved - h;
        double down = loss(in0, out0, context, centre, negs);
        p[i] = saved;
        double expected = saved - alpha * (up - down) / (2 * h);
        assertEquals(expected, after[i], 2e-6, (table == 0 ? "input" : "output") + "[" + i + "]");
      }
    }
    int[] inUpdates = new int[V];
    inUpdates[context] = 1;
    assertArrayEquals(inUpdates, step.inputUpdates());
    assertArrayEquals(new int[] {1, 1, 1, 0, 0, 1}, step.outputUpdates());
    assertEquals(1, step.pairs());
  }

  @Test
  void negativeEqualToTheCentreIsSkipped() {
    EmbeddingTables a = randomTables(5);
    EmbeddingTables b = a.copy();
    step(a, true, 5).trainPair(3, 1, new int[] {0, 1, 4}, 3, 0.05f);
    step(b, true, 5).trainPair(3, 1, new int[] {0, 4}, 2, 0.05f);
    assertArrayEquals(b.input(), a.input());
    assertArrayEquals(b.output(), a.output());
  }

  @Test
  void sigmoidTableStaysCloseToExact() {
    EmbeddingTables exact = randomTables(9);
    EmbeddingTables table = exact.copy();
    float[] start = exact.input().clone();
    float alpha = 0.1f;
    step(exact, true, 5).trainPair(1, 3, new int[] {0, 2, 5}, 3, alpha);
    step(table, false, 5).trainPair(1, 3, new int[] {0, 2, 5}, 3, alpha);
    // The table's resolution is 12 / 1000 in x, so s is off by at most 0.25 x 0.012 = 0.003 per
    // target; each coordinate moves by alpha x that error x |v| (< 0.5) per target, 4 targets.
    for (int i = 0; i < start.length; i++) {
      assertEquals(exact.input()[i], table.input()[i], 4 * alpha * 0.003 * 0.5 + 1e-6, "input[" + i + "]");
    }
  }

  @Test
  void dynamicWindowDrawsReducedWindowsUniformly() {
    int n = 20_000;
    int window = 3;
    int[] sentence = new int[n];
    for (int i = 0; i < n; i++) {
      sentence[i] = i % V;
    }
    SkipGramStep step = step(randomTables(2), true, window);
    step.trainSentence(sentence, n, 0.0f);
    // Reference: each centre's window w is uniform in {1, .., window}; it pairs with
    // min(i, w) + min(n - 1 - i, w) words.
    double expected = 0;
    double variance = 0;
    for (int i = 0; i < n; i++) {
      double mean = 0;
      double square = 0;
      for (int w = 1; w <= window; w++) {
        int pairs = Math.min(i, w) + Math.min(n - 1 - i, w);
        mean += pairs / (double) window;
        square += pairs * (double) pairs / window;
      }
      expected += mean;
      variance += square - mean * mean;
    }
    double sigma = Math.sqrt(variance);
    assertTrue(Math.abs(step.pairs() - expected) < 5 * sigma, step.pairs() + " pairs, expected " + expected
        + " +- " + 5 * sigma);
  }
}
