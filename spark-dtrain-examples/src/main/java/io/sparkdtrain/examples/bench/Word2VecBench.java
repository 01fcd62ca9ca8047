package io.sparkdtrain.examples.bench;

import io.sparkdtrain.model.word2vec.AnalogyEval;
import io.sparkdtrain.model.word2vec.EmbeddingTables;
import io.sparkdtrain.model.word2vec.EpochStats;
import io.sparkdtrain.model.word2vec.NegativeTable;
import io.sparkdtrain.model.word2vec.SimilarityEval;
import io.sparkdtrain.model.word2vec.SkipGramConfig;
import io.sparkdtrain.model.word2vec.SkipGramTrainer;
import io.sparkdtrain.model.word2vec.StepRandom;
import io.sparkdtrain.model.word2vec.Vocabulary;
import io.sparkdtrain.model.word2vec.WordVectors;
import io.sparkdtrain.model.word2vec.ZipfSentences;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Word2vec's single-threaded inner loop without Spark (JMH-free), two modes:
 *
 * <ul>
 *   <li>{@code inner [tokens] [repeats]}: on a generated Zipf corpus ({@link ZipfSentences}, 10,000
 *       concepts), one epoch of {@link SkipGramTrainer} (d=100, window 5, negative 5, sample 1e-3)
 *       against {@link #plainEpoch}, a plain textbook SGNS loop written here over the same arrays,
 *       the same subsampling formula and the same negative table (issue 19's "single-thread inner
 *       loop within 1.5x of a plain Java SGNS loop"); also the trainer with word2vec.c's sigmoid
 *       table, with the loss tracked, and with a negative table of 1e5 slots (400 kB instead of 40 MB:
 *       does the random slot's cache miss cost?). Runs alternate; prints the median words/s (wall and per
 *       CPU-second of the thread) and the ratio to the plain loop.</li>
 *   <li>{@code brown [epochs] [dataDir] [key=value ...]}: single-threaded training on the Brown
 *       corpus with {@link SkipGramConfig}'s defaults (d=100, window 5, minCount 5, negative 5, sample
 *       1e-3, stepSize 0.1) changed by the {@code key=value} overrides ({@code sample},
 *       {@code negative}, {@code stepSize}, {@code window}, {@code minCount}, {@code seed}), then
 *       WordSim353 and SimLex-999 Spearman and the analogy accuracy.</li>
 * </ul>
 *
 * <pre>
 * java -Xmx4g -cp spark-dtrain-core/target/classes:spark-dtrain-examples/target/classes \
 *   io.sparkdtrain.examples.bench.Word2VecBench inner 2000000 5
 * </pre>
 */
public final class Word2VecBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private Word2VecBench() { }

  public static void main(String[] args) throws IOException {
    String mode = args.length > 0 ? args[0] : "inner";
    if (mode.equals("brown")) {
      int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
      Path data = Path.of(args.length > 2 ? args[2] : "../shared/data");
      brown(epochs, data, Arrays.copyOfRange(args, Math.min(3, args.length), args.length));
    } else {
      long tokens = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000;
      int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
      inner(tokens, repeats);
    }
  }

  private static SkipGramConfig.Builder base() {
    return SkipGramConfig.builder().vectorSize(100).window(5).negative(5).sample(1e-3).stepSize(0.025f)
        .minCount(5).epochs(1).seed(1);
  }

  static void inner(long tokens, int repeats) {
    List<String[]> text = new ZipfSentences(10_000, 100, 1.0, 1).sentenceList(tokens);
    Vocabulary vocab = Vocabulary.fromSentences(text.iterator(), 5);
    List<int[]> sentences = new ArrayList<>();
    for (String[] s : text) {
      sentences.add(vocab.encode(s));
    }
    text = null;
    long words = sentences.stream().mapToLong(s -> s.length).sum();
    System.out.printf(Locale.ROOT, "generated corpus: %d words, vocabulary %d, d=100 window 5 negative 5 sample 1e-3,"
        + " 1 epoch per run, %d runs each, alternating; %d cores%n", words, vocab.size(), repeats,
        Runtime.getRuntime().availableProcessors());
    SkipGramConfig exact = base().build();
    SkipGramConfig table = base().exactSigmoid(false).build();
    SkipGramConfig smallNegativeTable = base().negativeTableSize(100_000).build();
    NegativeTable negatives = new NegativeTable(vocab, exact.negativeTableSize());
    String[] names = {"plain SGNS loop (reference)", "SkipGramTrainer, exact sigmoid", "SkipGramTrainer, sigmoid table",
        "SkipGramTrainer, exact sigmoid + loss", "SkipGramTrainer, exact sigmoid, negative table of 1e5 slots"};
    double[][] wall = new double[names.length][repeats + 1];
    double[][] cpu = new double[names.length][repeats + 1];
    for (int r = 0; r <= repeats; r++) { // run 0 warms up the JIT and is not reported
      for (int m = 0; m < names.length; m++) {
        EmbeddingTables tables = EmbeddingTables.initialise(vocab.size(), 100, 1);
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        if (m == 0) {
          plainEpoch(sentences, vocab, negatives, tables.input(), tables.output(), 100, 5, 5, 1e-3, 0.025f, 1);
        } else {
          SkipGramConfig config = m == 2 ? table : m == 4 ? smallNegativeTable : exact;
          new SkipGramTrainer(config, vocab, tables, m == 3).train(sentences);
        }
        wall[m][r] = words / ((System.nanoTime() - t0) / 1e9);
        cpu[m][r] = words / ((THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9);
      }
    }
    double plainWall = median(wall[0]);
    double plainCpu = median(cpu[0]);
    System.out.println("| loop | words/s (wall, median) | words per CPU-second (median) | plain / this (CPU) |");
    System.out.println("|---|---|---|---|");
    for (int m = 0; m < names.length; m++) {
      System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f |%n", names[m], median(wall[m]), median(cpu[m]),
          plainCpu / median(cpu[m]));
    }
    System.out.printf(Locale.ROOT, "(plain loop wall words/s %.0f)%n", plainWall);
  }

  private static double median(double[] runs) {
    double[] r = Arrays.copyOfRange(runs, 1, runs.length);
    Arrays.sort(r);
    return r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
  }

  /**
   * A plain, straightforward SGNS epoch (skip-gram, negative sampling, word2vec.c's update order,
   * subsampling formula and dynamic window; linear learning-rate decay within the epoch), written
   * with no abstraction over flat {@code float[]} tables: the reference the trainer is timed against.
   */
  static void plainEpoch(List<int[]> sentences, Vocabulary vocab, NegativeTable negatives, float[] syn0,
                         float[] syn1neg, int d, int window, int k, double sample, float alpha0, long seed) {
    StepRandom rnd = new StepRandom(seed);
    double st = sample * vocab.totalCount();
    float[] neu1e = new float[d];
    int[] sen = new int[1000];
    long total = 0;
    for (int[] s : sentences) {
      total += s.length;
    }
    long done = 0;
    for (int[] s : sentences) {
      float alpha = (float) Math.max(alpha0 * (1 - done / (double) (total + 1)), alpha0 * 1e-4);
      done += s.length;
      int n = 0;
      for (int w : s) {
        double f = vocab.count(w);
        if ((Math.sqrt(f / st) + 1) * st / f >= rnd.nextDouble() && n < sen.length) {
          sen[n++] = w;
        }
      }
      plainSentence(sen, n, negatives, syn0, syn1neg, d, window, k, alpha, rnd, neu1e);
    }
  }

  /** The plain loop's work on one subsampled sentence (a method of its own so the JIT compiles it whole). */
  static void plainSentence(int[] sen, int n, NegativeTable negatives, float[] syn0, float[] syn1neg, int d,
                            int window, int k, float alpha, StepRandom rnd, float[] neu1e) {
    for (int i = 0; i < n; i++) {
      int word = sen[i];
      int b = rnd.nextInt(window);
      for (int a = b; a < window * 2 + 1 - b; a++) {
        int c = i - window + a;
        if (a == window || c < 0 || c >= n) {
          continue;
        }
        int l1 = sen[c] * d;
        Arrays.fill(neu1e, 0f);
        for (int j = 0; j <= k; j++) {
          int target = j == 0 ? word : negatives.draw(rnd);
          if (j > 0 && target == word) {
            continue;
          }
          int l2 = target * d;
          float dot = 0f;
          for (int x = 0; x < d; x++) {
            dot += syn0[l1 + x] * syn1neg[l2 + x];
          }
          float g = (float) ((j == 0 ? 1 : 0) - 1 / (1 + Math.exp(-dot))) * alpha;
          for (int x = 0; x < d; x++) {
            neu1e[x] += g * syn1neg[l2 + x];
          }
          for (int x = 0; x < d; x++) {
            syn1neg[l2 + x] += g * syn0[l1 + x];
          }
        }
        for (int x = 0; x < d; x++) {
          syn0[l1 + x] += neu1e[x];
        }
      }
    }
  }

  /**
   * Applies {@code key=value} overrides ({@code sample}, {@code negative}, {@code stepSize},
   * {@code window}, {@code minCount}, {@code seed}) to the bench's settings.
   */
  static SkipGramConfig.Builder withOverrides(SkipGramConfig.Builder b, String[] overrides) {
    for (String o : overrides) {
      String[] kv = o.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("Expected key=value, got '" + o + "'");
      }
      switch (kv[0]) {
        case "sample" -> b.sample(Double.parseDouble(kv[1]));
        case "negative" -> b.negative(Integer.parseInt(kv[1]));
        case "stepSize" -> b.stepSize(Float.parseFloat(kv[1]));
        case "window" -> b.window(Integer.parseInt(kv[1]));
        case "minCount" -> b.minCount(Integer.parseInt(kv[1]));
        case "seed" -> b.seed(Long.parseLong(kv[1]));
        default -> throw new IllegalArgumentException("Unknown setting '" + kv[0]
            + "' (sample, negative, stepSize, window, minCount, seed)");
      }
    }
    return b;
  }

  static void brown(int epochs, Path data, String[] overrides) throws IOException {
    Path corpus = data.resolve("brown/brown-sentences.txt.gz");
    List<String[]> text = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(new FileInputStream(corpus.toFile())), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String trimmed = line.trim();
        if (!trimmed.isEmpty()) {
          text.add(trimmed.split("\\s+"));
        }
      }
    }
    SkipGramConfig config = withOverrides(SkipGramConfig.builder().vectorSize(100).window(5).minCount(5)
        .epochs(epochs).seed(1), overrides).build();
    Vocabulary vocab = Vocabulary.fromSentences(text.iterator(), config.minCount());
    List<int[]> sentences = new ArrayList<>();
    for (String[] s : text) {
      sentences.add(vocab.encode(s));
    }
    System.out.printf(Locale.ROOT, "%s: %d sentences, vocabulary %d (minCount 5), %d words trained per epoch; %s%n",
        corpus, sentences.size(), vocab.size(), vocab.totalCount(), config);
    EmbeddingTables tables = EmbeddingTables.initialise(vocab.size(), config.vectorSize(), config.seed());
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    List<EpochStats> history = new SkipGramTrainer(config, vocab, tables, true).train(sentences);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
    for (EpochStats e : history) {
      System.out.printf(Locale.ROOT, "epoch %d: loss %.4f, %d pairs, %.0f words/s, %.1f s%n", e.epoch(), e.loss(),
          e.pairs(), e.wordsPerSecond(), e.seconds());
    }
    WordVectors vectors = WordVectors.of(vocab, tables);
    Path eval = data.resolve("word-eval");
    SimilarityEval.Result ws = SimilarityEval.evaluate(vectors, eval.resolve("wordsim353.tsv"));
    SimilarityEval.Result sl = SimilarityEval.evaluate(vectors, eval.resolve("simlex999.txt"));
    long e0 = System.nanoTime();
    AnalogyEval.Result an = AnalogyEval.evaluate(vectors, eval.resolve("questions-words.txt"));
    System.out.printf(Locale.ROOT, "training %.1f s (%.0f words/s), %.1f CPU-seconds of the thread (%.0f words per"
        + " CPU-second); WordSim353 Spearman %.4f (%d/%d pairs); "
        + "SimLex-999 Spearman %.4f (%d/%d pairs); analogies %.4f (%d/%d questions, %.1f s); "
        + "tables %d bytes = 2 x %d x 100 x 4%n", seconds, vocab.totalCount() * (double) epochs / seconds,
        cpuSeconds, vocab.totalCount() * (double) epochs / cpuSeconds,
        ws.spearman(), ws.pairsUsed(), ws.pairsTotal(), sl.spearman(), sl.pairsUsed(), sl.pairsTotal(),
        an.accuracy(), an.questionsUsed(), an.questionsTotal(), (System.nanoTime() - e0) / 1e9, tables.bytes(),
        vocab.size());
    for (String w : new String[] {"money", "king", "church", "war"}) {
      if (vectors.indexOf(w) >= 0) {
        System.out.println(w + ": " + vectors.nearest(w, 5));
      }
    }
  }
}
