package io.sparkdtrain.model.word2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalogyEvalTest {
  @TempDir
  Path dir;

  // unit(woman) - unit(man) + unit(king) = (-1 + 0.995, 1 + 0.0995, 0) ~ (0, 1.1, 0): its nearest
  // word is woman itself (cos 1.0), excluded as a question word; next is queen (0.1, 1, 0.2), cos 0.976.
  private static final WordVectors V = new WordVectors(
      new String[] {"man", "woman", "king", "queen", "apple"}, 3,
      new float[] {1, 0, 0, 0, 1, 0, 1, 0.1f, 0, 0.1f, 1, 0.2f, 0, 0, -1});

  @Test
  void threeCosAddExcludesTheQuestionWords() throws IOException {
    Path file = dir.resolve("q.txt");
    Files.writeString(file, ": section\nman woman king queen\nMan Woman King apple\nman woman king prince\n");
    AnalogyEval.Result r = AnalogyEval.evaluate(V, file);
    assertEquals(3, r.questionsTotal());
    assertEquals(2, r.questionsUsed());
    assertEquals(0.5, r.accuracy(), 1e-12);
  }

  @Test
  void nearestNeighboursAreSortedAndExcludeTheWord() {
    List<WordVectors.Neighbour> n = V.nearest("woman", 2);
    assertEquals("queen", n.get(0).word());
    assertEquals("king", n.get(1).word());
    assertEquals(V.cosine("woman", "queen"), n.get(0).cosine(), 1e-6);
    assertEquals(1 / Math.sqrt(1.05), V.cosine("woman", "queen"), 1e-6);
  }

  @Test
  void lineWithoutFourWordsNamesFileAndLine() throws IOException {
    Path file = dir.resolve("q.txt");
    Files.writeString(file, ": s\nman woman king\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AnalogyEval.evaluate(V, file));
    assertEquals(file + ":2: expected four words, got 'man woman king'", e.getMessage());
  }
}
