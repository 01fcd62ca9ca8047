package io.sparkdtrain.examples;

import io.sparkdtrain.model.word2vec.AnalogyEval;
import io.sparkdtrain.model.word2vec.SimilarityEval;
import io.sparkdtrain.model.word2vec.SkipGramConfig;
import io.sparkdtrain.model.word2vec.Word2VecDefaults;
import io.sparkdtrain.model.word2vec.Word2VecTextFormat;
import io.sparkdtrain.model.word2vec.WordVectors;
import io.sparkdtrain.word2vec.Word2VecInput;
import io.sparkdtrain.word2vec.Word2VecResult;
import io.sparkdtrain.word2vec.Word2VecSettings;
import io.sparkdtrain.word2vec.Word2VecTraining;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dtrain word2vec}: skip-gram word2vec with negative sampling (Mikolov et al. 2013) on a text
 * corpus or a generated one ({@code gen:TOKENS}), trained by {@link Word2VecTraining} with Hogwild!,
 * Local SGD or sync; optionally evaluates the vectors (word similarity Spearman, analogy accuracy),
 * writes them in word2vec's text format and writes a JSON report.
 */
@Command(name = "word2vec", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Skip-gram word2vec (negative sampling) with Hogwild!, Local SGD or sync.")
final class Word2VecCommand implements Callable<Integer> {

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default local[T] with T = --threads, else local[P] with P = --partitions, else"
          + " local[*]); spark-submit's --master wins.")
  String master;

  @Option(names = "--data", paramLabel = "PATH", required = true,
      description = "Text file or directory (plain or .gz), one sentence per line, tokens separated by white space;"
          + " or gen:TOKENS (seeded Zipf sentences with planted synonym groups).")
  String data;

  @Option(names = "--vector-size", paramLabel = "D", description = "Vector size (default ${DEFAULT-VALUE}).")
  int vectorSize = Word2VecDefaults.VECTOR_SIZE;

  @Option(names = "--window", paramLabel = "W", description = "Maximum window (default ${DEFAULT-VALUE}).")
  int window = Word2VecDefaults.WINDOW;

  @Option(names = "--min-count", paramLabel = "N", description = "Minimum word count (default ${DEFAULT-VALUE}).")
  int minCount = Word2VecDefaults.MIN_COUNT;

  @Option(names = "--negative", paramLabel = "K", description = "Negatives per pair (default ${DEFAULT-VALUE}).")
  int negative = Word2VecDefaults.NEGATIVE;

  @Option(names = "--sample", paramLabel = "S",
      description = "Subsampling threshold of frequent words, 0 for none (default ${DEFAULT-VALUE}).")
  double sample = Word2VecDefaults.SAMPLE;

  @Option(names = "--epochs", paramLabel = "E", description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs = Word2VecDefaults.EPOCHS;

  @Option(names = "--step-size", paramLabel = "A",
      description = "Initial learning rate, decayed linearly to 1e-4 of it (default 0.1 for hogwild; 0.025,"
          + " word2vec.c's, for local and sync, which train each partition at P times the rate).")
  Float stepSize;

  @Option(names = "--strategy", paramLabel = "hogwild|local|sync",
      description = "hogwild (tasks of an executor share the tables), local (Local SGD: per-partition copies,"
          + " changed rows averaged) or sync (mini-batch changes summed) (default ${DEFAULT-VALUE}).")
  String strategy = Word2VecDefaults.STRATEGY;

  @Option(names = "--threads", paramLabel = "T", defaultValue = "0",
      description = "Hogwild!: tasks per round sharing their executor's tables (default: every partition).")
  int threads;

  @Option(names = "--partitions", paramLabel = "P", defaultValue = "0",
      description = "Partitions of the sentences (default: the input's, or Spark's default parallelism for gen:).")
  int partitions;

  @Option(names = "--sentences-per-round", paramLabel = "H", defaultValue = "0",
      description = "Sentences per partition between merges (default: an epoch for hogwild; local: "
          + Word2VecSettings.DEFAULT_LOCAL_ROUND + "; sync: " + Word2VecSettings.DEFAULT_SYNC_BATCH + ").")
  int sentencesPerRound;

  @Option(names = "--max-sentence-length", paramLabel = "N",
      description = "Longer sentences are cut (default ${DEFAULT-VALUE}).")
  int maxSentenceLength = Word2VecDefaults.MAX_SENTENCE_LENGTH;

  @Option(names = "--seed", paramLabel = "N", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed = Word2VecDefaults.SEED;

  @Option(names = "--eval-similarity", paramLabel = "FILE",
      description = "Word-similarity file (word1 word2 score, e.g. WordSim353, SimLex-999): Spearman correlation.")
  File evalSimilarity;

  @Option(names = "--eval-analogies", paramLabel = "FILE",
      description = "Analogy questions (questions-words.txt format): 3CosAdd accuracy.")
  File evalAnalogies;

  @Option(names = "--vectors-out", paramLabel = "FILE", description = "Write the vectors in word2vec's text format.")
  File vectorsOut;

  @Mixin
  ReportJsonOption reportJson = new ReportJsonOption();

  @Override
  public Integer call() throws IOException {
    Checks.atLeast("--partitions", partitions, 0);
    Checks.atLeast("--threads", threads, 0);
    Checks.atLeast("--sentences-per-round", sentencesPerRound, 0);
    for (File f : new File[] {evalSimilarity, evalAnalogies}) {
      Checks.require(f == null || f.isFile(), f == evalSimilarity ? "--eval-similarity" : "--eval-analogies", f,
          "no such file");
    }
    Word2VecSettings settings = settings();
    SparkSession spark = Sessions.session(Sessions.master(master, threads > 0 ? threads : partitions),
        "dtrain word2vec");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<String[]> sentences = Word2VecInput.read(sc, data, partitions, seed);
    Word2VecResult result;
    try {
      result = Word2VecTraining.fit(sentences, settings);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--data " + data + ": " + e.getMessage()
          + (e.getMessage().startsWith("No word reaches") ? " (--min-count)" : ""), e);
    }
    WordVectors vectors = result.vectors();
    Map<String, Object> report = report(result);
    System.out.printf("word2vec (%s) on %s: %d words in the vocabulary, %d partitions%n", result.settings()
        .strategy().label(), data, result.vocabulary().size(), sentences.getNumPartitions());
    System.out.printf("  words_trained       %d%n", result.wordsTrained());
    System.out.printf("  words_per_second    %.0f%n", result.wordsPerSecond());
    System.out.printf("  wall_clock_seconds  %.3f (training %.3f)%n", result.wallClockSeconds(),
        result.trainingSeconds());
    result.history().forEach(h -> System.out.printf("  epoch %d: loss %.4f, %.0f words/s, %.2f s%n", h.epoch(),
        h.loss(), h.wordsPerSecond(), h.seconds()));
    if (evalSimilarity != null) {
      SimilarityEval.Result s = SimilarityEval.evaluate(vectors, evalSimilarity.toPath());
      System.out.printf("  similarity          Spearman %.4f (%d of %d pairs) on %s%n", s.spearman(), s.pairsUsed(),
          s.pairsTotal(), evalSimilarity);
      report.put("similarity", Map.of("spearman", s.spearman(), "pairs_used", s.pairsUsed(),
          "pairs_total", s.pairsTotal()));
    }
    if (evalAnalogies != null) {
      AnalogyEval.Result a = AnalogyEval.evaluate(vectors, evalAnalogies.toPath());
      System.out.printf("  analogies           accuracy %.4f (%d of %d questions) on %s%n", a.accuracy(),
          a.questionsUsed(), a.questionsTotal(), evalAnalogies);
      report.put("analogies", Map.of("accuracy", a.accuracy(), "questions_used", a.questionsUsed(),
          "questions_total", a.questionsTotal()));
    }
    if (vectorsOut != null) {
      Word2VecTextFormat.write(vectors, vectorsOut.toPath());
      System.out.printf("  vectors             %s%n", vectorsOut);
    }
    reportJson.write(report);
    return 0;
  }

  /** The training settings of these options (missing ones: {@link Word2VecDefaults}, as the Estimator's). */
  Word2VecSettings settings() {
    try {
      SkipGramConfig.Builder builder = SkipGramConfig.builder().vectorSize(vectorSize).window(window)
          .minCount(minCount).negative(negative).sample(sample).epochs(epochs).maxSentenceLength(maxSentenceLength)
          .seed(seed);
      SkipGramConfig config = (stepSize != null ? builder.stepSize(stepSize) : builder).build();
      return Word2VecSettings.builder().skipGram(config).strategy(strategy).threads(threads).partitions(partitions)
          .sentencesPerRound(sentencesPerRound).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(optionMessage(e.getMessage()), e);
    }
  }

  /** "Cannot set vectorSize to 0, ..." -> "--vector-size: Cannot set vectorSize to 0, ...". */
  static String optionMessage(String message) {
    String[] words = message.split(" ");
    if (words.length > 2 && words[0].equals("Cannot") && words[1].equals("set")) {
      return "--" + words[2].replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
    return message;
  }

  private static Map<String, Object> report(Word2VecResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("strategy", r.settings().strategy().label());
    m.put("vocabulary_size", r.vocabulary().size());
    m.put("words_trained", r.wordsTrained());
    m.put("words_per_second", r.wordsPerSecond());
    m.put("wall_clock_seconds", r.wallClockSeconds());
    m.put("training_seconds", r.trainingSeconds());
    m.put("epochs", r.settings().skipGram().epochs());
    m.put("rounds", r.rounds());
    m.put("sources_merged", r.sourcesMerged());
    m.put("vector_size", r.settings().skipGram().vectorSize());
    m.put("table_bytes", r.tables().bytes());
    m.put("similarity", null);
    m.put("analogies", null);
    m.put("history", r.historyMaps());
    return m;
  }
}
