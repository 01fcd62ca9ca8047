package io.sparkdtrain.data;

import io.sparkdtrain.model.ExampleBlock;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A block of training examples in compressed sparse row (CSR) form: the compact, cached
 * representation that every strategy trains on. One block per RDD partition (one per worker).
 *
 * <p>Row {@code i} has its feature indices in {@code indices[rowOffsets[i] .. rowOffsets[i+1])},
 * sorted ascending and each below {@code numFeatures}, its values at the same positions, its label in
 * {@code labels[i]} and its weight in {@code weights[i]} ({@code weights == null} means every weight
 * is 1). Dense data is stored the same way with every index present.
 *
 * <p>Pure Java, no Spark: the math layer reads blocks directly. The arrays are shared, not copied;
 * treat a block as immutable once built.
 */
public final class CsrBlock implements Serializable, ExampleBlock {
  private static final long serialVersionUID = 1L;

  private final int numFeatures;
  private final int[] rowOffsets;
  private final int[] indices;
  private final double[] values;
  private final double[] labels;
  private final double[] weights;

  /**
   * Wraps CSR arrays after checking their shapes; the per-entry checks (sorted, in range, finite)
   * are done by {@link CsrBlockBuilder}, which is the normal way to build a block.
   */
  public CsrBlock(int numFeatures, int[] rowOffsets, int[] indices, double[] values,
                  double[] labels, double[] weights) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException("numFeatures must be >= 1, got " + numFeatures);
    }
    int numRows = labels.length;
    if (rowOffsets.length != numRows + 1) {
      throw new IllegalArgumentException("rowOffsets has length " + rowOffsets.length
          + " but " + numRows + " rows need " + (numRows + 1));
    }
    if (indices.length != values.length || rowOffsets[numRows] != indices.length) {
      throw new IllegalArgumentException("indices (" + indices.length + "), values ("
          + values.length + ") and rowOffsets[last] (" + rowOffsets[numRows] + ") must agree");
    }
    if (weights != null && weights.length != numRows) {
      throw new IllegalArgumentException("weights has length " + weights.length
          + " but there are " + numRows + " rows");
    }
    this.numFeatures = numFeatures;
    this.rowOffsets = rowOffsets;
    this.indices = indices;
    this.values = values;
    this.labels = labels;
    this.weights = weights;
  }

  /** Number of rows (examples). */
  @Override
  public int numRows() { return labels.length; }
  /** Dimension of the feature space. */
  public int numFeatures() { return numFeatures; }
  /** Number of stored entries. */
  public long nnz() { return indices.length; }
  /** Position of the row's first entry in {@link #indices()} / {@link #values()}. */
  public int rowStart(int row) { return rowOffsets[row]; }
  /** Position after the row's last entry. */
  public int rowEnd(int row) { return rowOffsets[row + 1]; }
  /** The row's label. */
  public double label(int row) { return labels[row]; }
  /** The row's weight (1 when the block is unweighted). */
  @Override
  public double weight(int row) { return weights == null ? 1.0 : weights[row]; }
  /** Whether the block stores per-row weights. */
  public boolean hasWeights() { return weights != null; }
  /** Shared arrays for the kernels; do not modify. */
  public int[] rowOffsets() { return rowOffsets; }
  /** The feature indices of all rows (shared; do not modify). */
  public int[] indices() { return indices; }
  /** The feature values of all rows (shared; do not modify). */
  public double[] values() { return values; }
  /** The labels (shared; do not modify). */
  public double[] labels() { return labels; }
  /** The per-row weights, or {@code null} when every weight is 1. */
  public double[] weights() { return weights; }

  /** Sum of the row weights (the row count when unweighted). */
  @Override
  public double weightSum() {
    if (weights == null) {
      return numRows();
    }
    double s = 0;
    for (double w : weights) {
      s += w;
    }
    return s;
  }

  /** Bytes held by the arrays: the memory the cached representation costs. */
  public long sizeInBytes() {
    return 4L * rowOffsets.length + 4L * indices.length + 8L * values.length
        + 8L * labels.length + (weights == null ? 0 : 8L * weights.length);
  }

  /** A new block holding the given rows of this one, in the given order. */
  public CsrBlock selectRows(int[] rows) {
    CsrBlockBuilder b = new CsrBlockBuilder(numFeatures, hasWeights());
    for (int r : rows) {
      int s = rowOffsets[r];
      int e = rowOffsets[r + 1];
      b.addRow(labels[r], weight(r), Arrays.copyOfRange(indices, s, e), Arrays.copyOfRange(values, s, e));
    }
    return b.build();
  }

  /** Rows, features and nnz. */
  @Override
  public String toString() {
    return "CsrBlock(rows=" + numRows() + ", numFeatures=" + numFeatures + ", nnz=" + nnz() + ")";
  }
}
