package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdtrain.model.word2vec.Word2VecTextFormat;
import io.sparkdtrain.model.word2vec.WordVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtrain word2vec --strategy hogwild} on two executor JVMs ({@code local-cluster[2,1,1024]}):
 * each executor's tasks share their own tables and the driver merges the two executors' changed rows
 * weighted by their update counts. The planted synonym groups of the generated corpus (words
 * {@code w<concept>_<member>}) are found about as well as by the same job in one JVM
 * ({@code local[2]}, one shared pair of tables), run in the test: partner recall (frequent groups)
 * at least 0.8 times the one-JVM run's (Hogwild! is not deterministic; about 10 groups count).
 */
class Word2VecClusterE2ETest {
  /** Only the groups among the most frequent words count: 400,000 tokens of 10,000 concepts train rare ones little. */
  static final int FREQUENT = 1000;

  private static Path train(Path dir, String master) throws Exception {
    String name = master.replaceAll("[^a-z0-9]", "_");
    Path report = dir.resolve(name + ".json");
    Path vectors = dir.resolve(name + ".vec");
    Dtrain.Run run = Dtrain.run(600, "word2vec", "--master", master, "--data", "gen:400000", "--partitions", "2",
        "--threads", "2", "--vector-size", "32", "--window", "3", "--epochs", "3", "--min-count", "5",
        "--vectors-out", vectors.toString(), "--report-json", report.toString());
    assertEquals(0, run.exitCode(), run.output());
    JsonNode json = Dtrain.json(report);
    assertEquals(master.startsWith("local-cluster") ? 2 : 1, json.get("sources_merged").asInt(), json.toString());
    return vectors;
  }

  /**
   * The fraction of (word, partner) pairs of the planted groups (same concept) among the
   * {@value #FREQUENT} most frequent words where the partner is among the word's g - 1 nearest (a
   * random partner would be with probability about (g - 1) / V, under 0.001).
   */
  static double partnerRecall(WordVectors vectors) {
    Map<String, List<String>> groups = new TreeMap<>();
    for (int i = 0; i < Math.min(FREQUENT, vectors.size()); i++) { // rows are sorted by count
      String w = vectors.word(i);
      if (w.contains("_")) {
        groups.computeIfAbsent(w.substring(0, w.indexOf('_')), k -> new ArrayList<>()).add(w);
      }
    }
    int found = 0;
    int total = 0;
    for (List<String> group : groups.values()) {
      if (group.size() < 2) {
        continue; // the other members fell below minCount
      }
      for (String word : group) {
        List<String> nearest = vectors.nearest(word, group.size() - 1).stream().map(WordVectors.Neighbour::word)
            .collect(Collectors.toList());
        for (String partner : group) {
          if (!partner.equals(word)) {
            total++;
            found += nearest.contains(partner) ? 1 : 0;
          }
        }
      }
    }
    return found / (double) total;
  }

  @Test
  void hogwildOnTwoExecutorsFindsThePlantedSynonymsLikeOneJvm(@TempDir Path dir) throws Exception {
    double local = partnerRecall(Word2VecTextFormat.read(train(dir, "local[2]")));
    double cluster = partnerRecall(Word2VecTextFormat.read(train(dir, "local-cluster[2,1,1024]")));
    System.out.printf("word2vec hogwild partner recall: local[2] %.3f, local-cluster[2,1,1024] %.3f%n", local, cluster);
    assertTrue(local > 0.25, "the one-JVM run finds the planted synonyms: " + local);
    assertTrue(cluster >= 0.8 * local, "cluster recall " + cluster + " < 0.8 x local[2]'s " + local);
  }
}
