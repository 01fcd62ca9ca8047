package io.sparkdtrain.model;

/**
 * A {@link Model} that classifies: each row's label is one of {@link #numClasses()} class indices
 * and the model gives every class a probability. This is the hook behind the engine's held-out
 * classification metrics (accuracy, log-loss, and AUC for two classes) of any classifier, computed
 * by {@code metrics.MetricsAccumulator}; the linear family keeps its margin-based path there.
 *
 * <p>Batch-first: {@link #classProbabilities} takes a run of consecutive rows, so a network passes a
 * chunk of rows through one forward pass (matrix products) instead of one row at a time. The
 * predicted class is the most probable one (ties to the lowest index). Pure Java: no Spark.
 *
 * @param <B> the block type the model reads
 */
public interface Classifier<B extends ExampleBlock> extends Model<B> {

  /** The number of classes {@code K} (at least 2); labels are {@code 0 .. K-1}. */
  int numClasses();

  /**
   * The class index of row {@code row}'s label.
   *
   * @throws IllegalArgumentException if the label is not a class index {@code 0 .. K-1}
   */
  int classIndex(B block, int row);

  /**
   * The class probabilities of rows {@code [from, from + count)} of {@code block} at parameters
   * {@code w}, row-major into {@code out[0 .. count x numClasses())} (each row sums to 1). No
   * training-only randomness (dropout) applies.
   *
   * @param ws scratch from {@link #newWorkspace()}, one per thread
   */
  void classProbabilities(B block, int from, int count, double[] w, double[] out, Workspace ws);
}
