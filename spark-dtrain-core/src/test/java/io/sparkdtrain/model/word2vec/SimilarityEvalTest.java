package io.sparkdtrain.model.word2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimilarityEvalTest {
  @TempDir
  Path dir;

  @Test
  void spearmanOfAHandComputedCaseWithTies() {
    // y's ranks: 5 -> 1, 6 -> 2, 7 and 7 -> 3.5, 8 -> 5. x's ranks 1..5.
    // dx = (-2, -1, 0, 1, 2), dy = (-2, -1, 0.5, 2, 0.5): sxy = 8, sxx = 10, syy = 9.5,
    // rho = 8 / sqrt(95) = 0.8207827.
    double rho = SimilarityEval.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7});
    assertEquals(0.8207827, rho, 1e-7);
    assertEquals(-1.0, SimilarityEval.spearman(new double[] {1, 2, 3}, new double[] {30, 20, 10}), 1e-12);
  }

  @Test
  void evaluatesAFileSkippingCommentsAndUnknownWords() throws IOException {
    // 2-d vectors at angles 0, 30, 60 and 90 degrees: cos(a, b) = 0.866, cos(a, c) = 0.5,
    // cos(a, d) = 0, cos(b, c) = 0.866.
    WordVectors v = new WordVectors(new String[] {"a", "b", "c", "d"}, 2,
        new float[] {1, 0, 0.8660254f, 0.5f, 0.5f, 0.8660254f, 0, 2});
    Path file = dir.resolve("sim.tsv");
    Files.writeString(file, "# header\n# Word 1\tWord 2\tHuman\nA\tb\t9.0\na\tc\t5.5\n\na\td\t1.0\n"
        + "b\tzz\t3.0\nb c 2.0\n");
    SimilarityEval.Result r = SimilarityEval.evaluate(v, file);
    assertEquals(5, r.pairsTotal());
    assertEquals(4, r.pairsUsed());
    // human (9, 5.5, 1, 2) ranks (4, 3, 1, 2); model (0.866, 0.5, 0, 0.866) ranks (3.5, 2, 1, 3.5):
    // dx = (1.5, 0.5, -1.5, -0.5), dy = (1, -0.5, -1.5, 1): sxy = 1.5 - 0.25 + 2.25 - 0.5 = 3,
    // sxx = 5, syy = 4.5, rho = 3 / sqrt(22.5) = 0.6324555.
    assertEquals(0.6324555, r.spearman(), 1e-6);
  }

  @Test
  void malformedLineNamesFileAndLine() throws IOException {
    WordVectors v = new WordVectors(new String[] {"a"}, 1, new float[] {1});
    Path file = dir.resolve("bad.tsv");
    Files.writeString(file, "# c\na\ta\t1\na\ta\tmany\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimilarityEval.evaluate(v, file));
    assertEquals(file + ":3: score 'many' is not a number", e.getMessage());
  }

  @Test
  void readsTheSharedEvaluationSets() throws IOException {
    Path data = Path.of(SharedSpark.data("word-eval"));
    WordVectors v = new WordVectors(new String[] {"tiger", "cat", "old", "new"}, 2, new float[] {1, 0, 1, 1, 0, 1, 1, 0.1f});
    SimilarityEval.Result ws = SimilarityEval.evaluate(v, data.resolve("wordsim353.tsv"));
    assertEquals(353, ws.pairsTotal());
    assertTrue(ws.pairsUsed() >= 2, "tiger-cat and tiger-tiger are in WordSim353");
    SimilarityEval.Result sl = SimilarityEval.evaluate(v, data.resolve("simlex999.txt"));
    assertEquals(999, sl.pairsTotal());
    assertEquals(19544, AnalogyEval.evaluate(v, data.resolve("questions-words.txt")).questionsTotal());
  }
}
