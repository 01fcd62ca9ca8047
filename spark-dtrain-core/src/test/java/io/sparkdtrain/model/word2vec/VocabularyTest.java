package io.sparkdtrain.model.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocabularyTest {

  private static Map<String, Long> counts(Object... wordAndCount) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < wordAndCount.length; i += 2) {
      m.put((String) wordAndCount[i], ((Number) wordAndCount[i + 1]).longValue());
    }
    return m;
  }

  @Test
  void keepsWordsReachingMinCountSortedByCountThenWord() {
    Vocabulary v = Vocabulary.fromCounts(counts("b", 3, "a", 3, "c", 5, "d", 1, "e", 2), 2);
    assertArrayEquals(new String[] {"c", "a", "b", "e"}, v.words());
    assertArrayEquals(new long[] {5, 3, 3, 2}, v.counts());
    assertEquals(13, v.totalCount());
    assertEquals(1, v.indexOf("a"));
    assertEquals(-1, v.indexOf("d"));
    assertArrayEquals(new int[] {0, 3, 2}, v.encode(new String[] {"c", "d", "e", "zz", "b"}));
  }

  @Test
  void indicesDoNotDependOnReadingOrder() {
    Vocabulary one = Vocabulary.fromCounts(counts("x", 2, "y", 2, "z", 2, "w", 7), 1);
    Vocabulary two = Vocabulary.fromCounts(counts("z", 2, "w", 7, "y", 2, "x", 2), 1);
    assertArrayEquals(one.words(), two.words());
    assertArrayEquals(new String[] {"w", "x", "y", "z"}, one.words());
  }

  @Test
  void countsTokensOfSentences() {
    List<String[]> sentences = List.of(new String[] {"a", "b", "a"}, new String[] {"b", "a", "c"});
    Vocabulary v = Vocabulary.fromSentences(sentences.iterator(), 2);
    assertArrayEquals(new String[] {"a", "b"}, v.words());
    assertArrayEquals(new long[] {3, 2}, v.counts());
    assertEquals(5, v.totalCount());
  }

  @Test
  void badInputNamesTheOption() {
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.fromSentences(List.<String[]>of().iterator(), 5));
    assertTrue(empty.getMessage().contains("corpus is empty"), empty.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.fromCounts(counts("a", 3, "b", 4), 5));
    assertTrue(none.getMessage().startsWith("No word reaches minCount=5"), none.getMessage());
    assertTrue(none.getMessage().contains("occurs 4 times"), none.getMessage());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.fromCounts(counts("a", 3), 0));
    assertEquals("Cannot set minCount to 0, the value must be >= 1", zero.getMessage());
  }
}
