package io.sparkdtrain.math;

import io.sparkdtrain.validation.Require;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A sparse vector: {@code size} and the non-zero entries as parallel arrays of strictly increasing
 * {@code indices} in {@code [0, size)} and finite {@code values}. The only way to build one is
 * {@link #of}, which validates and copies its arguments, so every instance is well formed; the
 * accessors share the internal arrays (as {@code CsrBlock} does), so treat them as read-only and
 * the vector is immutable.
 *
 * <p>Operations with a dense operand cost O(nnz), independent of {@code size}; they are the
 * {@link SparseKernels} loops applied to the whole vector.
 */
public final class SparseVector implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int size;
  private final int[] indices;
  private final double[] values;

  private SparseVector(int size, int[] indices, double[] values) {
    this.size = size;
    this.indices = indices;
    this.values = values;
  }

  /**
   * Validates and copies the entries of a sparse vector.
   *
   * @param size the dimension, {@code >= 0}
   * @param indices strictly increasing indices in {@code [0, size)}
   * @param values finite values, one per index (zeros are kept as given)
   * @return the vector
   * @throws IllegalArgumentException naming the parameter and the offending value if any
   *     condition fails
   */
  public static SparseVector of(int size, int[] indices, double[] values) {
    Require.atLeast("size", size, 0);
    if (indices == null || values == null) {
      throw new IllegalArgumentException("indices and values must not be null");
    }
    if (indices.length != values.length) {
      throw new IllegalArgumentException("indices and values must have the same length, got "
          + indices.length + " indices and " + values.length + " values");
    }
    int prev = -1;
    for (int k = 0; k < indices.length; k++) {
      int j = indices[k];
      if (j < 0 || j >= size) {
        throw new IllegalArgumentException("indices[" + k + "] = " + j + " is outside [0, size="
            + size + ")");
      }
      if (j <= prev) {
        throw new IllegalArgumentException("indices must be strictly increasing, found indices["
            + k + "] = " + j + " after " + prev);
      }
      if (!Double.isFinite(values[k])) {
        throw new IllegalArgumentException("values[" + k + "] = " + values[k] + " (index " + j
            + ") must be finite");
      }
      prev = j;
    }
    return new SparseVector(size, indices.clone(), values.clone());
  }

  /** The dimension. */
  public int size() {
    return size;
  }

  /** The number of stored entries. */
  public int nnz() {
    return indices.length;
  }

  /**
   * The stored indices, strictly increasing: the internal array, shared (not copied) so kernels
   * can read it without allocation; do not modify.
   */
  public int[] indices() {
    return indices;
  }

  /** The stored values, parallel to {@link #indices()}: the internal array, shared; do not modify. */
  public double[] values() {
    return values;
  }

  /**
   * The dot product with a dense array, in O(nnz).
   *
   * @param dense an array of length {@link #size()}
   * @return {@code sum_k values[k] * dense[indices[k]]}
   * @throws IllegalArgumentException if {@code dense.length != size()}
   */
  public double dot(double[] dense) {
    checkDense(dense);
    return SparseKernels.dot(indices, values, 0, indices.length, dense, 0);
  }

  /**
   * {@code dense += a * this}, in place, in O(nnz).
   *
   * @param a scalar multiplier
   * @param dense an array of length {@link #size()}
   * @throws IllegalArgumentException if {@code dense.length != size()}
   */
  public void addTo(double a, double[] dense) {
    checkDense(dense);
    SparseKernels.axpy(a, indices, values, 0, indices.length, dense, 0);
  }

  /** A new dense array of length {@link #size()} holding this vector. */
  public double[] toDense() {
    double[] d = new double[size];
    for (int k = 0; k < indices.length; k++) {
      d[indices[k]] = values[k];
    }
    return d;
  }

  /** Equal when size, indices and values are equal (stored zeros count as entries). */
  @Override
  public boolean equals(Object o) {
    return o instanceof SparseVector s && s.size == size && Arrays.equals(s.indices, indices)
        && Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return (size * 31 + Arrays.hashCode(indices)) * 31 + Arrays.hashCode(values);
  }

  /** Size, nnz and, for up to 20 entries, the entries. */
  @Override
  public String toString() {
    return indices.length <= 20
        ? "SparseVector(" + size + ", " + Arrays.toString(indices) + ", " + Arrays.toString(values) + ")"
        : "SparseVector(size=" + size + ", nnz=" + indices.length + ")";
  }

  private void checkDense(double[] dense) {
    if (dense.length != size) {
      throw new IllegalArgumentException("Dense array has length " + dense.length
          + " but the sparse vector has size " + size);
    }
  }
}
