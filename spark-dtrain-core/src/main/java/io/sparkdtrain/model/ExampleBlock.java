package io.sparkdtrain.model;

/**
 * A block of training examples that a {@link Model} reads: one cached block per partition (worker),
 * its rows numbered {@code [0, numRows())}, each with a non-negative weight. The layout of a row is
 * the model family's business ({@code CsrBlock}: sparse feature rows with labels;
 * {@code RatingsBlock}: (user, item, rating) triples; a word2vec sentence block or a dense block
 * later). Blocks are immutable once built and shared, not copied.
 */
public interface ExampleBlock {

  /** Number of training rows. */
  int numRows();

  /** The weight of row {@code row} (1 for unweighted data). */
  double weight(int row);

  /** Sum of the row weights (the row count when unweighted). */
  default double weightSum() {
    double s = 0;
    for (int i = 0; i < numRows(); i++) {
      s += weight(i);
    }
    return s;
  }

  /** Sum of the weights of {@code rows[0..count)} (a mini-batch; a row drawn twice counts twice). */
  default double weightSum(int[] rows, int count) {
    double s = 0;
    for (int r = 0; r < count; r++) {
      s += weight(rows[r]);
    }
    return s;
  }
}
