package io.sparkdtrain.engine;

import io.sparkdtrain.model.linear.ModelShape;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What the partitions of one {@link LocalSgd} round send to the driver, and their sum.
 *
 * <p>Partition k starts the round at {@code w} and ends it at {@code w_k}. With an L2 penalty its
 * local optimiser multiplies every penalised weight by the same factor {@code c_k} (the product of
 * {@code 1 - lr lambda} over its steps) and adds gradient terms on the coordinates its rows touch
 * only, so {@code w_k = c_k w + u_k} (intercepts: {@code c_k = 1}) with {@code u_k} as sparse as the
 * rows the partition sampled. The message is therefore the scalar {@code n_k (c_k - 1)} and the
 * vector {@code n_k u_k}, dense or sparse, weighted by the partition's weight sum {@code n_k}.
 * Summed over partitions, {@code sum_k n_k (w_k - w) = decay() w_pen + sum_k n_k u_k}, so the
 * driver recovers the weighted average model without any partition shipping the dense decay.
 *
 * <p>With top-k sparsification ({@link LocalSgdConfig#topK()}) the vector is only the shipped part
 * of {@code n_k u_k} plus the partition's error-feedback residual (see {@link LocalSgd}); the scalar
 * is always exact, and {@link #bytes()} counts the coordinates actually shipped.
 *
 * <p>{@link #merge} adds two values (the left one is updated and returned). Sparse plus sparse
 * stays sparse until 12 bytes per non-zero reach 8 bytes per parameter; the sums are the same
 * floating-point additions either way, so the encoding never changes the model.
 */
public final class LocalUpdate implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Counters a message carries besides the vector: weight, decay, steps. */
  public static final long HEADER_BYTES = 24;

  private int dimension;
  private double weight;
  private double decay;
  private long steps;
  private long bytes;
  private int sparseMessages;
  private double[] dense;
  private int[] indices;
  private double[] values;
  private int nnz;

  private LocalUpdate() {}

  /** A partition that holds no weight: contributes nothing, ships only the header. */
  public static LocalUpdate empty(int dimension) {
    LocalUpdate u = new LocalUpdate();
    u.dimension = dimension;
    u.indices = new int[0];
    u.values = new double[0];
    u.bytes = HEADER_BYTES;
    u.sparseMessages = 1;
    return u;
  }

  /**
   * One partition's message.
   *
   * @param weightedU {@code n_k u_k} (taken, not copied)
   * @param sparse whether to encode it sparsely
   */
  public static LocalUpdate of(double n, double decayFactor, long steps, double[] weightedU, boolean sparse) {
    LocalUpdate u = new LocalUpdate();
    u.dimension = weightedU.length;
    u.weight = n;
    u.decay = n * (decayFactor - 1.0);
    u.steps = steps;
    if (sparse) {
      int count = countNonZeros(weightedU);
      int[] indices = new int[count];
      double[] values = new double[count];
      for (int i = 0, j = 0; i < weightedU.length; i++) {
        if (weightedU[i] != 0.0) {
          indices[j] = i;
          values[j++] = weightedU[i];
        }
      }
      u.setSparse(indices, values, count);
    } else {
      u.dense = weightedU;
      u.bytes = denseBytes(weightedU.length);
    }
    return u;
  }

  /**
   * One partition's message, sparse, from the non-zeros of {@code n_k u_k}: {@code indices[0..count)}
   * ascending with their {@code values} (both taken, not copied; zeros must be left out). The same
   * message {@link #of} builds from the dense vector with {@code sparse = true}.
   */
  public static LocalUpdate ofSparse(double n, double decayFactor, long steps, int dimension, int[] indices,
                              double[] values, int count) {
    LocalUpdate u = new LocalUpdate();
    u.dimension = dimension;
    u.weight = n;
    u.decay = n * (decayFactor - 1.0);
    u.steps = steps;
    u.setSparse(indices, values, count);
    return u;
  }

  private void setSparse(int[] idx, double[] val, int count) {
    indices = idx;
    values = val;
    nnz = count;
    bytes = sparseBytes(count);
    sparseMessages = 1;
  }

  /** Bytes of a dense message: 8 per parameter plus the header. */
  public static long denseBytes(int dimension) {
    return 8L * dimension + HEADER_BYTES;
  }

  /** Bytes of a sparse message: 4 (index) + 8 (value) per non-zero plus the header. */
  public static long sparseBytes(long nnz) {
    return 12L * nnz + HEADER_BYTES;
  }

  public static int countNonZeros(double[] v) {
    int count = 0;
    for (double x : v) {
      if (x != 0.0) {
        count++;
      }
    }
    return count;
  }

  /** Adds {@code other} into this value and returns it. */
  public LocalUpdate merge(LocalUpdate other) {
    if (other.dimension != dimension) {
      throw new IllegalArgumentException("cannot merge a local update of dimension " + other.dimension
          + " into one of dimension " + dimension);
    }
    weight += other.weight;
    decay += other.decay;
    steps += other.steps;
    bytes += other.bytes;
    sparseMessages += other.sparseMessages;
    if (dense == null && other.dense == null) {
      mergeSparse(other);
    } else {
      if (dense == null) {
        dense = scatter(indices, values, nnz, dimension);
        indices = null;
        values = null;
        nnz = 0;
      }
      if (other.dense != null) {
        for (int i = 0; i < dimension; i++) {
          dense[i] += other.dense[i];
        }
      } else {
        for (int j = 0; j < other.nnz; j++) {
          dense[other.indices[j]] += other.values[j];
        }
      }
    }
    return this;
  }

  private void mergeSparse(LocalUpdate other) {
    int[] idx = new int[nnz + other.nnz];
    double[] val = new double[idx.length];
    int a = 0;
    int b = 0;
    int n = 0;
    while (a < nnz || b < other.nnz) {
      if (b >= other.nnz || (a < nnz && indices[a] < other.indices[b])) {
        idx[n] = indices[a];
        val[n++] = values[a++];
      } else if (a >= nnz || other.indices[b] < indices[a]) {
        idx[n] = other.indices[b];
        val[n++] = other.values[b++];
      } else {
        idx[n] = indices[a];
        val[n++] = values[a++] + other.values[b++];
      }
    }
    if (sparseBytes(n) >= denseBytes(dimension)) {
      dense = scatter(idx, val, n, dimension);
      indices = null;
      values = null;
      nnz = 0;
    } else {
      indices = idx;
      values = val;
      nnz = n;
    }
  }

  private static double[] scatter(int[] idx, double[] val, int n, int dimension) {
    double[] out = new double[dimension];
    for (int j = 0; j < n; j++) {
      out[idx[j]] = val[j];
    }
    return out;
  }

  /**
   * The averaged pseudo-gradient {@code g = w - sum_k n_k w_k / sum_k n_k} for a round that started
   * at {@code w}: the direction the outer optimiser steps against.
   *
   * @throws IllegalStateException if no partition carried weight
   */
  public double[] pseudoGradient(double[] w, ModelShape shape) {
    return pseudoGradient(w, i -> !shape.isIntercept(i));
  }

  /**
   * As {@link #pseudoGradient(double[], ModelShape)} for any model: the decay applies where
   * {@code decays} holds ({@code Model::decays}).
   *
   * @throws IllegalStateException if no partition carried weight
   */
  public double[] pseudoGradient(double[] w, java.util.function.IntPredicate decays) {
    if (!(weight > 0)) {
      throw new IllegalStateException("no partition carried weight this round");
    }
    double shrink = decay / weight;
    double[] g = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      g[i] = decays.test(i) ? -shrink * w[i] : 0.0;
    }
    if (dense != null) {
      for (int i = 0; i < dimension; i++) {
        g[i] -= dense[i] / weight;
      }
    } else {
      for (int j = 0; j < nnz; j++) {
        g[indices[j]] -= values[j] / weight;
      }
    }
    return g;
  }

  /** Sum of the contributing partitions' weights {@code sum_k n_k}. */
  public double weight() { return weight; }
  /** {@code sum_k n_k (c_k - 1)}. */
  public double decay() { return decay; }
  /** Local steps taken, summed over partitions. */
  public long steps() { return steps; }
  /** Bytes of the partitions' messages as they were encoded. */
  public long bytes() { return bytes; }
  /** How many partitions' messages were sparse. */
  public int sparseMessages() { return sparseMessages; }
  /** Whether the current sum is held sparsely. */
  public boolean isSparse() { return dense == null; }

  /** The summed vector {@code sum_k n_k u_k} as a dense array (a copy). */
  public double[] vector() {
    return dense != null ? dense.clone() : scatter(indices, values, nnz, dimension);
  }

  @Override
  public String toString() {
    return "LocalUpdate(dimension=" + dimension + ", weight=" + weight + ", decay=" + decay
        + ", steps=" + steps + ", bytes=" + bytes + ", " + (dense != null ? "dense"
        : "sparse nnz=" + nnz + " " + Arrays.toString(Arrays.copyOf(indices, Math.min(nnz, 8)))) + ")";
  }
}
