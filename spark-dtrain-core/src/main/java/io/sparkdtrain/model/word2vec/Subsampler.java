package io.sparkdtrain.model.word2vec;

import java.io.Serializable;

/**
 * Frequent-word subsampling of Mikolov et al. 2013 (Section 2.3), with {@code word2vec.c}'s formula:
 * an occurrence of a word of count f, in a corpus of T words, is kept with probability
 * {@code min(1, (sqrt(f / (s T)) + 1) (s T) / f)} for the threshold s ({@code sample}, typically
 * 1e-3 to 1e-5). {@code sample <= 0} keeps every word. Immutable; the randomness comes from the
 * caller's {@link StepRandom}, so one instance serves every thread.
 */
public final class Subsampler implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double sample;
  private final double[] keep;
  private final boolean keepsAll;

  /**
   * @param vocabulary the words and their counts (f and T)
   * @param sample s; {@code <= 0} disables subsampling
   */
  public Subsampler(Vocabulary vocabulary, double sample) {
    if (Double.isNaN(sample) || Double.isInfinite(sample)) {
      throw new IllegalArgumentException("Cannot set sample to " + sample + ", the value must be finite");
    }
    this.sample = sample;
    this.keep = new double[vocabulary.size()];
    boolean all = true;
    double threshold = sample * vocabulary.totalCount();
    for (int i = 0; i < keep.length; i++) {
      keep[i] = sample <= 0 ? 1.0 : keepProbability(vocabulary.count(i), threshold);
      all &= keep[i] >= 1.0;
    }
    this.keepsAll = all;
  }

  /** {@code word2vec.c}'s keep probability for count f and {@code sT = sample x totalCount}, at most 1. */
  static double keepProbability(long f, double sampleTimesTotal) {
    double p = (Math.sqrt(f / sampleTimesTotal) + 1) * sampleTimesTotal / f;
    return Math.min(1.0, p);
  }

  /** The probability that an occurrence of word {@code index} is kept. */
  public double keepProbability(int index) {
    return keep[index];
  }

  /** The threshold s this subsampler was built with. */
  public double sample() {
    return sample;
  }

  /**
   * Copies the kept words of {@code sentence[from, to)} into {@code out} (from index 0) and returns
   * how many were kept. Allocates nothing.
   */
  public int subsample(int[] sentence, int from, int to, StepRandom random, int[] out) {
    int n = 0;
    if (keepsAll) {
      System.arraycopy(sentence, from, out, 0, to - from);
      return to - from;
    }
    for (int i = from; i < to; i++) {
      int w = sentence[i];
      double p = keep[w];
      if (p >= 1.0 || random.nextDouble() < p) {
        out[n++] = w;
      }
    }
    return n;
  }
}
