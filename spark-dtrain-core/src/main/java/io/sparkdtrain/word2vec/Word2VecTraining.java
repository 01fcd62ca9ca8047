package io.sparkdtrain.word2vec;

import io.sparkdtrain.engine.Round;
import io.sparkdtrain.events.EventLog;
import io.sparkdtrain.model.word2vec.EmbeddingTables;
import io.sparkdtrain.model.word2vec.EpochStats;
import io.sparkdtrain.model.word2vec.SkipGramConfig;
import io.sparkdtrain.model.word2vec.Vocabulary;
import io.sparkdtrain.store.LocalParameterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Skip-gram word2vec with negative sampling (Mikolov, Sutskever, Chen, Corrado and Dean, NIPS 2013)
 * trained on Spark. The entry point: {@link #fit(JavaRDD, Word2VecSettings)}.
 *
 * <p>The fit: (1) counts the tokens with {@code reduceByKey} and keeps those reaching
 * {@code minCount} (only the kept words and counts reach the driver); (2) encodes the sentences as
 * word indices and caches them (unpersisted at the end); (3) initialises the float tables as
 * word2vec.c does; (4) runs rounds through {@link Round#collectValue} (broadcast the tables, one
 * task per partition, results in partition order, broadcast destroyed) and merges each round's
 * changed rows ({@link RowMerge}). The strategies differ in what a task trains and how the driver
 * merges:
 * <ul>
 *   <li><b>hogwild</b> (Niu, Recht, Re and Wright, NIPS 2011): the tasks of one executor train one
 *       shared pair of tables without locks (each step writes only the rows of its context, centre
 *       and negatives); {@code threads} tasks per round. In {@code local[N]} the merged tables equal
 *       the shared ones; across executors each row's changes are averaged weighted by each
 *       executor's update count of the row. One round per epoch by default.
 *   <li><b>local</b> (Local SGD, Stich, ICLR 2019): each partition trains a private copy of the
 *       round's tables over H sentences ({@code sentencesPerRound}, default
 *       {@value Word2VecSettings#DEFAULT_LOCAL_ROUND}) with P times the learning rate (P partitions;
 *       the linear scaling rule of Goyal et al., "Accurate, Large Minibatch SGD", 2017), and the
 *       driver merges each changed row by the update-count weighted average scaled by
 *       {@code P_eff / P} ({@link RowMerge.Rule#SCALED}): one sequential pass's change while a
 *       row's change is linear in its updates, the partitions' average once every partition has
 *       trained the row to its optimum. (A plain average divides the progress of a row P partitions
 *       trained by P; a plain sum overshoots a row each partition has already moved to its optimum:
 *       docs/word2vec.md.)
 *   <li><b>sync</b>: synchronous data-parallel SGD. Each round every partition computes the change
 *       of a mini-batch of H sentences (default {@value Word2VecSettings#DEFAULT_SYNC_BATCH}) from the
 *       same broadcast tables, at P times the learning rate, and the driver merges the changes with
 *       local's {@link RowMerge.Rule#SCALED} rule: the global mini-batch of P x H sentences moves a
 *       row as one sequential pass over it would while the row's change is linear in its updates.
 *       (A plain sum of the changes, as a synchronous step adds the gradients of the global batch,
 *       collapsed on 4 partitions: WordSim353 -0.073 on Brown; docs/word2vec.md.) Within its
 *       mini-batch a partition applies its steps one after the other, as every word2vec
 *       implementation does; sync is Local SGD with short rounds.
 * </ul>
 *
 * <p>Nothing outlives a fit: the broadcasts are destroyed, the cached sentences unpersisted, and each
 * JVM's shared state ({@link LocalParameterRegistry}) released, also when the fit fails or is
 * cancelled.
 */
public final class Word2VecTraining {
  private Word2VecTraining() {}

  /**
   * Trains word vectors on {@code sentences} (tokens; tokens of fewer than {@code minCount}
   * occurrences are dropped).
   *
   * @throws IllegalArgumentException when the corpus is empty or no word reaches {@code minCount}
   */
  public static Word2VecResult fit(JavaRDD<String[]> sentences, Word2VecSettings settings) {
    long start = System.nanoTime();
    SkipGramConfig config = settings.skipGram();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(sentences.context());
    int partitions = settings.partitions() > 0 ? settings.partitions()
        : Math.max(settings.threads(), sentences.getNumPartitions());
    JavaRDD<String[]> input = partitions != sentences.getNumPartitions() ? sentences.repartition(partitions) : sentences;
    Vocabulary vocabulary = countVocabulary(input, config.minCount());
    JavaRDD<String[]> tasks = tasks(input, settings);
    String runId = "word2vec-" + UUID.randomUUID();
    Broadcast<Vocabulary> vocab = sc.broadcast(vocabulary);
    JavaRDD<int[]> encoded = tasks.map(s -> vocab.value().encode(s)).filter(s -> s.length > 0)
        .persist(StorageLevel.MEMORY_ONLY());
    try {
      long[][] stats = partitionStats(encoded);
      long[] partitionWords = stats[1];
      long maxSentences = Arrays.stream(stats[0]).max().orElse(0);
      long wordsPerEpoch = Arrays.stream(partitionWords).sum();
      int h = settings.roundSentences();
      int roundsPerEpoch = h == 0 ? 1 : (int) Math.max(1, (maxSentences + h - 1) / h);
      EmbeddingTables tables = EmbeddingTables.initialise(vocabulary.size(), config.vectorSize(), config.seed());
      Round rounds = new Round(sc, new EventLog("word2vec"), null);
      RowMerge.Rule rule = switch (settings.strategy()) {
        case HOGWILD -> RowMerge.Rule.AVERAGE;
        case LOCAL, SYNC -> RowMerge.Rule.SCALED;
      };
      List<EpochStats> history = new ArrayList<>();
      double trainingSeconds = 0;
      int round = 0;
      int sourcesMerged = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        long epochStart = System.nanoTime();
        long pairs = 0;
        long words = 0;
        double loss = 0;
        for (int k = 0; k < roundsPerEpoch; k++) {
          round++;
          Word2VecWorker worker = new Word2VecWorker(runId, settings, vocab, round, epoch, k, partitionWords);
          List<RowChanges> changes = rounds.collectValue(tables, encoded, worker::run);
          RowMerge.apply(tables.input(), tables.output(), config.vectorSize(), changes, rule, partitionWords.length);
          sourcesMerged = Math.max(sourcesMerged, (int) changes.stream().map(c -> c.source).distinct().count());
          for (RowChanges c : changes) {
            pairs += c.pairs;
            words += c.words;
            loss += c.loss;
          }
        }
        checkFinite(tables, epoch + 1);
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        trainingSeconds += seconds;
        history.add(new EpochStats(epoch + 1, settings.trackLoss() && pairs > 0 ? loss / pairs : Double.NaN, pairs,
            words, seconds));
      }
      long wordsTrained = history.stream().mapToLong(EpochStats::words).sum();
      return new Word2VecResult(settings, vocabulary, tables, Collections.unmodifiableList(history), wordsTrained,
          trainingSeconds, (System.nanoTime() - start) / 1e9, round, sourcesMerged);
    } finally {
      release(sc, runId, encoded);
      encoded.unpersist(false);
      vocab.destroy();
    }
  }

  /** The vocabulary counted by a Spark job: only the words reaching {@code minCount} come to the driver. */
  static Vocabulary countVocabulary(JavaRDD<String[]> sentences, int minCount) {
    if (minCount < 1) {
      throw new IllegalArgumentException("Cannot set minCount to " + minCount + ", the value must be >= 1");
    }
    JavaPairRDD<String, Long> counts = sentences.flatMap(s -> Arrays.asList(s).iterator())
        .mapToPair(t -> new Tuple2<>(t, 1L)).reduceByKey(Long::sum);
    Map<String, Long> kept = counts.filter(c -> c._2() >= minCount).collectAsMap();
    if (kept.isEmpty()) {
      long[] distinctAndMax = counts.values().map(c -> new long[] {1L, c})
          .fold(new long[] {0L, 0L}, (a, b) -> new long[] {a[0] + b[0], Math.max(a[1], b[1])});
      if (distinctAndMax[0] == 0) {
        throw new IllegalArgumentException("The corpus is empty: no token to build a vocabulary from (minCount="
            + minCount + ")");
      }
      throw new IllegalArgumentException("No word reaches minCount=" + minCount + " (the most frequent of the "
          + distinctAndMax[0] + " distinct tokens occurs " + distinctAndMax[1] + " times): lower minCount");
    }
    return Vocabulary.fromCounts(new java.util.HashMap<>(kept), minCount);
  }

  /** The sentences as the round's tasks: for Hogwild! {@code threads} tasks (coalesced, no shuffle). */
  private static JavaRDD<String[]> tasks(JavaRDD<String[]> input, Word2VecSettings settings) {
    int threads = settings.threads();
    int partitions = input.getNumPartitions();
    if (threads > partitions) {
      throw new IllegalArgumentException("Cannot set threads to " + threads + ": the sentences have " + partitions
          + " partitions (set partitions to at least the threads)");
    }
    return threads == 0 || threads == partitions ? input : input.coalesce(threads);
  }

  /** Per partition: {sentences}, {words}; also fills the cache. */
  private static long[][] partitionStats(JavaRDD<int[]> encoded) {
    List<long[]> perPartition = encoded.mapPartitions(it -> {
      long s = 0;
      long w = 0;
      while (it.hasNext()) {
        s++;
        w += it.next().length;
      }
      return Collections.singletonList(new long[] {s, w}).iterator();
    }).collect();
    long[][] out = new long[2][perPartition.size()];
    for (int p = 0; p < perPartition.size(); p++) {
      out[0][p] = perPartition.get(p)[0];
      out[1][p] = perPartition.get(p)[1];
    }
    return out;
  }

  private static void checkFinite(EmbeddingTables tables, int epoch) {
    for (float[] t : new float[][] {tables.input(), tables.output()}) {
      for (float x : t) {
        if (!Float.isFinite(x)) {
          throw new IllegalStateException("word2vec diverged in epoch " + epoch + ": the tables hold " + x
              + " (lower stepSize)");
        }
      }
    }
  }

  /** Releases the run's shared state in this JVM and, on a cluster, on every executor; never throws. */
  private static void release(JavaSparkContext sc, String runId, JavaRDD<int[]> tasks) {
    LocalParameterRegistry.release(runId);
    if (!sc.isLocal()) {
      try {
        tasks.foreachPartition(it -> LocalParameterRegistry.release(runId));
      } catch (RuntimeException e) {
        // best effort: an executor that misses it drops the state one lease after its last task there
      }
    }
  }
}
