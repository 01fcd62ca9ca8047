package io.sparkdtrain.model.word2vec;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The two embedding tables of skip-gram with negative sampling (Mikolov et al. 2013), flat
 * row-major {@code V x d} arrays as in {@code word2vec.c}: {@code input} ({@code syn0}, the word
 * vectors users get) and {@code output} ({@code syn1neg}, the vectors of the words predicted).
 * Row w occupies {@code [w d, (w + 1) d)}.
 *
 * <p>Stored as {@code float}: 2 x V x d x 4 bytes (80 MB for 100k words of 100 dimensions, half of
 * double), as {@code word2vec.c} does; single precision is enough because every step adds a
 * gradient scaled by a learning rate of at most 0.025 to values of order 0.1-1, and the trained
 * vectors are compared by cosine to two or three significant digits. Half the bytes also means half
 * the memory traffic of the step, which is bound by reading and writing rows.
 *
 * <p>The arrays are exposed, not copied: several threads of one process may train them together
 * (Hogwild!, Niu et al. 2011), each step touching only its own rows.
 */
public final class EmbeddingTables implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numWords;
  private final int vectorSize;
  private final float[] input;
  private final float[] output;

  /** Tables over existing arrays (not copied), each of length {@code numWords x vectorSize}. */
  public EmbeddingTables(int numWords, int vectorSize, float[] input, float[] output) {
    if (numWords < 1) {
      throw new IllegalArgumentException("Cannot create embedding tables for " + numWords + " words, need >= 1");
    }
    if (vectorSize < 1) {
      throw new IllegalArgumentException("Cannot set vectorSize to " + vectorSize + ", the value must be >= 1");
    }
    long cells = (long) numWords * vectorSize;
    if (cells > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(numWords + " words x vectorSize " + vectorSize + " do not fit in one array");
    }
    if (input.length != cells || output.length != cells) {
      throw new IllegalArgumentException("Tables of " + numWords + " x " + vectorSize + " need " + cells
          + " floats each, got input " + input.length + " and output " + output.length);
    }
    this.numWords = numWords;
    this.vectorSize = vectorSize;
    this.input = input;
    this.output = output;
  }

  /**
   * word2vec.c's initialisation: input rows uniform in {@code [-0.5/d, 0.5/d)}, output rows zero.
   */
  public static EmbeddingTables initialise(int numWords, int vectorSize, long seed) {
    if (vectorSize < 1) {
      throw new IllegalArgumentException("Cannot set vectorSize to " + vectorSize + ", the value must be >= 1");
    }
    long cells = (long) Math.max(numWords, 0) * vectorSize;
    if (cells > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(numWords + " words x vectorSize " + vectorSize + " do not fit in one array");
    }
    float[] in = new float[(int) cells];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) ((random.nextDouble() - 0.5) / vectorSize);
    }
    return new EmbeddingTables(numWords, vectorSize, in, new float[(int) cells]);
  }

  public int numWords() { return numWords; }

  public int vectorSize() { return vectorSize; }

  /** The input table ({@code syn0}), shared, not copied. */
  public float[] input() { return input; }

  /** The output table ({@code syn1neg}), shared, not copied. */
  public float[] output() { return output; }

  /** A deep copy. */
  public EmbeddingTables copy() {
    return new EmbeddingTables(numWords, vectorSize, input.clone(), output.clone());
  }

  /** The bytes the two tables hold: {@code 2 x V x d x 4}. */
  public long bytes() {
    return 2L * numWords * vectorSize * Float.BYTES;
  }
}
