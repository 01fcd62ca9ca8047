package io.sparkdtrain.word2vec;

import io.sparkdtrain.model.word2vec.EmbeddingTables;
import io.sparkdtrain.model.word2vec.NegativeTable;
import io.sparkdtrain.model.word2vec.SkipGramConfig;
import io.sparkdtrain.model.word2vec.SkipGramStep;
import io.sparkdtrain.model.word2vec.StepRandom;
import io.sparkdtrain.model.word2vec.Subsampler;
import io.sparkdtrain.model.word2vec.Vocabulary;
import io.sparkdtrain.store.LocalParameterRegistry;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of one round of {@link Word2VecTraining}: a task trains sentences
 * {@code [k H, (k + 1) H)} of its partition (round k of the epoch, H sentences per round; the whole
 * partition when H is 0) with its own {@link SkipGramStep} and returns the rows it changed
 * ({@link RowChanges}).
 *
 * <p>Per JVM and run, the {@link LocalParameterRegistry} holds the {@link ExecutorState}: the
 * negative table and subsampler (built once per executor, not per task) and, for Hogwild!, the
 * tables every task of the executor trains together without locks (Niu et al. 2011), refreshed from
 * the round's broadcast by the first task of each round. Local SGD and sync tasks train a private
 * copy of the broadcast tables. Every {@value #CHECK_EVERY} sentences a task checks that Spark has not
 * killed it and (Hogwild!) that no later round has refreshed the tables, and stops otherwise.
 *
 * <p>Learning rate: linear decay with the global progress (word2vec.c), where a task that has read
 * the fraction f of its partition in epoch e counts as {@code (e + f) W} words of {@code E W}; for
 * Local SGD times the number of partitions P (the driver's merge divides it back, {@link RowMerge.Rule#SCALED}).
 */
final class Word2VecWorker implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Sentences between two liveness checks. */
  static final int CHECK_EVERY = 64;

  /** What an executor JVM keeps for a run: built once, shared by its tasks. */
  static final class ExecutorState {
    final NegativeTable negatives;
    final Subsampler subsampler;
    volatile EmbeddingTables shared;

    ExecutorState(Vocabulary vocabulary, SkipGramConfig config) {
      this.negatives = new NegativeTable(vocabulary, config.negativeTableSize());
      this.subsampler = new Subsampler(vocabulary, config.sample());
    }

    @Override
    public String toString() {
      return "word2vec ExecutorState(negative table of " + negatives.size() + " slots)";
    }
  }

  private final String runId;
  private final SkipGramConfig config;
  private final boolean hogwild;
  private final boolean trackLoss;
  private final Broadcast<Vocabulary> vocabulary;
  private final int round;
  private final int epoch;
  private final int roundInEpoch;
  private final int roundSentences;
  private final long[] partitionWords;
  private final long wordsPerEpoch;
  /** The learning rate's factor: the number of partitions for Local SGD and sync (see {@link RowMerge.Rule#SCALED}), else 1. */
  private final float rateScale;
  /**
   * The starting rate before {@link #rateScale}: stepSize, except for Local SGD and sync when stepSize was
   * not given ({@link SkipGramConfig#DEFAULT_SCALED_STEP_SIZE}).
   */
  private final float startRate;

  /**
   * @param round the run's round number (1-based), {@code epoch} 0-based, {@code roundInEpoch}
   *     0-based, {@code roundSentences} H (0: whole partition), {@code partitionWords} in-vocabulary
   *     words per partition
   */
  Word2VecWorker(String runId, Word2VecSettings settings, Broadcast<Vocabulary> vocabulary, int round, int epoch,
                 int roundInEpoch, long[] partitionWords) {
    this.runId = runId;
    this.config = settings.skipGram();
    this.hogwild = settings.strategy() == Word2VecSettings.Strategy.HOGWILD;
    this.trackLoss = settings.trackLoss();
    this.vocabulary = vocabulary;
    this.round = round;
    this.epoch = epoch;
    this.roundInEpoch = roundInEpoch;
    this.roundSentences = settings.roundSentences();
    this.partitionWords = partitionWords;
    long w = 0;
    for (long n : partitionWords) {
      w += n;
    }
    this.wordsPerEpoch = w;
    this.rateScale = settings.strategy() != Word2VecSettings.Strategy.HOGWILD ? partitionWords.length : 1;
    // Local SGD and sync scale the rate by P: unless stepSize was given they start from word2vec.c's 0.025.
    this.startRate = settings.startStepSize();
  }

  /** Trains this round's sentences of {@code partition} from {@code start} (the broadcast tables). */
  RowChanges run(int partition, Iterator<int[]> sentences, EmbeddingTables start) {
    LocalParameterRegistry.Slot slot = LocalParameterRegistry.acquireShared(runId,
        () -> new ExecutorState(vocabulary.value(), config));
    try {
      ExecutorState state = (ExecutorState) slot.shared();
      EmbeddingTables tables;
      if (hogwild) {
        slot.refresh(round, () -> {
          EmbeddingTables t = state.shared;
          if (t == null) {
            state.shared = start.copy();
          } else {
            System.arraycopy(start.input(), 0, t.input(), 0, t.input().length);
            System.arraycopy(start.output(), 0, t.output(), 0, t.output().length);
          }
        });
        tables = state.shared;
      } else {
        tables = start.copy();
      }
      StepRandom random = new StepRandom(config.seed() * 0x9e3779b97f4a7c15L + 1_000_003L * round + partition);
      SkipGramStep step = new SkipGramStep(config, tables, state.negatives, random, trackLoss);
      Trained trained = train(partition, sentences, state.subsampler, step, random, slot);
      long sequence = hogwild ? slot.nextSequence() : 0;
      String source = hogwild ? "executor-" + SparkEnv.get().executorId() : "partition-" + partition;
      return RowChanges.of(source, sequence, tables, start, step, trained.words(), trained.loss());
    } finally {
      slot.finishTask();
    }
  }

  /** The words a task read and the loss it summed. */
  private record Trained(long words, double loss) {}

  private Trained train(int partition, Iterator<int[]> sentences, Subsampler subsampler, SkipGramStep step,
                       StepRandom random, LocalParameterRegistry.Slot slot) {
    long skip = (long) roundSentences * roundInEpoch;
    long limit = roundSentences > 0 ? roundSentences : Long.MAX_VALUE;
    long doneInPartition = 0;
    for (long s = 0; s < skip && sentences.hasNext(); s++) {
      doneInPartition += sentences.next().length;
    }
    long partWords = Math.max(1, partitionWords[partition]);
    long wordsTotal = wordsPerEpoch * config.epochs();
    double scale = wordsPerEpoch / (double) partWords;
    int[] buffer = new int[config.maxSentenceLength()];
    TaskContext task = TaskContext.get();
    long words = 0;
    double loss = 0;
    for (long s = 0; s < limit && sentences.hasNext(); s++) {
      if (s % CHECK_EVERY == 0) {
        checkLive(task, slot);
      }
      int[] sentence = sentences.next();
      for (int from = 0; from < sentence.length; from += buffer.length) {
        int to = Math.min(sentence.length, from + buffer.length);
        long global = (long) (epoch * (double) wordsPerEpoch + (doneInPartition + words) * scale);
        float alpha = rateScale * config.learningRate(global, wordsTotal, startRate);
        int n = subsampler.subsample(sentence, from, to, random, buffer);
        loss += step.trainSentence(buffer, n, alpha);
        words += to - from;
      }
    }
    return new Trained(words, loss);
  }

  private void checkLive(TaskContext task, LocalParameterRegistry.Slot slot) {
    if (task != null && task.isInterrupted()) {
      throw new TaskKilledException("word2vec task of round " + round + " was killed or cancelled");
    }
    if (hogwild && slot.round() != round) {
      throw new TaskKilledException("word2vec Hogwild! task of round " + round + " stopped: round " + slot.round()
          + " already refreshed this executor's tables");
    }
  }
}
