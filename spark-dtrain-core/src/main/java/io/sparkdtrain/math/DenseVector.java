package io.sparkdtrain.math;

import io.sparkdtrain.validation.Require;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A dense vector wrapping a {@code double[]} without copying it: {@link #values()} is the live
 * backing array, and the in-place operations ({@link #axpy}, {@link #scale}) write through to it.
 * Dense-dense operations go through {@link Blas}; sparse operands through {@link SparseVector},
 * costing O(nnz).
 *
 * <p>Operations between vectors of different sizes throw an {@link IllegalArgumentException}
 * naming both sizes.
 */
public final class DenseVector implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] values;

  /**
   * Wraps {@code values} (not copied).
   *
   * @param values the backing array
   * @throws NullPointerException if {@code values} is null
   */
  public DenseVector(double[] values) {
    if (values == null) {
      throw new NullPointerException("values must not be null");
    }
    this.values = values;
  }

  /**
   * A vector of {@code size} zeros.
   *
   * @param size the number of elements, {@code >= 0}
   * @return a new zero vector
   * @throws IllegalArgumentException if {@code size < 0}
   */
  public static DenseVector zeros(int size) {
    Require.atLeast("size", size, 0);
    return new DenseVector(new double[size]);
  }

  /** The number of elements. */
  public int size() {
    return values.length;
  }

  /** The backing array itself (not a copy); writes to it change this vector. */
  public double[] values() {
    return values;
  }

  /**
   * The dot product with another dense vector.
   *
   * @param other a vector of the same size
   * @return {@code sum_i this[i] * other[i]}
   */
  public double dot(DenseVector other) {
    checkSize(other.size());
    return Blas.dot(values, other.values);
  }

  /**
   * The dot product with a sparse vector, in O(nnz of {@code other}).
   *
   * @param other a vector of the same size
   * @return {@code sum_i this[i] * other[i]}
   */
  public double dot(SparseVector other) {
    checkSize(other.size());
    return other.dot(values);
  }

  /**
   * {@code this += a * x}, in place.
   *
   * @param a scalar multiplier
   * @param x a vector of the same size, unchanged
   * @return this vector
   */
  public DenseVector axpy(double a, DenseVector x) {
    checkSize(x.size());
    Blas.axpy(a, x.values, values);
    return this;
  }

  /**
   * {@code this += a * x} for a sparse {@code x}, in place, in O(nnz of {@code x}).
   *
   * @param a scalar multiplier
   * @param x a vector of the same size, unchanged
   * @return this vector
   */
  public DenseVector axpy(double a, SparseVector x) {
    checkSize(x.size());
    x.addTo(a, values);
    return this;
  }

  /**
   * {@code this *= a}, in place.
   *
   * @param a scalar multiplier
   * @return this vector
   */
  public DenseVector scale(double a) {
    Blas.scal(a, values);
    return this;
  }

  /** The Euclidean norm. */
  public double norm2() {
    return Blas.norm2(values);
  }

  /** A deep copy (new backing array). */
  public DenseVector copy() {
    return new DenseVector(values.clone());
  }

  /** Equal when the other is a dense vector with element-wise equal values ({@link Arrays#equals}). */
  @Override
  public boolean equals(Object o) {
    return o instanceof DenseVector d && Arrays.equals(values, d.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  /** The size and, for vectors of up to 20 elements, the values. */
  @Override
  public String toString() {
    return values.length <= 20
        ? "DenseVector" + Arrays.toString(values)
        : "DenseVector(size=" + values.length + ")";
  }

  private void checkSize(int otherSize) {
    if (otherSize != values.length) {
      throw new IllegalArgumentException("Vector sizes differ: this vector has size " + values.length
          + ", the other has size " + otherSize);
    }
  }
}
