package io.sparkdtrain.model.word2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZipfSentencesTest {

  @Test
  void seededExactTokenCountAndZipfFrequencies() {
    ZipfSentences gen = new ZipfSentences(1000, 10, 1.0, 1);
    List<String[]> a = gen.sentenceList(100_000);
    List<String[]> b = new ZipfSentences(1000, 10, 1.0, 1).sentenceList(100_000);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
    }
    assertEquals(100_000, a.stream().mapToLong(s -> s.length).sum());
    Vocabulary v = Vocabulary.fromSentences(a.iterator(), 1);
    // Half the draws are Zipf(1) over 1000 concepts (w0 gets 1 / H_1000 = 13.4% of them), the other
    // half successors drawn uniformly (0.1% each): w0 is the most frequent word, near 6.7% + 0.05%.
    assertEquals("w0", v.word(0));
    double share = v.count(0) / (double) v.totalCount();
    assertTrue(share > 0.06 && share < 0.075, "share of w0: " + share);
    assertTrue(v.count(0) > 5 * v.count(v.indexOf("w20")), "Zipf: w0 far more frequent than w20");
  }

  @Test
  void plantsGroupsOfTwoToFourWordsAndStreamsDiffer() {
    ZipfSentences gen = new ZipfSentences(100, 8, 1.0, 2);
    assertEquals(8, gen.synonymGroups().size());
    for (List<String> g : gen.synonymGroups()) {
      assertTrue(g.size() >= 2 && g.size() <= 4, g.toString());
    }
    assertFalse(Arrays.equals(gen.sentences(50, 0).next(), gen.sentences(50, 1).next()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ZipfSentences(100, 60, 1, 1));
    assertEquals("Cannot set groups to 60, the value must be in [0, 48] for 100 concepts", e.getMessage());
  }

  private static void assertArrayEquals(String[] a, String[] b) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
  }
}
