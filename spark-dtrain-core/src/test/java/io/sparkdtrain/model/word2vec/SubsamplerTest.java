package io.sparkdtrain.model.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubsamplerTest {
  // c:5 a:3 b:3 e:2, T = 13
  private static final Vocabulary VOCAB = Vocabulary.fromCounts(Map.of("c", 5L, "a", 3L, "b", 3L, "e", 2L), 1);

  @Test
  void keepProbabilityIsWord2vecFormula() {
    // s = 0.1: sT = 1.3.
    // c (f=5): (sqrt(5 / 1.3) + 1) * 1.3 / 5 = (1.9611614 + 1) * 0.26 = 0.7699020
    // a (f=3): (sqrt(3 / 1.3) + 1) * 1.3 / 3 = (1.5191091 + 1) * 0.4333333 = 1.0916139 -> kept always
    // e (f=2): (sqrt(2 / 1.3) + 1) * 0.65 = (1.2403473 + 1) * 0.65 = 1.4562257 -> kept always
    Subsampler s = new Subsampler(VOCAB, 0.1);
    assertEquals(0.7699020, s.keepProbability(VOCAB.indexOf("c")), 1e-7);
    assertEquals(1.0, s.keepProbability(VOCAB.indexOf("a")));
    assertEquals(1.0, s.keepProbability(VOCAB.indexOf("e")));
    // s = 0.01: sT = 0.13, a (f=3): (sqrt(3 / 0.13) + 1) * 0.13 / 3 = (4.8038446 + 1) * 0.0433333 = 0.2514999
    assertEquals(0.2514999, new Subsampler(VOCAB, 0.01).keepProbability(VOCAB.indexOf("a")), 1e-7);
  }

  @Test
  void nonPositiveSampleKeepsEveryWord() {
    int[] sentence = {0, 0, 0, 1, 2, 0, 3, 0};
    int[] out = new int[sentence.length];
    for (double sample : new double[] {0, -1}) {
      int n = new Subsampler(VOCAB, sample).subsample(sentence, 0, sentence.length, new StepRandom(3), out);
      assertEquals(sentence.length, n);
      assertArrayEquals(sentence, out);
    }
  }

  @Test
  void keptShareMatchesTheProbabilityAndIsSeeded() {
    Subsampler s = new Subsampler(VOCAB, 0.01);
    int n = 200_000;
    int[] sentence = new int[n];
    Arrays.fill(sentence, VOCAB.indexOf("a"));
    int[] out = new int[n];
    int kept = s.subsample(sentence, 0, n, new StepRandom(42), out);
    double p = 0.2514999;
    double sigma = Math.sqrt(n * p * (1 - p));
    assertTrue(Math.abs(kept - n * p) < 5 * sigma, "kept " + kept + " of " + n + ", expected " + n * p);
    int[] again = new int[n];
    assertEquals(kept, s.subsample(sentence, 0, n, new StepRandom(42), again));
    assertArrayEquals(out, again);
  }

  @Test
  void rejectsNonFiniteSample() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Subsampler(VOCAB, Double.NaN));
    assertEquals("Cannot set sample to NaN, the value must be finite", e.getMessage());
  }
}
