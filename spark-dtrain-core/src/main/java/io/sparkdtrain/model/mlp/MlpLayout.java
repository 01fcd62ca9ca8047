package io.sparkdtrain.model.mlp;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The layer sizes of a feed-forward network and where each layer's parameters sit in the model's
 * one flat {@code double[]}: layer {@code l} (1-based, from {@code sizes[l-1]} inputs to
 * {@code sizes[l]} outputs) stores its weight matrix row-major ({@code sizes[l] x sizes[l-1]}, one
 * row per output unit) followed by its {@code sizes[l]} biases:
 *
 * <pre>
 *   [ W_1 (n1 x n0) | b_1 (n1) | W_2 (n2 x n1) | b_2 (n2) | ... ]
 * </pre>
 *
 * <p>{@code sizes} are written as MLlib's {@code MultilayerPerceptronClassifier.layers}: input
 * size first, the number of classes last, hidden sizes between.
 */
public final class MlpLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] sizes;
  private final int[] weightOffsets;
  private final int[] biasOffsets;
  private final int dimension;

  /**
   * The layout of a network with the given layer sizes.
   *
   * @param sizes input size, hidden sizes, number of classes; at least two entries, each >= 1, and
   *     the last >= 2
   * @throws IllegalArgumentException naming {@code layers} and the value when a check fails
   */
  public MlpLayout(int... sizes) {
    if (sizes == null || sizes.length < 2) {
      throw new IllegalArgumentException("Cannot set layers to " + Arrays.toString(sizes)
          + ", the value must list the input size and the number of classes, with hidden sizes between");
    }
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] < 1) {
        throw new IllegalArgumentException("Cannot set layers to " + Arrays.toString(sizes)
            + ", every size must be >= 1 (layer " + i + " is " + sizes[i] + ")");
      }
    }
    if (sizes[sizes.length - 1] < 2) {
      throw new IllegalArgumentException("Cannot set layers to " + Arrays.toString(sizes)
          + ", the last size is the number of classes and must be >= 2");
    }
    this.sizes = sizes.clone();
    this.weightOffsets = new int[sizes.length];
    this.biasOffsets = new int[sizes.length];
    long offset = 0;
    for (int l = 1; l < sizes.length; l++) {
      weightOffsets[l] = (int) offset;
      offset += (long) sizes[l] * sizes[l - 1];
      biasOffsets[l] = (int) Math.min(offset, Integer.MAX_VALUE);
      offset += sizes[l];
      if (offset > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("Cannot set layers to " + Arrays.toString(sizes)
            + ", the network's parameters do not fit in one array");
      }
    }
    this.dimension = (int) offset;
  }

  /** The number of weight layers (sizes minus one). */
  public int numLayers() { return sizes.length - 1; }
  /** The input size. */
  public int numInputs() { return sizes[0]; }
  /** The number of classes (the output size). */
  public int numClasses() { return sizes[sizes.length - 1]; }
  /** The size of layer {@code l} (0 = input). */
  public int size(int l) { return sizes[l]; }
  /** All sizes, input first (a copy). */
  public int[] sizes() { return sizes.clone(); }
  /** The widest layer, the input included. */
  public int maxWidth() { return Arrays.stream(sizes).max().orElse(0); }
  /** Offset of layer {@code l}'s weight matrix ({@code l >= 1}). */
  public int weightOffset(int l) { return weightOffsets[l]; }
  /** Offset of layer {@code l}'s biases ({@code l >= 1}). */
  public int biasOffset(int l) { return biasOffsets[l]; }
  /** Total number of parameters. */
  public int dimension() { return dimension; }

  /** True when parameter {@code i} is a bias (never penalised). */
  public boolean isBias(int i) {
    for (int l = 1; l < sizes.length; l++) {
      if (i >= biasOffsets[l] && i < biasOffsets[l] + sizes[l]) {
        return true;
      }
    }
    return false;
  }

  /** The sizes written as on the command line, for example {@code 784,256,10}. */
  public String spec() {
    StringBuilder b = new StringBuilder();
    for (int s : sizes) {
      b.append(b.length() == 0 ? "" : ",").append(s);
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlpLayout m && Arrays.equals(m.sizes, sizes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sizes);
  }

  @Override
  public String toString() {
    return "MlpLayout(" + spec() + ", dimension=" + dimension + ")";
  }
}
