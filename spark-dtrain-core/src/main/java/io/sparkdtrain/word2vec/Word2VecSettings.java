package io.sparkdtrain.word2vec;

import io.sparkdtrain.model.word2vec.SkipGramConfig;
import io.sparkdtrain.model.word2vec.Word2VecDefaults;
import java.io.Serializable;
import java.util.Locale;

/**
 * How {@link Word2VecTraining#fit} trains: the skip-gram settings ({@link SkipGramConfig}) plus the
 * distribution. Immutable; {@link Builder#build()} validates and names the setting in its messages.
 *
 * <ul>
 *   <li>{@code strategy}: {@code hogwild} (default, {@link Word2VecDefaults}), {@code local} or {@code sync} (see
 *       {@link Word2VecTraining}).
 *   <li>{@code partitions}: the partitions of the sentences; 0 (default) keeps the input's, or
 *       makes {@code threads} partitions when the input has fewer (a {@code .gz} file is one).
 *   <li>{@code threads}: Hogwild! only: tasks per round sharing the tables of their executor (the
 *       partitions coalesced to this many); 0 (default) uses every partition as a task.
 *   <li>{@code sentencesPerRound}: sentences each partition trains per round before the driver
 *       merges; 0 (default) means a whole epoch for hogwild, {@value #DEFAULT_LOCAL_ROUND} for local
 *       (one merge per epoch lets the partitions' tables drift apart: on Brown, 4 partitions, WordSim353
 *       0.050 with one merge per epoch, 0.134 with 2000 sentences per round, 0.135 on 1 partition)
 *       and {@value #DEFAULT_SYNC_BATCH} for sync (its mini-batch).
 *   <li>{@code trackLoss}: compute each pair's loss for the history (default true; costs 5-8%).
 * </ul>
 */
public final class Word2VecSettings implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The sync strategy's mini-batch per partition when {@code sentencesPerRound} is 0. */
  public static final int DEFAULT_SYNC_BATCH = 1000;
  /** Local SGD's sentences per partition per round when {@code sentencesPerRound} is 0. */
  public static final int DEFAULT_LOCAL_ROUND = 2000;

  /** The strategies. */
  public enum Strategy {
    HOGWILD, LOCAL, SYNC;

    /** The strategy named {@code name} (case-insensitive). */
    public static Strategy parse(String name) {
      for (Strategy s : values()) {
        if (s.name().equalsIgnoreCase(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException("Cannot set strategy to " + name + ", the value must be one of hogwild,"
          + " local, sync");
    }

    /** The lower-case name used on the command line and in reports. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final SkipGramConfig skipGram;
  private final Strategy strategy;
  private final int partitions;
  private final int threads;
  private final int sentencesPerRound;
  private final boolean trackLoss;

  private Word2VecSettings(Builder b) {
    if (b.skipGram == null) {
      throw new IllegalArgumentException("Cannot set skipGram to null");
    }
    check("partitions", b.partitions);
    check("threads", b.threads);
    check("sentencesPerRound", b.sentencesPerRound);
    if (b.threads > 0 && b.strategy != Strategy.HOGWILD) {
      throw new IllegalArgumentException("Cannot set threads to " + b.threads + " with strategy "
          + b.strategy.label() + ": threads is a Hogwild! setting (use partitions)");
    }
    if (b.partitions > 0 && b.threads > b.partitions) {
      throw new IllegalArgumentException("Cannot set threads to " + b.threads + ", the value must be <= partitions ("
          + b.partitions + ")");
    }
    this.skipGram = b.skipGram;
    this.strategy = b.strategy;
    this.partitions = b.partitions;
    this.threads = b.threads;
    this.sentencesPerRound = b.sentencesPerRound;
    this.trackLoss = b.trackLoss;
  }

  private static void check(String key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("Cannot set " + key + " to " + value + ", the value must be >= 0");
    }
  }

  /** A builder with {@link SkipGramConfig}'s defaults, hogwild, partitions and threads from the input. */
  public static Builder builder() {
    return new Builder();
  }

  public SkipGramConfig skipGram() { return skipGram; }

  public Strategy strategy() { return strategy; }

  public int partitions() { return partitions; }

  public int threads() { return threads; }

  /** The configured value (0: the strategy's default); see {@link #roundSentences()}. */
  public int sentencesPerRound() { return sentencesPerRound; }

  /** Sentences per partition per round, 0 for a whole epoch. */
  public int roundSentences() {
    if (sentencesPerRound > 0) {
      return sentencesPerRound;
    }
    return switch (strategy) {
      case HOGWILD -> 0;
      case LOCAL -> DEFAULT_LOCAL_ROUND;
      case SYNC -> DEFAULT_SYNC_BATCH;
    };
  }

  public boolean trackLoss() { return trackLoss; }

  /**
   * The starting learning rate the training uses: the skip-gram config's {@code stepSize} when it
   * was given, else the strategy's default ({@link Word2VecDefaults#stepSize(String)}: 0.1 for
   * hogwild, 0.025 for local and sync, which scale it by their partitions).
   */
  public float startStepSize() {
    return skipGram.stepSizeGiven() ? skipGram.stepSize() : Word2VecDefaults.stepSize(strategy.label());
  }

  @Override
  public String toString() {
    return "Word2VecSettings(strategy=" + strategy.label() + ", partitions=" + partitions + ", threads=" + threads
        + ", sentencesPerRound=" + sentencesPerRound + ", trackLoss=" + trackLoss + ", " + skipGram + ")";
  }

  /** Builds {@link Word2VecSettings}; {@link #build()} checks every value. */
  public static final class Builder {
    private SkipGramConfig skipGram = SkipGramConfig.builder().build();
    private Strategy strategy = Strategy.parse(Word2VecDefaults.STRATEGY);
    private int partitions;
    private int threads;
    private int sentencesPerRound;
    private boolean trackLoss = true;

    private Builder() {}

    public Builder skipGram(SkipGramConfig v) { this.skipGram = v; return this; }

    public Builder strategy(Strategy v) { this.strategy = v; return this; }

    /** The strategy by name: hogwild, local or sync. */
    public Builder strategy(String v) { this.strategy = Strategy.parse(v); return this; }

    public Builder partitions(int v) { this.partitions = v; return this; }

    public Builder threads(int v) { this.threads = v; return this; }

    public Builder sentencesPerRound(int v) { this.sentencesPerRound = v; return this; }

    public Builder trackLoss(boolean v) { this.trackLoss = v; return this; }

    public Word2VecSettings build() {
      return new Word2VecSettings(this);
    }
  }
}
