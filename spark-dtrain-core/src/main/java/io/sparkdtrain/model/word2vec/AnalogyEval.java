package io.sparkdtrain.model.word2vec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Analogy accuracy on {@code questions-words.txt} (Mikolov, Chen, Corrado and Dean, "Efficient
 * Estimation of Word Representations in Vector Space", 2013): for a question {@code a b c d}
 * ("a is to b as c is to d"), the answer is the word whose unit vector has the largest cosine with
 * {@code unit(b) - unit(a) + unit(c)} (3CosAdd), the three question words excluded, as
 * word2vec.c's {@code compute-accuracy} does. A question is used when its four words are in the
 * vocabulary. Lines starting with {@code :} name sections and are skipped; words are lower-cased.
 */
public final class AnalogyEval {
  /**
   * @param accuracy the share of used questions answered exactly ({@code NaN} when none is used)
   * @param questionsUsed questions whose four words are in the vocabulary
   * @param questionsTotal questions in the file
   */
  public record Result(double accuracy, int questionsUsed, int questionsTotal) { }

  private AnalogyEval() { }

  /**
   * @throws IllegalArgumentException naming the file and the line of a line without four words
   * @throws IOException when the file cannot be read
   */
  public static Result evaluate(WordVectors vectors, Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    float[] query = new float[vectors.vectorSize()];
    int used = 0;
    int correct = 0;
    int total = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith(":")) {
        continue;
      }
      String[] f = line.toLowerCase(Locale.ROOT).split("\\s+");
      if (f.length != 4) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected four words, got '" + line + "'");
      }
      total++;
      int a = vectors.indexOf(f[0]);
      int b = vectors.indexOf(f[1]);
      int c = vectors.indexOf(f[2]);
      int d = vectors.indexOf(f[3]);
      if (a < 0 || b < 0 || c < 0 || d < 0) {
        continue;
      }
      used++;
      if (answer(vectors, a, b, c, query) == d) {
        correct++;
      }
    }
    return new Result(used == 0 ? Double.NaN : correct / (double) used, used, total);
  }

  /** The row answering "a is to b as c is to ?" by 3CosAdd, a, b and c excluded; -1 if none. */
  public static int answer(WordVectors vectors, int a, int b, int c, float[] scratch) {
    Arrays.fill(scratch, 0f);
    vectors.addUnit(b, 1f, scratch);
    vectors.addUnit(a, -1f, scratch);
    vectors.addUnit(c, 1f, scratch);
    List<WordVectors.Neighbour> best = vectors.nearest(scratch, 1, a, b, c);
    return best.isEmpty() ? -1 : vectors.indexOf(best.get(0).word());
  }
}
