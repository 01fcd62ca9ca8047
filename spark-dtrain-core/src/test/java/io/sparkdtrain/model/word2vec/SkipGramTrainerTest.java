package io.sparkdtrain.model.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SkipGramTrainerTest {

  private static List<int[]> encode(Vocabulary v, List<String[]> sentences) {
    List<int[]> out = new ArrayList<>();
    for (String[] s : sentences) {
      out.add(v.encode(s));
    }
    return out;
  }

  @Test
  void plantedSynonymsAreNearestNeighbours() {
    ZipfSentences gen = new ZipfSentences(150, 12, 1.0, 3);
    List<String[]> sentences = gen.sentenceList(400_000);
    Vocabulary vocab = Vocabulary.fromSentences(sentences.iterator(), 5);
    SkipGramConfig config = SkipGramConfig.builder().vectorSize(32).window(3).negative(5).sample(1e-3)
        .epochs(3).seed(17).negativeTableSize(1_000_000).build();
    EmbeddingTables tables = EmbeddingTables.initialise(vocab.size(), config.vectorSize(), config.seed());
    List<EpochStats> history = new SkipGramTrainer(config, vocab, tables, true).train(encode(vocab, sentences));
    assertEquals(3, history.size());
    assertTrue(history.get(2).loss() < history.get(0).loss(), "loss per pair falls: " + history);

    WordVectors vectors = WordVectors.of(vocab, tables);
    List<String> misses = new ArrayList<>();
    for (List<String> group : gen.synonymGroups()) {
      for (String word : group) {
        // the partners must be the word's group-size - 1 nearest neighbours
        List<String> nearest = vectors.nearest(word, group.size() - 1).stream()
            .map(WordVectors.Neighbour::word).collect(Collectors.toList());
        List<String> partners = new ArrayList<>(group);
        partners.remove(word);
        if (!nearest.containsAll(partners)) {
          misses.add(word + " -> " + nearest + " (partners " + partners + ")");
        }
      }
    }
    assertTrue(misses.isEmpty(), "planted partners not nearest: " + misses);
  }

  @Test
  void reportsExactlyTheRowsItChanged() {
    // "unused" is in the vocabulary but never in a sentence: its rows must stay as initialised.
    Map<String, Long> counts = new java.util.HashMap<>(
        Vocabulary.countTokens(new ZipfSentences(30, 3, 1.0, 5).sentences(20_000)));
    counts.put("unused", 50L);
    Vocabulary vocab = Vocabulary.fromCounts(counts, 1);
    List<int[]> sentences = encode(vocab, new ZipfSentences(30, 3, 1.0, 5).sentenceList(20_000));
    SkipGramConfig config = SkipGramConfig.builder().vectorSize(8).epochs(1).negativeTableSize(10_000).build();
    EmbeddingTables tables = EmbeddingTables.initialise(vocab.size(), 8, 1);
    EmbeddingTables before = tables.copy();
    SkipGramTrainer trainer = new SkipGramTrainer(config, vocab, tables, false);
    List<EpochStats> history = trainer.train(sentences);
    assertTrue(Double.isNaN(history.get(0).loss()), "loss not tracked");
    int[] inUpdates = trainer.step().inputUpdates();
    int[] outUpdates = trainer.step().outputUpdates();
    assertEquals(0, inUpdates[vocab.indexOf("unused")]);
    long pairs = 0;
    for (int w = 0; w < vocab.size(); w++) {
      boolean inChanged = !Arrays.equals(row(before.input(), w), row(tables.input(), w));
      boolean outChanged = !Arrays.equals(row(before.output(), w), row(tables.output(), w));
      assertEquals(inUpdates[w] > 0, inChanged, "input row " + w + " changed iff counted");
      assertEquals(outUpdates[w] > 0, outChanged, "output row " + w + " changed iff counted");
      pairs += inUpdates[w];
    }
    assertEquals(history.get(0).pairs(), pairs, "one input update per pair");
    assertEquals(sentences.stream().mapToLong(s -> s.length).sum(), history.get(0).words(), "words read");
  }

  private static float[] row(float[] table, int w) {
    return Arrays.copyOfRange(table, w * 8, w * 8 + 8);
  }

  @Test
  void sameSeedSameVectors() {
    List<String[]> sentences = new ZipfSentences(40, 4, 1.0, 8).sentenceList(20_000);
    Vocabulary vocab = Vocabulary.fromSentences(sentences.iterator(), 1);
    SkipGramConfig config = SkipGramConfig.builder().vectorSize(8).epochs(2).negativeTableSize(10_000).seed(4).build();
    EmbeddingTables a = EmbeddingTables.initialise(vocab.size(), 8, 4);
    EmbeddingTables b = EmbeddingTables.initialise(vocab.size(), 8, 4);
    new SkipGramTrainer(config, vocab, a, true).train(encode(vocab, sentences));
    new SkipGramTrainer(config, vocab, b, true).train(encode(vocab, sentences));
    assertArrayEquals(a.input(), b.input());
    assertArrayEquals(a.output(), b.output());
    assertFalse(Arrays.equals(a.input(), EmbeddingTables.initialise(vocab.size(), 8, 4).input()));
  }

  @Test
  void learningRateDecaysLinearlyToTheFloor() {
    SkipGramConfig c = SkipGramConfig.builder().stepSize(0.025f).build();
    assertEquals(0.025f, c.learningRate(0, 999), 1e-9);
    assertEquals(0.025 * (1 - 500 / 1000.0), c.learningRate(500, 999), 1e-9);
    assertEquals(0.025 * 1e-4, c.learningRate(1000, 999), 1e-10);
    assertEquals(0.025 * 1e-4, c.learningRate(5000, 999), 1e-10);
  }

  @Test
  void badInputNamesTheSetting() {
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> SkipGramConfig.builder().vectorSize(0).build());
    assertEquals("Cannot set vectorSize to 0, the value must be >= 1", size.getMessage());
    IllegalArgumentException window = assertThrows(IllegalArgumentException.class,
        () -> SkipGramConfig.builder().window(0).build());
    assertEquals("Cannot set window to 0, the value must be >= 1", window.getMessage());
    IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
        () -> SkipGramConfig.builder().stepSize(-1f).build());
    assertEquals("Cannot set stepSize to -1.0, the value must be finite and > 0", step.getMessage());
    Vocabulary vocab = Vocabulary.fromCounts(Map.of("a", 2L, "b", 1L), 1);
    SkipGramConfig config = SkipGramConfig.builder().vectorSize(4).negativeTableSize(10).build();
    SkipGramTrainer trainer = new SkipGramTrainer(config, vocab, EmbeddingTables.initialise(2, 4, 1), false);
    IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
        () -> trainer.train(List.of(new int[] {0, 1}, new int[] {1, 2})));
    assertEquals("Sentence 1 holds word index 2, outside the vocabulary of 2 words", word.getMessage());
  }
}
