package io.sparkdtrain.data;

import java.util.SplittableRandom;

/**
 * Seeded mini-batch sampling shared by every strategy, so that strategies that should coincide
 * (synchronous SGD and Local SGD with one local step) draw the same rows. A batch is
 * {@code max(1, round(fraction x rows))} row indices drawn uniformly with replacement from a
 * generator seeded by (run seed, step, partition): O(batch), not O(rows). A fraction of 1 means
 * every row, in order.
 */
public final class MiniBatchSampler {
  private MiniBatchSampler() {}

  /** Number of rows a batch of {@code fraction} takes from {@code numRows} rows. */
  public static int batchSize(int numRows, double fraction) {
    if (numRows == 0) {
      return 0;
    }
    return fraction >= 1.0 ? numRows : (int) Math.max(1, Math.round(fraction * numRows));
  }

  /**
   * Fills {@code out[0..size)} with the batch's row indices and returns the size.
   *
   * @param out at least {@link #batchSize} long
   */
  public static int sample(long seed, long step, int partition, int numRows, double fraction, int[] out) {
    int size = batchSize(numRows, fraction);
    if (size == numRows && fraction >= 1.0) {
      for (int i = 0; i < size; i++) {
        out[i] = i;
      }
      return size;
    }
    SplittableRandom r = generator(seed, step, partition);
    for (int i = 0; i < size; i++) {
      out[i] = r.nextInt(numRows);
    }
    return size;
  }

  /** A generator for (seed, step, partition), decorrelated by a 64-bit mix. */
  public static SplittableRandom generator(long seed, long step, int partition) {
    long h = seed;
    h = mix(h ^ (step * 0x9E3779B97F4A7C15L));
    h = mix(h ^ ((partition + 1L) * 0xC2B2AE3D27D4EB4FL));
    return new SplittableRandom(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
