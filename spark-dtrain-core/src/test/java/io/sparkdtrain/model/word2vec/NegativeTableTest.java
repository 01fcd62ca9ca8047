package io.sparkdtrain.model.word2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NegativeTableTest {
  // counts 81, 16, 1: count^0.75 = 27, 8, 1, sum 36; probabilities 0.75, 0.2222, 0.0278.
  private static final Vocabulary VOCAB = Vocabulary.fromCounts(Map.of("x", 81L, "y", 16L, "z", 1L), 1);

  @Test
  void slotsFollowInitUnigramTable() {
    // word2vec.c fills slot a with word i, then moves to i + 1 once a / size > cumulative(i):
    // size 101 (no a / 101 equals a cumulative share): slots 0..76 -> x (a / 101 > 0.75 first at
    // a = 76), 77..99 -> y (a / 101 > 35/36 = 0.9722 first at a = 99), 100 -> z.
    NegativeTable t = new NegativeTable(VOCAB, 101);
    int[] slots = new int[3];
    for (int a = 0; a < t.size(); a++) {
      slots[t.slot(a)]++;
    }
    assertEquals(77, slots[0]);
    assertEquals(23, slots[1]);
    assertEquals(1, slots[2]);
    assertEquals(0, t.slot(76));
    assertEquals(1, t.slot(77));
    assertEquals(1, t.slot(99));
    assertEquals(2, t.slot(100));
  }

  @Test
  void drawsFollowTheUnigramPowerDistribution() {
    NegativeTable t = new NegativeTable(VOCAB, 1_000_000);
    StepRandom random = new StepRandom(7);
    int n = 360_000;
    int[] drawn = new int[3];
    for (int i = 0; i < n; i++) {
      drawn[t.draw(random)]++;
    }
    double[] p = {27 / 36.0, 8 / 36.0, 1 / 36.0};
    for (int w = 0; w < 3; w++) {
      double sigma = Math.sqrt(n * p[w] * (1 - p[w]));
      assertTrue(Math.abs(drawn[w] - n * p[w]) < 5 * sigma, "word " + w + ": " + drawn[w] + " vs " + n * p[w]);
    }
  }

  @Test
  void rejectsEmptyTable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NegativeTable(VOCAB, 0));
    assertEquals("Cannot set negativeTableSize to 0, the value must be >= 1", e.getMessage());
  }
}
