package io.sparkdtrain.data;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts gathered in one distributed pass over the blocks: rows, non-zeros, weight sum, per-partition
 * row counts, the largest label, the mean and largest squared row norm {@code ||x_i||^2} (what
 * {@link io.sparkdtrain.engine.StepSizeDefaults} derives a default step size from), and the labels a
 * loss does not accept (with how many rows carry each). Mergeable, so it is the value of a
 * {@code treeAggregate}.
 */
public final class DataStats implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_REPORTED_LABELS = 10;

  private long rows;
  private long nnz;
  private double weightSum;
  private double maxLabel = Double.NEGATIVE_INFINITY;
  private double sumSquaredNorm;
  private double maxSquaredNorm;
  private final TreeMap<Double, Long> invalidLabels = new TreeMap<>();

  /** Statistics of one block; labels are checked against {@code loss} when it is not null. */
  public static DataStats of(CsrBlock block, LabelDomain loss) {
    DataStats s = new DataStats();
    s.rows = block.numRows();
    s.nnz = block.nnz();
    s.weightSum = block.weightSum();
    double[] values = block.values();
    for (int i = 0; i < block.numRows(); i++) {
      double norm2 = 0;
      for (int k = block.rowStart(i); k < block.rowEnd(i); k++) {
        norm2 += values[k] * values[k];
      }
      s.sumSquaredNorm += norm2;
      s.maxSquaredNorm = Math.max(s.maxSquaredNorm, norm2);
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
    sumSquaredNorm += other.sumSquaredNorm;
    maxSquaredNorm = Math.max(maxSquaredNorm, other.maxSquaredNorm);
    for (Map.Entry<Double, Long> e : other.invalidLabels.entrySet()) {
      addInvalid(e.getKey(), e.getValue());
    }
    return this;
  }

  public long rows() { return rows; }
  public long nnz() { return nnz; }
  public double weightSum() { return weightSum; }
  public double maxLabel() { return maxLabel; }
  /** The mean over rows of the squared L2 norm of the features, {@code (1/n) sum_i ||x_i||^2}. */
  public double meanSquaredNorm() { return rows == 0 ? 0 : sumSquaredNorm / rows; }
  /** The largest squared L2 norm of a row's features, {@code max_i ||x_i||^2}. */
  public double maxSquaredNorm() { return maxSquaredNorm; }
  /** Up to ten labels the loss rejects, with their row counts, smallest first. */
  public Map<Double, Long> invalidLabels() { return invalidLabels; }

  @Override
  public String toString() {
    return "DataStats(rows=" + rows + ", nnz=" + nnz + ", weightSum=" + weightSum + ")";
  }
}
