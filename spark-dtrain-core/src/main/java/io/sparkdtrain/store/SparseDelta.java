package io.sparkdtrain.store;

import java.io.Serializable;

/**
 * One task's update to a parameter store: the coordinates it changed and their change, where it ran
 * ({@code source}: the executor id, so the driver can average per executor) and what it read
 * ({@code readVersion}: the store version of the snapshot it started from, for staleness). The
 * arrays are shared, not copied; treat a delta as immutable.
 *
 * @param source executor id of the task ("driver" in local mode)
 * @param readVersion store version of the snapshot the task started from
 * @param sequence order of this delta among the deltas of its source (an executor-local counter;
 *     0 where the order does not matter)
 * @param steps updates (examples or ratings) the task applied locally
 * @param nanos the task's compute time
 * @param indices touched coordinates, each once
 * @param values the change of each touched coordinate (what exactly is the producer's contract:
 *     Hogwild! ships its executor's cumulative change, see {@code HogwildRun})
 */
public record SparseDelta(String source, long readVersion, long sequence, long steps, long nanos, int[] indices,
                          double[] values) implements Serializable {
  /** Bytes of the fixed part of a delta as it travels (version, counters, lengths). */
  public static final long HEADER_BYTES = 48;

  public SparseDelta {
    if (indices.length != values.length) {
      throw new IllegalArgumentException("indices (" + indices.length + ") and values ("
          + values.length + ") must have the same length");
    }
  }

  /** Number of coordinates carried. */
  public int nnz() {
    return indices.length;
  }

  /** Bytes shipped: 4 per index, 8 per value, plus the header. */
  public long bytes() {
    return 12L * indices.length + HEADER_BYTES;
  }

  @Override
  public String toString() {
    return "SparseDelta(source=" + source + ", readVersion=" + readVersion + ", sequence=" + sequence + ", steps=" + steps
        + ", nnz=" + indices.length + ")";
  }
}
