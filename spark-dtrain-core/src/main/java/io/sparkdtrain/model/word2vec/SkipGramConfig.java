package io.sparkdtrain.model.word2vec;

import java.io.Serializable;

/**
 * The settings of skip-gram with negative sampling (Mikolov et al. 2013), immutable and validated by
 * {@link Builder#build()}. Defaults ({@link Word2VecDefaults}, shared by the command line and the
 * Estimator) are {@code word2vec.c}'s for skip-gram ({@code -size 100 -window 5
 * -negative 5 -sample 1e-3 -iter 5 -min-count 5}), except the negative table's size
 * ({@link NegativeTable#DEFAULT_SIZE}) and the starting learning rate: {@link #DEFAULT_STEP_SIZE}
 * (0.1) instead of word2vec.c's {@code -alpha 0.025}, which is tuned for corpora of billions of
 * words: on the 1M-token Brown corpus 0.025 is far from converged after 5 epochs (WordSim353
 * 0.25, against 0.36 after 3 epochs at 0.1; docs/word2vec.md).
 */
public final class SkipGramConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The default starting learning rate, 0.1 (word2vec.c's skip-gram default is 0.025: see the class comment). */
  public static final float DEFAULT_STEP_SIZE = 0.1f;
  /**
   * The default for trainers that run P partitions at P times the rate (Local SGD and sync on
   * Spark): word2vec.c's 0.025; 4 partitions at 4 x 0.1 collapse on Brown (docs/word2vec.md).
   */
  public static final float DEFAULT_SCALED_STEP_SIZE = 0.025f;

  private final int vectorSize;
  private final int window;
  private final int negative;
  private final double sample;
  private final int minCount;
  private final float stepSize;
  private final boolean stepSizeGiven;
  private final double minStepSizeFraction;
  private final int epochs;
  private final int maxSentenceLength;
  private final int negativeTableSize;
  private final boolean exactSigmoid;
  private final long seed;

  private SkipGramConfig(Builder b) {
    this.vectorSize = b.vectorSize;
    this.window = b.window;
    this.negative = b.negative;
    this.sample = b.sample;
    this.minCount = b.minCount;
    this.stepSize = b.stepSize != null ? b.stepSize : DEFAULT_STEP_SIZE;
    this.stepSizeGiven = b.stepSize != null;
    this.minStepSizeFraction = b.minStepSizeFraction;
    this.epochs = b.epochs;
    this.maxSentenceLength = b.maxSentenceLength;
    this.negativeTableSize = b.negativeTableSize;
    this.exactSigmoid = b.exactSigmoid;
    this.seed = b.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** d, the length of each word vector. */
  public int vectorSize() { return vectorSize; }

  /** The maximum window: each centre uses a window b drawn uniformly in [1, window]. */
  public int window() { return window; }

  /** k, negative samples per (centre, context) pair. */
  public int negative() { return negative; }

  /** The subsampling threshold s; {@code <= 0} disables it. */
  public double sample() { return sample; }

  /** Words occurring fewer times are dropped from the vocabulary. */
  public int minCount() { return minCount; }

  /** The starting learning rate (word2vec.c's {@code alpha}); {@link #DEFAULT_STEP_SIZE} unless given. */
  public float stepSize() { return stepSize; }

  /**
   * Whether {@code stepSize} was set on the builder; when not, trainers that scale the rate by their
   * partitions start from {@link #DEFAULT_SCALED_STEP_SIZE} instead.
   */
  public boolean stepSizeGiven() { return stepSizeGiven; }

  /** The learning rate's floor as a fraction of stepSize (word2vec.c: 1e-4). */
  public double minStepSizeFraction() { return minStepSizeFraction; }

  /** Passes over the corpus. */
  public int epochs() { return epochs; }

  /** Longer sentences are cut in pieces of this many words (word2vec.c and MLlib: 1000). */
  public int maxSentenceLength() { return maxSentenceLength; }

  /** Slots of the negative-sampling table. */
  public int negativeTableSize() { return negativeTableSize; }

  /** Exact {@code 1 / (1 + exp(-x))} when true, word2vec.c's 1000-entry table on [-6, 6] when false. */
  public boolean exactSigmoid() { return exactSigmoid; }

  /** The seed of the initial vectors, the subsampling, the windows and the negatives. */
  public long seed() { return seed; }

  /**
   * The learning rate after {@code wordsDone} of {@code wordsTotal} words (all epochs), decayed
   * linearly as in word2vec.c: {@code stepSize (1 - wordsDone / (wordsTotal + 1))}, floored at
   * {@code stepSize x minStepSizeFraction}.
   */
  public float learningRate(long wordsDone, long wordsTotal) {
    return learningRate(wordsDone, wordsTotal, stepSize);
  }

  /** {@link #learningRate(long, long)} from the starting rate {@code start} instead of stepSize. */
  public float learningRate(long wordsDone, long wordsTotal, float start) {
    double progress = wordsDone / (double) (wordsTotal + 1);
    return (float) Math.max(start * (1 - progress), start * minStepSizeFraction);
  }

  @Override
  public String toString() {
    return "SkipGramConfig(vectorSize=" + vectorSize + ", window=" + window + ", negative=" + negative
        + ", sample=" + sample + ", minCount=" + minCount + ", stepSize=" + stepSize + ", minStepSizeFraction="
        + minStepSizeFraction + ", epochs=" + epochs + ", maxSentenceLength=" + maxSentenceLength
        + ", negativeTableSize=" + negativeTableSize + ", exactSigmoid=" + exactSigmoid + ", seed=" + seed + ")";
  }

  /** Builds a {@link SkipGramConfig}; every setter's value is checked by {@link #build()}. */
  public static final class Builder {
    private int vectorSize = Word2VecDefaults.VECTOR_SIZE;
    private int window = Word2VecDefaults.WINDOW;
    private int negative = Word2VecDefaults.NEGATIVE;
    private double sample = Word2VecDefaults.SAMPLE;
    private int minCount = Word2VecDefaults.MIN_COUNT;
    private Float stepSize;
    private double minStepSizeFraction = 1e-4;
    private int epochs = Word2VecDefaults.EPOCHS;
    private int maxSentenceLength = Word2VecDefaults.MAX_SENTENCE_LENGTH;
    private int negativeTableSize = NegativeTable.DEFAULT_SIZE;
    private boolean exactSigmoid = true;
    private long seed = Word2VecDefaults.SEED;

    private Builder() { }

    public Builder vectorSize(int v) { this.vectorSize = v; return this; }

    public Builder window(int v) { this.window = v; return this; }

    public Builder negative(int v) { this.negative = v; return this; }

    public Builder sample(double v) { this.sample = v; return this; }

    public Builder minCount(int v) { this.minCount = v; return this; }

    public Builder stepSize(float v) { this.stepSize = v; return this; }

    public Builder minStepSizeFraction(double v) { this.minStepSizeFraction = v; return this; }

    public Builder epochs(int v) { this.epochs = v; return this; }

    public Builder maxSentenceLength(int v) { this.maxSentenceLength = v; return this; }

    public Builder negativeTableSize(int v) { this.negativeTableSize = v; return this; }

    public Builder exactSigmoid(boolean v) { this.exactSigmoid = v; return this; }

    public Builder seed(long v) { this.seed = v; return this; }

    /** @throws IllegalArgumentException naming the first setting out of range and its value */
    public SkipGramConfig build() {
      atLeast("vectorSize", vectorSize, 1);
      atLeast("window", window, 1);
      atLeast("negative", negative, 1);
      atLeast("minCount", minCount, 1);
      atLeast("epochs", epochs, 1);
      atLeast("maxSentenceLength", maxSentenceLength, 1);
      atLeast("negativeTableSize", negativeTableSize, 1);
      if (Double.isNaN(sample) || Double.isInfinite(sample)) {
        throw new IllegalArgumentException("Cannot set sample to " + sample + ", the value must be finite");
      }
      if (stepSize != null && (!(stepSize > 0) || Float.isInfinite(stepSize))) {
        throw new IllegalArgumentException("Cannot set stepSize to " + stepSize + ", the value must be finite and > 0");
      }
      if (!(minStepSizeFraction >= 0 && minStepSizeFraction <= 1)) {
        throw new IllegalArgumentException("Cannot set minStepSizeFraction to " + minStepSizeFraction
            + ", the value must be in [0, 1]");
      }
      return new SkipGramConfig(this);
    }

    private static void atLeast(String key, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException("Cannot set " + key + " to " + value + ", the value must be >= " + min);
      }
    }
  }
}
