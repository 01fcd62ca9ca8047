package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtrain word2vec} in-process on a real {@code local[2]} session: the report has the keys of
 * issue 19's contract, the evaluations count what they used, the vectors file is word2vec's text
 * format with one line per vocabulary word, and bad input exits 2 naming the option or the file.
 */
class Word2VecCommandTest {
  @TempDir
  Path dir;

  @AfterAll
  static void stopSpark() {
    CliRunner.stopSessions();
  }

  /** Runs {@code dtrain ARGS}; returns the exit code, stdout and stderr. */
  private static String[] run(String... args) {
    return CliRunner.run(args);
  }

  @Test
  void reportHasTheContractKeysAndVectorsAreWritten() throws Exception {
    Path similarity = Files.writeString(dir.resolve("sim.txt"),
        "# word1 word2 score\nw0 w1 5.0\nw1 w2 3.0\nw3_0 w3_1 9.0\nunknown words 1.0\n");
    Path analogies = Files.writeString(dir.resolve("analogies.txt"), ": section\nw0 w1 w2 w4\nfoo bar baz qux\n");
    Path json = dir.resolve("report.json");
    Path vectors = dir.resolve("vectors.txt");
    String[] r = run("word2vec", "--master", "local[2]", "--data", "gen:60000", "--partitions", "2", "--vector-size",
        "16", "--epochs", "2", "--min-count", "2", "--strategy", "local", "--eval-similarity", similarity.toString(),
        "--eval-analogies", analogies.toString(), "--vectors-out", vectors.toString(), "--report-json",
        json.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode report = new ObjectMapper().readTree(Files.readString(json));
    for (String key : List.of("strategy", "vocabulary_size", "words_trained", "words_per_second",
        "wall_clock_seconds", "epochs", "similarity", "analogies", "history")) {
      assertTrue(report.has(key), "missing " + key + " in " + report);
    }
    assertEquals("local", report.get("strategy").asText());
    assertEquals(2, report.get("epochs").asInt());
    assertEquals(4, report.get("similarity").get("pairs_total").asInt());
    assertEquals(3, report.get("similarity").get("pairs_used").asInt());
    assertTrue(report.get("similarity").get("spearman").isNumber(), report.toString());
    assertEquals(1, report.get("analogies").get("questions_used").asInt());
    assertTrue(report.get("analogies").get("accuracy").isNumber(), report.toString());
    JsonNode history = report.get("history");
    assertEquals(2, history.size());
    for (JsonNode epoch : history) {
      for (String key : List.of("loss", "words_per_second", "seconds")) {
        assertTrue(epoch.get(key).isNumber(), key + " in " + epoch);
      }
    }
    long words = history.get(0).get("words").asLong() + history.get(1).get("words").asLong();
    assertEquals(words, report.get("words_trained").asLong());
    List<String> lines = Files.readAllLines(vectors);
    int vocabulary = report.get("vocabulary_size").asInt();
    assertEquals(vocabulary + " 16", lines.get(0));
    assertEquals(vocabulary + 1, lines.size());
    assertEquals(17, lines.get(1).split(" ").length);
  }

  @Test
  void badInputNamesTheOptionOrTheFile() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.txt"), "\n  \n");
    String[] r = run("word2vec", "--master", "local[2]", "--data", empty.toString());
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("--data " + empty + ": The corpus is empty"), r[2]);

    Path rare = Files.writeString(dir.resolve("rare.txt"), "a b c\na b\n");
    r = run("word2vec", "--master", "local[2]", "--data", rare.toString());
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("--data " + rare + ": No word reaches minCount=5"), r[2]);
    assertTrue(r[2].contains("(--min-count)"), r[2]);

    r = run("word2vec", "--data", "gen:1000", "--vector-size", "0");
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("--vector-size: Cannot set vectorSize to 0, the value must be >= 1"), r[2]);
  }
}
