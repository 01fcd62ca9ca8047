package io.sparkdtrain.model.word2vec;

/**
 * A small, allocation-free, seeded random generator for the training loop (SplitMix64, Steele, Lea
 * and Flood, "Fast Splittable Pseudorandom Number Generators", OOPSLA 2014; the same mixing as
 * {@link java.util.SplittableRandom}). One instance per training thread, never shared: it replaces
 * {@code word2vec.c}'s per-thread linear congruential {@code next_random}, whose low bits are
 * weak.
 */
public final class StepRandom {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private long state;

  /** A generator whose sequence depends only on {@code seed}. */
  public StepRandom(long seed) {
    this.state = seed;
  }

  /** 64 uniformly distributed bits. */
  public long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Uniform in {@code [0, 1)} with 53 bits of precision. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * Uniform in {@code [0, bound)} for {@code bound >= 1} (Lemire's multiply-shift on 32 random
   * bits; the bias is below {@code bound / 2^32}, negligible for window sizes and table indices).
   */
  public int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }
}
