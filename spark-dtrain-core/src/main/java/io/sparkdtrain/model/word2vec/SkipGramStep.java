package io.sparkdtrain.model.word2vec;

import java.util.Arrays;

/**
 * One thread's skip-gram negative-sampling step (Mikolov et al. 2013, Section 2.2), written as
 * {@code word2vec.c}'s {@code TrainModelThread} does it for skip-gram.
 *
 * <p><b>Convention</b> (word2vec.c's, not the paper's notation): for a centre word w at position i
 * and a context word c in its window, the <em>input</em> row updated is the context's,
 * {@code input[c]} ({@code syn0[last_word]}), and the <em>output</em> rows are the centre's
 * {@code output[w]} (label 1) and k negatives' {@code output[n_j]} (label 0, drawn from the
 * unigram^0.75 table; a draw equal to w is skipped). With {@code u = input[c]}, {@code v_t =
 * output[t]} and the loss {@code L = -log s(u.v_w) - sum_j log s(-u.v_nj)}, the step is, for each
 * target t in order: {@code g = alpha (label - s(u.v_t))}, {@code e += g v_t},
 * {@code v_t += g u}; then {@code u += e}. For distinct targets this is exactly
 * {@code theta - alpha grad L(theta)} on the touched rows. The pair (w, c) and (c, w) give the
 * same expected update over a corpus, so the convention only changes which row is read first.
 *
 * <p><b>Threads</b>: one instance per thread; several instances may share the same
 * {@link EmbeddingTables} without locks (Hogwild!, Niu et al. 2011): a step allocates nothing and
 * touches only rows c, w and the negatives'. It counts, per row, how many updates it applied
 * ({@link #inputUpdates()}, {@link #outputUpdates()}), so a caller can find the rows it changed and
 * weight them by how much it trained them (Local SGD averaging of changed rows).
 */
public final class SkipGramStep {
  private static final int EXP_TABLE_SIZE = 1000;
  private static final float MAX_EXP = 6f;

  private final int d;
  private final int window;
  private final int negative;
  private final float[] in;
  private final float[] out;
  private final NegativeTable table;
  private final StepRandom random;
  private final boolean exactSigmoid;
  private final float[] expTable;
  private final float[] neu1e;
  private final int[] negatives;
  private final int[] inputUpdates;
  private final int[] outputUpdates;
  private final boolean trackLoss;
  private long pairs;

  /**
   * @param config vectorSize, window, negative and the sigmoid
   * @param tables the tables to train (shared, updated in place)
   * @param table the negatives' distribution
   * @param random this thread's generator
   * @param trackLoss whether {@link #trainPair} computes the loss (two logarithms per target)
   */
  public SkipGramStep(SkipGramConfig config, EmbeddingTables tables, NegativeTable table, StepRandom random,
                      boolean trackLoss) {
    if (tables.vectorSize() != config.vectorSize()) {
      throw new IllegalArgumentException("Tables of vectorSize " + tables.vectorSize()
          + " do not match vectorSize=" + config.vectorSize());
    }
    this.d = config.vectorSize();
    this.window = config.window();
    this.negative = config.negative();
    this.in = tables.input();
    this.out = tables.output();
    this.table = table;
    this.random = random;
    this.exactSigmoid = config.exactSigmoid();
    this.expTable = sigmoidTable();
    this.neu1e = new float[d];
    this.negatives = new int[negative];
    this.inputUpdates = new int[tables.numWords()];
    this.outputUpdates = new int[tables.numWords()];
    this.trackLoss = trackLoss;
  }

  /** word2vec.c's table: entry i is {@code s(x)} for {@code x = (2i / 1000 - 1) 6}. */
  private static float[] sigmoidTable() {
    float[] t = new float[EXP_TABLE_SIZE];
    for (int i = 0; i < EXP_TABLE_SIZE; i++) {
      double e = Math.exp((i / (double) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP);
      t[i] = (float) (e / (e + 1));
    }
    return t;
  }

  /**
   * Trains every (centre, context) pair of {@code sentence[0, length)} with word2vec.c's dynamic
   * window (each centre draws b uniformly in [0, window) and uses the words within
   * {@code window - b} of it) and returns the summed loss (0 when the loss is not tracked).
   */
  public double trainSentence(int[] sentence, int length, float alpha) {
    double loss = 0;
    for (int i = 0; i < length; i++) {
      int centre = sentence[i];
      int b = random.nextInt(window);
      int from = Math.max(0, i - window + b);
      int to = Math.min(length - 1, i + window - b);
      for (int c = from; c <= to; c++) {
        if (c != i) {
          loss += trainPair(sentence[c], centre, alpha);
        }
      }
    }
    return loss;
  }

  /** Draws k negatives and trains the pair; see {@link #trainPair(int, int, int[], int, float)}. */
  public double trainPair(int inputWord, int targetWord, float alpha) {
    for (int j = 0; j < negative; j++) {
      negatives[j] = table.draw(random);
    }
    return trainPair(inputWord, targetWord, negatives, negative, alpha);
  }

  /**
   * One SGNS step on input row {@code inputWord} (the context) with positive output row
   * {@code targetWord} (the centre) and the given negatives (entries equal to targetWord are
   * skipped, as in word2vec.c); returns the pair's loss {@code -log s(u.v_w) - sum log s(-u.v_n)}
   * before the step (0 when not tracked).
   */
  public double trainPair(int inputWord, int targetWord, int[] negs, int count, float alpha) {
    final int l1 = inputWord * d;
    final float[] in = this.in;
    final float[] out = this.out;
    final float[] e = this.neu1e;
    Arrays.fill(e, 0f);
    double loss = 0;
    for (int j = -1; j < count; j++) {
      int target;
      float label;
      if (j < 0) {
        target = targetWord;
        label = 1f;
      } else {
        target = negs[j];
        if (target == targetWord) {
          continue;
        }
        label = 0f;
      }
      final int l2 = target * d;
      float f = 0f;
      for (int k = 0; k < d; k++) {
        f += in[l1 + k] * out[l2 + k];
      }
      float g = (label - sigmoid(f)) * alpha;
      if (trackLoss) {
        loss += softplus(label > 0 ? -f : f);
      }
      for (int k = 0; k < d; k++) {
        e[k] += g * out[l2 + k];
      }
      for (int k = 0; k < d; k++) {
        out[l2 + k] += g * in[l1 + k];
      }
      outputUpdates[target]++;
    }
    for (int k = 0; k < d; k++) {
      in[l1 + k] += e[k];
    }
    inputUpdates[inputWord]++;
    pairs++;
    return loss;
  }

  private float sigmoid(float f) {
    if (exactSigmoid) {
      return (float) (1.0 / (1.0 + Math.exp(-f)));
    }
    if (f >= MAX_EXP) {
      return 1f;
    }
    if (f <= -MAX_EXP) {
      return 0f;
    }
    return expTable[(int) ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))];
  }

  /** {@code log(1 + exp(x))} without overflow. */
  private static double softplus(double x) {
    return x > 0 ? x + Math.log(1 + Math.exp(-x)) : Math.log(1 + Math.exp(x));
  }

  /** Pairs trained by this instance so far. */
  public long pairs() {
    return pairs;
  }

  /** Per input row, the updates this instance applied (shared with the caller, not copied). */
  public int[] inputUpdates() {
    return inputUpdates;
  }

  /** Per output row, the updates this instance applied (shared with the caller, not copied). */
  public int[] outputUpdates() {
    return outputUpdates;
  }

  /** Clears the pair count and the per-row update counts (e.g. at the start of a round). */
  public void resetCounts() {
    Arrays.fill(inputUpdates, 0);
    Arrays.fill(outputUpdates, 0);
    pairs = 0;
  }
}
