package io.sparkdtrain.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Builds a {@link CsrBlock} row by row with growable primitive arrays, checking each row: indices
 * sorted, distinct and within {@code [0, numFeatures)}, values and labels finite. Errors are
 * {@link IllegalArgumentException}s whose message names the row (counted from 0 within the block)
 * and the offending value; the Spark adapters add the column or file name.
 */
public final class CsrBlockBuilder {
  private final int numFeatures;
  private final boolean weighted;
  private int[] rowOffsets = new int[17];
  private int[] indices = new int[64];
  private double[] values = new double[64];
  private double[] labels = new double[16];
  private double[] weights;
  private int rows;
  private int nnz;

  /**
   * An empty builder for rows over {@code numFeatures} features.
   *
   * @param numFeatures dimension of the feature space, {@code >= 1}
   * @param weighted whether rows carry weights (otherwise every weight must be 1)
   */
  public CsrBlockBuilder(int numFeatures, boolean weighted) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException("numFeatures must be >= 1, got " + numFeatures);
    }
    this.numFeatures = numFeatures;
    this.weighted = weighted;
    this.weights = weighted ? new double[16] : null;
  }

  /** Adds one row; {@code idx} must be sorted ascending. Zero values are kept as given. */
  public CsrBlockBuilder addRow(double label, double weight, int[] idx, double[] vals) {
    if (idx.length != vals.length) {
      throw new IllegalArgumentException("row " + rows + ": " + idx.length + " indices but "
          + vals.length + " values");
    }
    if (!Double.isFinite(label)) {
      throw new IllegalArgumentException("row " + rows + ": label is " + label);
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("row " + rows + ": weight must be finite and >= 0, got " + weight);
    }
    if (!weighted && weight != 1.0) {
      throw new IllegalArgumentException("row " + rows + ": weight " + weight + " given to an unweighted block");
    }
    int prev = -1;
    for (int k = 0; k < idx.length; k++) {
      int j = idx[k];
      if (j < 0 || j >= numFeatures) {
        throw new IllegalArgumentException("row " + rows + ": feature index " + j
            + " is outside [0, numFeatures=" + numFeatures + ")");
      }
      if (j <= prev) {
        throw new IllegalArgumentException("row " + rows + ": feature indices must be strictly"
            + " increasing, found " + j + " after " + prev);
      }
      if (!Double.isFinite(vals[k])) {
        throw new IllegalArgumentException("row " + rows + ": feature " + j + " has value " + vals[k]);
      }
      prev = j;
    }
    ensureRowCapacity(rows + 1);
    ensureNnzCapacity(nnz + idx.length);
    System.arraycopy(idx, 0, indices, nnz, idx.length);
    System.arraycopy(vals, 0, values, nnz, vals.length);
    nnz += idx.length;
    labels[rows] = label;
    if (weighted) {
      weights[rows] = weight;
    }
    rows++;
    rowOffsets[rows] = nnz;
    return this;
  }

  /** Adds a dense row (every feature stored). */
  public CsrBlockBuilder addDenseRow(double label, double weight, double[] dense) {
    if (dense.length != numFeatures) {
      throw new IllegalArgumentException("row " + rows + ": dense row has " + dense.length
          + " features, expected numFeatures=" + numFeatures);
    }
    int[] idx = new int[dense.length];
    for (int j = 0; j < idx.length; j++) {
      idx[j] = j;
    }
    return addRow(label, weight, idx, dense);
  }

  /** Rows added so far. */
  public int numRows() { return rows; }

  /** A block holding the rows added so far (trimmed copies; the builder may go on). */
  public CsrBlock build() {
    return new CsrBlock(numFeatures, Arrays.copyOf(rowOffsets, rows + 1),
        Arrays.copyOf(indices, nnz), Arrays.copyOf(values, nnz), Arrays.copyOf(labels, rows),
        weighted ? Arrays.copyOf(weights, rows) : null);
  }

  private void ensureRowCapacity(int n) {
    if (n >= labels.length) {
      int cap = Math.max(n, labels.length * 2);
      labels = Arrays.copyOf(labels, cap);
      rowOffsets = Arrays.copyOf(rowOffsets, cap + 1);
      if (weighted) {
        weights = Arrays.copyOf(weights, cap);
      }
    }
  }

  private void ensureNnzCapacity(int n) {
    if (n > indices.length) {
      int cap = Math.max(n, indices.length * 2);
      indices = Arrays.copyOf(indices, cap);
      values = Arrays.copyOf(values, cap);
    }
  }

  /**
   * A partition's rows as one block: the partition's only non-empty block itself, or a copy of all
   * its rows in order; null when it has no rows.
   */
  public static CsrBlock concat(Iterator<CsrBlock> blocks) {
    List<CsrBlock> list = new ArrayList<>();
    blocks.forEachRemaining(b -> {
      if (b.numRows() > 0) {
        list.add(b);
      }
    });
    if (list.size() <= 1) {
      return list.isEmpty() ? null : list.get(0);
    }
    boolean weighted = list.stream().anyMatch(CsrBlock::hasWeights);
    CsrBlockBuilder builder = new CsrBlockBuilder(list.get(0).numFeatures(), weighted);
    for (CsrBlock b : list) {
      for (int r = 0; r < b.numRows(); r++) {
        builder.addRow(b.label(r), b.weight(r), Arrays.copyOfRange(b.indices(), b.rowStart(r), b.rowEnd(r)),
            Arrays.copyOfRange(b.values(), b.rowStart(r), b.rowEnd(r)));
      }
    }
    return builder.build();
  }

}
