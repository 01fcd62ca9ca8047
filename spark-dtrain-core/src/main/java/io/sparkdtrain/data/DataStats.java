package io.sparkdtrain.data;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts gathered in one distributed pass over the blocks: rows, non-zeros, weight sum, per-partition
 * row counts, the largest label, and the labels a loss does not accept (with how many rows carry
 * each). Mergeable, so it is the value of a {@code treeAggregate}.
 */
public final class DataStats implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_REPORTED_LABELS = 10;

  private long rows;
  private long nnz;
  private double weightSum;
  private double maxLabel = Double.NEGATIVE_INFINITY;
  private final TreeMap<Double, Long> invalidLabels = new TreeMap<>();

  /** Statistics of one block; labels are checked against {@code loss} when it is not null. */
  public static DataStats of(CsrBlock block, LabelDomain loss) {
    DataStats s = new DataStats();
    s.rows = block.numRows();
    s.nnz = block.nnz();
    s.weightSum = block.weightSum();
    for (int i = 0; i < block.numRows(); i++) {
      double y = block.label(i);
      s.maxLabel = Math.max(s.maxLabel, y);
      if (loss != null && !loss.isValidLabel(y)) {
        s.addInvalid(y, 1);
      }
    }
    return s;
  }

  private void addInvalid(double label, long count) {
    invalidLabels.merge(label, count, Long::sum);
    while (invalidLabels.size() > MAX_REPORTED_LABELS) {
      invalidLabels.pollLastEntry();
    }
  }

  /** Adds {@code other} into this and returns this. */
  public DataStats merge(DataStats other) {
    rows += other.rows;
    nnz += other.nnz;
    weightSum += other.weightSum;
    maxLabel = Math.max(maxLabel, other.maxLabel);
    for (Map.Entry<Double, Long> e : other.invalidLabels.entrySet()) {
      addInvalid(e.getKey(), e.getValue());
    }
    return this;
  }

  public long rows() { return rows; }
  public long nnz() { return nnz; }
  public double weightSum() { return weightSum; }
  public double maxLabel() { return maxLabel; }
  /** Up to ten labels the loss rejects, with their row counts, smallest first. */
  public Map<Double, Long> invalidLabels() { return invalidLabels; }

  @Override
  public String toString() {
    return "DataStats(rows=" + rows + ", nnz=" + nnz + ", weightSum=" + weightSum + ")";
  }
}
