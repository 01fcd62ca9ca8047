package io.sparkdtrain.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.model.word2vec.EmbeddingTables;
import io.sparkdtrain.model.word2vec.NegativeTable;
import io.sparkdtrain.model.word2vec.SkipGramConfig;
import io.sparkdtrain.model.word2vec.SkipGramTrainer;
import io.sparkdtrain.model.word2vec.StepRandom;
import io.sparkdtrain.model.word2vec.Vocabulary;
import io.sparkdtrain.model.word2vec.WordVectors;
import io.sparkdtrain.model.word2vec.ZipfSentences;
import io.sparkdtrain.spark.LeakProbe;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Word2VecTraining} on a real {@code local[2]} SparkSession: on a generated corpus with planted
 * synonym groups ({@link ZipfSentences}) every strategy finds the planted partners about as well as
 * the single-threaded {@link SkipGramTrainer} trained on the same sentences in the same test (the
 * reference), and reaches a held-out loss within 15% of the reference's; nothing outlives a fit, also a failing one; bad input gets a message naming the setting.
 */
class Word2VecTrainingTest {
  static final ZipfSentences GENERATOR = new ZipfSentences(150, 12, 1.0, 3);
  static final List<String[]> SENTENCES = GENERATOR.sentenceList(300_000);

  static SkipGramConfig config() {
    return SkipGramConfig.builder().vectorSize(32).window(3).negative(5).sample(1e-3).epochs(3).seed(17)
        .negativeTableSize(1_000_000).build();
  }

  /** The fraction of (word, partner) pairs of the planted groups where the partner is among the word's g - 1 nearest. */
  static double partnerRecall(WordVectors vectors, List<String> misses) {
    int found = 0;
    int total = 0;
    for (List<String> group : GENERATOR.synonymGroups()) {
      for (String word : group) {
        if (vectors.indexOf(word) < 0) {
          continue;
        }
        List<String> nearest = vectors.nearest(word, group.size() - 1).stream().map(WordVectors.Neighbour::word)
            .collect(Collectors.toList());
        for (String partner : group) {
          if (!partner.equals(word) && vectors.indexOf(partner) >= 0) {
            total++;
            if (nearest.contains(partner)) {
              found++;
            } else {
              misses.add(word + " -> " + nearest + " (partner " + partner + ")");
            }
          }
        }
      }
    }
    return found / (double) total;
  }

  /** Held-out sentences: the same generator, another stream. */
  static final List<String[]> HELD_OUT = heldOutSentences();

  static List<String[]> heldOutSentences() {
    List<String[]> out = new ArrayList<>();
    GENERATOR.sentences(20_000, 99).forEachRemaining(out::add);
    return out;
  }

  /**
   * The mean SGNS loss per (centre, context) pair of the held-out sentences (window 3, 5 negatives
   * from a seeded draw of the unigram^0.75 table), written out naively: {@code -log s(u.v_w) -
   * sum_n log s(-u.v_n)} with {@code u = input[context]}, {@code v = output[...]}.
   */
  static double heldOutLoss(Vocabulary vocab, EmbeddingTables tables) {
    NegativeTable negatives = new NegativeTable(vocab, 100_000);
    StepRandom random = new StepRandom(12345);
    int d = tables.vectorSize();
    double loss = 0;
    long pairs = 0;
    for (String[] tokens : HELD_OUT) {
      int[] s = vocab.encode(tokens);
      for (int i = 0; i < s.length; i++) {
        for (int j = Math.max(0, i - 3); j <= Math.min(s.length - 1, i + 3); j++) {
          if (j == i) {
            continue;
          }
          loss -= Math.log(sigmoid(dot(tables.input(), s[j], tables.output(), s[i], d)));
          for (int k = 0; k < 5; k++) {
            loss -= Math.log(sigmoid(-dot(tables.input(), s[j], tables.output(), negatives.draw(random), d)));
          }
          pairs++;
        }
      }
    }
    return loss / pairs;
  }

  static double dot(float[] a, int rowA, float[] b, int rowB, int d) {
    double sum = 0;
    for (int k = 0; k < d; k++) {
      sum += a[rowA * d + k] * (double) b[rowB * d + k];
    }
    return sum;
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** The single-threaded reference: {partner recall, held-out loss}. */
  static double[] reference() {
    Vocabulary vocab = Vocabulary.fromSentences(SENTENCES.iterator(), config().minCount());
    List<int[]> encoded = new ArrayList<>();
    SENTENCES.forEach(s -> encoded.add(vocab.encode(s)));
    EmbeddingTables tables = EmbeddingTables.initialise(vocab.size(), 32, 17);
    new SkipGramTrainer(config(), vocab, tables, false).train(encoded);
    return new double[] {partnerRecall(WordVectors.of(vocab, tables), new ArrayList<>()), heldOutLoss(vocab, tables)};
  }

  static Word2VecResult fit(String strategy, int threads, SkipGramConfig config) {
    JavaSparkContext sc = SharedSpark.context();
    JavaRDD<String[]> data = sc.parallelize(SENTENCES, 2);
    return Word2VecTraining.fit(data, Word2VecSettings.builder().skipGram(config).strategy(strategy)
        .threads(threads).sentencesPerRound(strategy.equals("sync") ? 2000 : 0).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hogwild", "local", "sync"})
  void everyStrategyPutsThePlantedPartnersNearest(String strategy) {
    double[] ref = reference();
    double reference = ref[0];
    Word2VecResult result = fit(strategy, strategy.equals("hogwild") ? 2 : 0, config());
    List<String> misses = new ArrayList<>();
    double recall = partnerRecall(result.vectors(), misses);
    double heldOut = heldOutLoss(result.vocabulary(), result.tables());
    System.out.printf("%s: partner recall %.3f (single-threaded reference %.3f), held-out loss %.4f (reference %.4f),"
        + " %.0f words/s, %d rounds, %s%n", strategy, recall, reference, heldOut, ref[1], result.wordsPerSecond(),
        result.rounds(), result.history());
    // the bound: within 15% of the reference's held-out loss (measured: hogwild +0.1%, local +1%, sync +9%, sync
    // being deterministic); tables whose output rows stayed untrained (zero) give 6 log 2 = 4.16, +54%
    assertTrue(heldOut <= 1.15 * ref[1], strategy + ": held-out loss " + heldOut + " > 1.15 x the reference's "
        + ref[1]);
    assertEquals(3, result.history().size());
    assertEquals(3L * result.history().get(0).words(), result.wordsTrained());
    assertTrue(result.history().get(2).loss() < result.history().get(0).loss(), "loss falls: " + result.history());
    assertTrue(recall >= 0.9 * reference, strategy + ": recall " + recall + " < 0.9 x the reference's " + reference
        + "; misses " + misses);
  }

  /**
   * Local SGD on 4 partitions with one merge per epoch (the longest rounds) keeps the single-threaded
   * reference's quality: each partition trains a quarter of the corpus at 4 times the rate and the
   * driver merges each row by {@code RowMerge.Rule.SCALED}. The former rule (the count-weighted
   * average at the plain rate) moves a row that every partition trained by about a quarter of its
   * sequential progress (measured: recall 0.841, held-out loss 2.82 against 2.70); adding the
   * changes instead overshoots every row (held-out loss 201).
   */
  @Test
  void localSgdOnFourPartitionsKeepsTheSingleThreadedQuality() {
    double[] ref = reference();
    JavaRDD<String[]> data = SharedSpark.context().parallelize(SENTENCES, 4);
    Word2VecResult result = Word2VecTraining.fit(data, Word2VecSettings.builder().skipGram(config()).strategy("local")
        .sentencesPerRound(1_000_000).build());
    List<String> misses = new ArrayList<>();
    double recall = partnerRecall(result.vectors(), misses);
    double heldOut = heldOutLoss(result.vocabulary(), result.tables());
    System.out.printf("local, 4 partitions: partner recall %.3f (reference %.3f), held-out loss %.4f (reference %.4f),"
        + " %d rounds%n", recall, ref[0], heldOut, ref[1], result.rounds());
    assertEquals(3, result.rounds());
    assertTrue(heldOut <= 1.05 * ref[1], "held-out loss " + heldOut + " > 1.05 x the reference's " + ref[1]);
    assertTrue(recall >= 0.9 * ref[0], "recall " + recall + " < 0.9 x the reference's " + ref[0] + "; misses "
        + misses);
  }

  /**
   * Sync on 4 partitions with its default mini-batch keeps the single-threaded quality: its changes
   * are merged with the same scaled rule as Local SGD's. The former rule, the plain sum of the
   * partitions' changes at the plain rate, collapsed on 4 partitions of Brown (WordSim353 -0.073).
   */
  /**
   * Local SGD and sync train each partition at P times the rate, so without an explicit stepSize they
   * start from word2vec.c's 0.025 ({@link SkipGramConfig#DEFAULT_SCALED_STEP_SIZE}), not from the
   * default 0.1 (4 x 0.1 collapsed on Brown: docs/word2vec.md): the default and an explicit 0.025 give
   * the same tables, bit for bit, and an explicit 0.1 is used as given.
   */
  @Test
  void localSgdWithoutAStepSizeStartsFromWord2vecCsRate() {
    JavaRDD<String[]> data = SharedSpark.context().parallelize(SENTENCES, 4);
    SkipGramConfig.Builder oneEpoch = SkipGramConfig.builder().vectorSize(16).window(3).epochs(1).seed(17)
        .negativeTableSize(100_000);
    Word2VecResult byDefault = Word2VecTraining.fit(data, Word2VecSettings.builder().skipGram(oneEpoch.build())
        .strategy("local").sentencesPerRound(1_000_000).build());
    Word2VecResult given = Word2VecTraining.fit(data, Word2VecSettings.builder()
        .skipGram(oneEpoch.stepSize(0.025f).build()).strategy("local").sentencesPerRound(1_000_000).build());
    Word2VecResult given01 = Word2VecTraining.fit(data, Word2VecSettings.builder()
        .skipGram(oneEpoch.stepSize(0.1f).build()).strategy("local").sentencesPerRound(1_000_000).build());
    assertArrayEquals(given.tables().input(), byDefault.tables().input(), "input table");
    assertArrayEquals(given.tables().output(), byDefault.tables().output(), "output table");
    assertFalse(java.util.Arrays.equals(given.tables().input(), given01.tables().input()), "0.1 given is used");
  }

  @Test
  void syncOnFourPartitionsKeepsTheSingleThreadedQuality() {
    double[] ref = reference();
    JavaRDD<String[]> data = SharedSpark.context().parallelize(SENTENCES, 4);
    Word2VecResult result = Word2VecTraining.fit(data, Word2VecSettings.builder().skipGram(config()).strategy("sync")
        .build());
    List<String> misses = new ArrayList<>();
    double recall = partnerRecall(result.vectors(), misses);
    double heldOut = heldOutLoss(result.vocabulary(), result.tables());
    System.out.printf("sync, 4 partitions: partner recall %.3f (reference %.3f), held-out loss %.4f (reference %.4f),"
        + " %d rounds%n", recall, ref[0], heldOut, ref[1], result.rounds());
    assertTrue(result.rounds() > 3, "more than one round per epoch: " + result.rounds());
    assertTrue(heldOut <= 1.05 * ref[1], "held-out loss " + heldOut + " > 1.05 x the reference's " + ref[1]);
    assertTrue(recall >= 0.9 * ref[0], "recall " + recall + " < 0.9 x the reference's " + ref[0] + "; misses "
        + misses);
  }

  @Test
  void nothingOutlivesAFitNorAFailingFit() {
    JavaSparkContext sc = SharedSpark.context();
    LeakProbe.Mark mark = LeakProbe.mark(sc.sc());
    fit("hogwild", 2, config());
    assertReleased(LeakProbe.measure(sc.sc(), mark));

    LeakProbe.Mark failing = LeakProbe.mark(sc.sc());
    SkipGramConfig diverging = SkipGramConfig.builder().vectorSize(32).epochs(2).stepSize(1e30f)
        .negativeTableSize(100_000).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> fit("hogwild", 2, diverging));
    assertTrue(e.getMessage().contains("diverged in epoch 1"), e.getMessage());
    assertReleased(LeakProbe.measure(sc.sc(), failing));
  }

  /**
   * A fit whose job group is cancelled when its second round's job starts (the first round has
   * created the shared tables for sure): the fit throws and nothing outlives it.
   */
  @Test
  void nothingOutlivesACancelledFit() throws Exception {
    JavaSparkContext sc = SharedSpark.context();
    String group = "word2vec-cancel-" + java.util.UUID.randomUUID();
    java.util.concurrent.atomic.AtomicInteger jobs = new java.util.concurrent.atomic.AtomicInteger();
    org.apache.spark.scheduler.SparkListener canceller = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
        // jobs of the fit: 1 vocabulary, 2 partition statistics, 3 round 1, 4 round 2
        if (group.equals(job.properties().getProperty("spark.jobGroup.id")) && jobs.incrementAndGet() == 4) {
          sc.sc().cancelJobGroup(group);
        }
      }
    };
    sc.sc().addSparkListener(canceller);
    LeakProbe.Mark mark = LeakProbe.mark(sc.sc());
    try {
      SkipGramConfig twoEpochs = SkipGramConfig.builder().vectorSize(16).epochs(2).negativeTableSize(100_000).build();
      java.util.concurrent.FutureTask<Word2VecResult> fit = new java.util.concurrent.FutureTask<>(() -> {
        sc.setJobGroup(group, "cancelled by the test", true);
        try {
          return Word2VecTraining.fit(sc.parallelize(SENTENCES.subList(0, 2000), 2),
              Word2VecSettings.builder().skipGram(twoEpochs).threads(2).build());
        } finally {
          sc.clearJobGroup();
        }
      });
      Thread thread = new Thread(fit, "word2vec-cancel-test");
      thread.start();
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          fit::get);
      assertTrue(String.valueOf(e.getCause().getMessage()).contains("cancelled"), String.valueOf(e.getCause()));
      thread.join();
      assertEquals(4, jobs.get(), "the fit ran its second round's job");
      assertReleased(LeakProbe.measure(sc.sc(), mark));
    } finally {
      sc.sc().removeSparkListener(canceller);
    }
  }

  static void assertReleased(LeakProbe.Counts counts) {
    assertTrue(LocalParameterRegistry.heldRuns().stream().noneMatch(id -> id.startsWith("word2vec-")),
        "shared word2vec state still held: " + LocalParameterRegistry.heldRuns());
    assertEquals(0, counts.broadcastsOfFit(), "broadcasts left: " + counts);
    assertEquals(0, counts.cachedRddsOfFit(), "cached RDDs left: " + counts);
  }

  /**
   * Memory per vocabulary word, measured on the fitted tables with Spark's {@code SizeEstimator}
   * (which walks the object graph): within 1% of 2 x vectorSize x 4 bytes (two float rows).
   */
  @Test
  void tablesTakeTwoFloatRowsPerWord() {
    Word2VecResult result = Word2VecTraining.fit(SharedSpark.context().parallelize(SENTENCES.subList(0, 5000), 2),
        Word2VecSettings.builder().skipGram(SkipGramConfig.builder().vectorSize(32).window(3).epochs(1)
            .negativeTableSize(100_000).build()).threads(2).build());
    int words = result.vocabulary().size();
    double perWord = org.apache.spark.util.SizeEstimator.estimate(result.tables()) / (double) words;
    System.out.printf("tables: %.1f bytes per word for %d words (2 x 32 x 4 = 256)%n", perWord, words);
    assertEquals(2 * 32 * 4, perWord, 0.01 * 2 * 32 * 4, "bytes per vocabulary word of the tables");
    assertEquals(2L * words * 32 * 4, result.tables().bytes());
  }

  @Test
  void badInputNamesTheSetting() {
    JavaSparkContext sc = SharedSpark.context();
    Word2VecSettings settings = Word2VecSettings.builder().build();
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> Word2VecTraining.fit(sc.parallelize(new ArrayList<String[]>(), 2), settings));
    assertTrue(empty.getMessage().startsWith("The corpus is empty"), empty.getMessage());
    IllegalArgumentException rare = assertThrows(IllegalArgumentException.class, () -> Word2VecTraining.fit(
        sc.parallelize(List.of(new String[] {"a", "b", "a"}, new String[] {"c"}), 2), settings));
    assertEquals("No word reaches minCount=5 (the most frequent of the 3 distinct tokens occurs 2 times): lower"
        + " minCount", rare.getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> SkipGramConfig.builder().vectorSize(0).build());
    assertEquals("Cannot set vectorSize to 0, the value must be >= 1", size.getMessage());
    assertEquals("Cannot set threads to 3, the value must be <= partitions (2)", assertThrows(
        IllegalArgumentException.class, () -> Word2VecSettings.builder().partitions(2).threads(3).build()).getMessage());
    assertEquals("Cannot set strategy to fast, the value must be one of hogwild, local, sync",
        assertThrows(IllegalArgumentException.class, () -> Word2VecSettings.builder().strategy("fast")).getMessage());
    assertEquals("Cannot set threads to 2 with strategy local: threads is a Hogwild! setting (use partitions)",
        assertThrows(IllegalArgumentException.class,
            () -> Word2VecSettings.builder().strategy("local").threads(2).build()).getMessage());
    assertEquals("Cannot read data gen:12x: TOKENS must be a whole number, got '12x'",
        assertThrows(IllegalArgumentException.class, () -> Word2VecInput.read(sc, "gen:12x", 2, 1)).getMessage());
  }

  @Test
  void generatedInputIsMadeInThePartitions() {
    JavaRDD<String[]> gen = Word2VecInput.read(SharedSpark.context(), "gen:10001", 3, 5);
    assertEquals(3, gen.getNumPartitions());
    assertEquals(10_001L, gen.map(s -> (long) s.length).reduce(Long::sum));
  }
}
