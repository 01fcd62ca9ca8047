package io.sparkdtrain.data;

import io.sparkdtrain.math.Softmax;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The seeded sampling and rounding that {@link ClientPartitioner}'s plans are made of, in plain Java:
 * Dirichlet draws (from Gamma variates, Marsaglia and Tsang 2000), largest-remainder apportionment
 * of a row count, Fisher-Yates shuffles, and the per-group client tables that
 * {@link ClientPartitioning} reads row by row.
 */
final class ClientSplitSampling {
  private ClientSplitSampling() {}

  static double[] uniform(int k) {
    double[] p = new double[k];
    Arrays.fill(p, 1.0);
    return p;
  }

  /** A Dir(alpha 1_k) sample, computed from log-Gammas so tiny alpha does not underflow to 0/0. */
  static double[] dirichletSample(SplittableRandom r, int k, double alpha) {
    double[] logs = new double[k];
    for (int i = 0; i < k; i++) {
      logs[i] = logGamma(r, alpha);
    }
    Softmax.probabilities(logs, k, logs); // Gamma draws over their sum, from their logs
    return logs;
  }

  /**
   * log of a Gamma(a, 1) draw: Marsaglia and Tsang (2000) for a >= 1; for a < 1,
   * {@code Gamma(a) = Gamma(a + 1) U^(1/a)}.
   */
  private static double logGamma(SplittableRandom r, double a) {
    if (a < 1) {
      double u = 1.0 - r.nextDouble(); // (0, 1]
      return logGamma(r, a + 1) + Math.log(u) / a;
    }
    double d = a - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = r.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1.0 - r.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return Math.log(d * v);
      }
    }
  }

  /**
   * Splits {@code n} into integers proportional to {@code weights} (largest remainder; ties to the
   * lower index), each at least {@code min}.
   */
  static long[] apportion(long n, double[] weights, long min) {
    int k = weights.length;
    double total = Arrays.stream(weights).sum();
    long[] out = new long[k];
    double[] rem = new double[k];
    long given = 0;
    for (int i = 0; i < k; i++) {
      double exact = total > 0 ? n * weights[i] / total : (double) n / k;
      out[i] = Math.max(min, (long) Math.floor(exact));
      rem[i] = exact - Math.floor(exact);
      given += out[i];
    }
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(rem[b], rem[a]));
    for (int j = 0; given < n; j = (j + 1) % k) {
      out[order[j]]++;
      given++;
    }
    return out;
  }

  /**
   * The client of every slot of every group: {@code tables[g]} lists {@code counts[g][k]} copies
   * of each client k in a seeded random order; the j-th row of group g (in the rows' enumeration
   * order) goes to client {@code tables[g][j]}.
   */
  static int[][] tables(long[][] counts, long seed) {
    int[][] tables = new int[counts.length][];
    for (int g = 0; g < counts.length; g++) {
      long size = Arrays.stream(counts[g]).sum();
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("a label group of " + size + " rows is too large to plan");
      }
      int[] t = new int[(int) size];
      int pos = 0;
      for (int k = 0; k < counts[g].length; k++) {
        for (long j = 0; j < counts[g][k]; j++) {
          t[pos++] = k;
        }
      }
      shuffle(t, new SplittableRandom(seed * 0xC2B2AE3D27D4EB4FL + 31L * g + 7));
      tables[g] = t;
    }
    return tables;
  }

  static void shuffle(int[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
