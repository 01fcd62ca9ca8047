package io.sparkdtrain.model.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Word2VecTextFormatTest {
  @TempDir
  Path dir;

  @Test
  void writesHeaderAndOneLinePerWordAndReadsItBack() throws IOException {
    float[] values = {0.1f, -2.5f, 1e-7f, 3f, 0f, -0.33333334f};
    WordVectors v = new WordVectors(new String[] {"the", "cat", "sat"}, 2, values);
    Path file = dir.resolve("vectors.txt");
    Word2VecTextFormat.write(v, file);
    List<String> lines = Files.readAllLines(file);
    assertEquals(List.of("3 2", "the 0.1 -2.5", "cat 1.0E-7 3.0", "sat 0.0 -0.33333334"), lines);
    WordVectors back = Word2VecTextFormat.read(file);
    assertEquals(3, back.size());
    for (int w = 0; w < 3; w++) {
      assertEquals(v.word(w), back.word(w));
      assertArrayEquals(v.vector(w), back.vector(w));
    }
  }

  @Test
  void shortLineNamesFileAndLine() throws IOException {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "2 3\na 1 2 3\nb 1 2\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Word2VecTextFormat.read(file));
    assertEquals(file + ":3: expected a word and 3 values, got 2 values", e.getMessage());
  }
}
