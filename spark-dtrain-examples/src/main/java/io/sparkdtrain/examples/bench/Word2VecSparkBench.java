package io.sparkdtrain.examples.bench;

import io.sparkdtrain.model.word2vec.AnalogyEval;
import io.sparkdtrain.model.word2vec.SimilarityEval;
import io.sparkdtrain.model.word2vec.SkipGramConfig;
import io.sparkdtrain.model.word2vec.WordVectors;
import io.sparkdtrain.spark.SparkConfigs;
import io.sparkdtrain.word2vec.Word2VecInput;
import io.sparkdtrain.word2vec.Word2VecResult;
import io.sparkdtrain.word2vec.Word2VecSettings;
import io.sparkdtrain.word2vec.Word2VecTraining;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.feature.Word2VecModel;
import org.apache.spark.sql.SparkSession;

/**
 * Word2vec on Spark, side by side, in one {@code local[2]} JVM: ours (Hogwild! with 1 and 2 threads,
 * Local SGD and sync on 2 partitions) against MLlib's {@code Word2Vec} (numPartitions 1 and 2; skip-gram
 * with hierarchical softmax), same vector size, window, minCount, epochs and step size.
 *
 * <ul>
 *   <li>{@code brown EPOCHS [dataDir] [runs]}: the Brown corpus; wall-clock, words/s, WordSim353
 *       and SimLex-999 Spearman, analogy accuracy. {@code runs}: a comma list of
 *       {@code hogwildT} (T threads), {@code localP}, {@code syncP} (P partitions; {@code localP@H}
 *       with H sentences per partition per round), {@code mllibP} (numPartitions P); a suffix
 *       {@code xE} trains that run E epochs instead of EPOCHS (e.g. {@code hogwild2x3}), and
 *       {@code :key=value} suffixes change one of ours' settings (those of {@code Word2VecBench brown}:
 *       sample, negative, stepSize, window, minCount, seed; e.g. {@code hogwild2x2:sample=1e-4:stepSize=0.2}); default
 *       hogwild1,hogwild2,local2,sync2,mllib1,mllib2. Ours run with {@link SkipGramConfig}'s defaults
 *       (vectorSize 100, window 5, minCount 5), MLlib with its own (learning rate 0.025).</li>
 *   <li>{@code gen TOKENS [epochs]}: Hogwild! with 1 and 2 threads on a generated corpus: words/s.</li>
 * </ul>
 *
 * <pre>
 * java -Xmx6g -cp "$(cat cp.txt):spark-dtrain-core/target/classes:spark-dtrain-examples/target/classes" \
 *   io.sparkdtrain.examples.bench.Word2VecSparkBench brown 1 ../shared/data
 * </pre>
 */
public final class Word2VecSparkBench {
  /** A run: strategy, threads or partitions, optional sentences per round, optional epochs. */
  private static final Pattern RUN = Pattern.compile("(hogwild|local|sync|mllib)(\\d+)(?:@(\\d+))?(?:x(\\d+))?((?::[A-Za-z]+=[^:,]+)*)");

  private Word2VecSparkBench() { }

  public static void main(String[] args) throws IOException {
    String mode = args.length > 0 ? args[0] : "brown";
    SparkConf conf = SparkConfigs.applyKryo(new SparkConf(), false).setMaster("local[2]")
        .setAppName("word2vec bench").set("spark.ui.enabled", "false");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try {
      if (mode.equals("gen")) {
        long tokens = Long.parseLong(args.length > 1 ? args[1] : "5000000");
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        JavaRDD<String[]> data = Word2VecInput.generated(sc, tokens, 2, 1).cache();
        System.out.printf("generated corpus: %d tokens, %d epoch(s), d=100, window 5, minCount 5%n", tokens, epochs);
        double one = 0;
        for (int threads : new int[] {1, 2, 1, 2}) {
          Word2VecResult r = Word2VecTraining.fit(data, settings("hogwild", threads, 0, epochs));
          one = threads == 1 ? r.wordsPerSecond() : one;
          System.out.printf(Locale.ROOT, "hogwild threads %d: %.1f s training, %.0f words/s%s%n", threads,
              r.trainingSeconds(), r.wordsPerSecond(), threads == 2
                  ? String.format(Locale.ROOT, " (%.2fx 1 thread)", r.wordsPerSecond() / one) : "");
        }
        data.unpersist();
        return;
      }
      int epochs = Integer.parseInt(args.length > 1 ? args[1] : "1");
      Path dir = Path.of(args.length > 2 ? args[2] : "../shared/data");
      List<String> runs = Arrays.asList((args.length > 3 ? args[3] : "hogwild1,hogwild2,local2,sync2,mllib1,mllib2")
          .split(","));
      JavaRDD<String[]> brown = Word2VecInput.read(sc, dir.resolve("brown/brown-sentences.txt.gz").toString(), 2, 1)
          .cache();
      System.out.printf("Brown: %d sentences; %d epoch(s) unless a run says xE, local[2]; ours: %s;"
          + " MLlib: vectorSize 100, window 5, minCount 5, learningRate 0.025%n", brown.count(), epochs,
          settings("hogwild", 1, 0, epochs).skipGram());
      List<String> rows = new ArrayList<>();
      for (String run : runs) {
        Matcher spec = RUN.matcher(run);
        if (!spec.matches()) {
          throw new IllegalArgumentException("Run '" + run + "' is not (hogwild|local|sync|mllib)N[@H][xE][:key=value...]");
        }
        String strategy = spec.group(1);
        int n = Integer.parseInt(spec.group(2));
        int perRound = spec.group(3) != null ? Integer.parseInt(spec.group(3)) : 0;
        int runEpochs = spec.group(4) != null ? Integer.parseInt(spec.group(4)) : epochs;
        String[] overrides = spec.group(5).isEmpty() ? new String[0] : spec.group(5).substring(1).split(":");
        long start = System.nanoTime();
        WordVectors vectors;
        double wordsPerSecond;
        if (strategy.equals("mllib")) {
          Word2VecModel model = new org.apache.spark.mllib.feature.Word2Vec().setVectorSize(100).setWindowSize(5)
              .setMinCount(5).setNumPartitions(n).setNumIterations(runEpochs).setLearningRate(0.025).setSeed(1)
              .fit(brown.map(Arrays::asList));
          vectors = vectors(model.getVectors());
          wordsPerSecond = Double.NaN;
        } else {
          Word2VecSettings s = strategy.equals("hogwild") ? settings(strategy, n, 0, runEpochs, overrides)
              : settings(strategy, 0, n, runEpochs, overrides);
          Word2VecResult r = Word2VecTraining.fit(brown, Word2VecSettings.builder().skipGram(s.skipGram())
              .strategy(s.strategy()).threads(s.threads()).partitions(s.partitions()).sentencesPerRound(perRound)
              .build());
          vectors = r.vectors();
          wordsPerSecond = r.wordsPerSecond();
          long tableBytes = org.apache.spark.util.SizeEstimator.estimate(r.tables());
          System.out.printf(Locale.ROOT, "%s: tables %d bytes (SizeEstimator) for %d words: %.1f bytes per word,"
              + " 2 x vectorSize x 4 = %d%n", run, tableBytes, r.vocabulary().size(),
              tableBytes / (double) r.vocabulary().size(), 2 * r.tables().vectorSize() * 4);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        SimilarityEval.Result ws = SimilarityEval.evaluate(vectors, dir.resolve("word-eval/wordsim353.tsv"));
        SimilarityEval.Result sl = SimilarityEval.evaluate(vectors, dir.resolve("word-eval/simlex999.txt"));
        AnalogyEval.Result an = AnalogyEval.evaluate(vectors, dir.resolve("word-eval/questions-words.txt"));
        String row = String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %.3f (%d) | %.3f (%d) | %.4f (%d) |", run,
            vectors.size(), seconds, Double.isNaN(wordsPerSecond) ? "-" : String.format(Locale.ROOT, "%.0f",
                wordsPerSecond), ws.spearman(), ws.pairsUsed(), sl.spearman(), sl.pairsUsed(), an.accuracy(),
            an.questionsUsed());
        System.out.println(row);
        rows.add(row);
      }
      System.out.println("| run | vocabulary | wall-clock s (fit) | words/s (training) | WordSim353 (pairs) |"
          + " SimLex-999 (pairs) | analogies (questions) |");
      System.out.println("|---|---|---|---|---|---|---|");
      rows.forEach(System.out::println);
      brown.unpersist();
    } finally {
      spark.stop();
    }
  }

  /** Our settings: {@link SkipGramConfig}'s defaults with vectorSize 100, window 5, minCount 5, seed 1 written out. */
  static Word2VecSettings settings(String strategy, int threads, int partitions, int epochs, String... overrides) {
    SkipGramConfig config = Word2VecBench.withOverrides(SkipGramConfig.builder().vectorSize(100).window(5).minCount(5)
        .epochs(epochs).seed(1), overrides).build();
    return Word2VecSettings.builder().skipGram(config).strategy(strategy).threads(threads).partitions(partitions)
        .build();
  }

  static WordVectors vectors(scala.collection.Map<String, float[]> map) {
    Map<String, float[]> m = scala.collection.JavaConverters.mapAsJavaMapConverter(map).asJava();
    String[] words = m.keySet().stream().sorted().toArray(String[]::new);
    int d = m.get(words[0]).length;
    float[] flat = new float[words.length * d];
    for (int i = 0; i < words.length; i++) {
      System.arraycopy(m.get(words[i]), 0, flat, i * d, d);
    }
    return new WordVectors(words, d, flat);
  }
}
