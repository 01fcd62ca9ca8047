package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.store.SparseDelta;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How the driver combines the executors' changes of one racing Hogwild! round (Niu, Recht, Re and
 * Wright 2011, run inside each executor) into what one shared array receiving every executor's
 * updates would have received: per coordinate, the work-weighted average of the executors' changes
 * times a factor between 1 (average) and the effective number of executors (sum), measured from how
 * much each executor's own progress on the coordinate slowed down during the round.
 *
 * <p><b>The rule.</b> Executor e (rows {@code s_e}) ships, per coordinate j it touched, its change
 * {@code d_e} since the round's start, its change {@code h_e} at the middle of its rows, and the
 * number of updates its tasks applied to j. Model a coordinate's SGD as a contraction towards a
 * point: after n steps at rate a on curvature c, the change is {@code D (1 - r^n)} with
 * {@code r = 1 - a c}. Then {@code h_e / d_e = 1 / (1 + r^(n/2))} for every executor, so the ratio
 * {@code p = sum_e d_e h_e / sum_e d_e^2} gives {@code sqrt(rho) = 1/p - 1} (clipped to [0, 1]),
 * with {@code rho = r^n} the fraction of the starting offset that one executor's share of the round
 * leaves. One array that receives E such shares one after the other moves by
 * {@code D (1 - rho^E) = d (1 + rho + ... + rho^(E-1))}: so the result is the weighted average times
 * {@code F = (1 - rho^E) / (1 - rho)}, with {@code E = (sum s_e)^2 / sum s_e^2} the effective number
 * of executors that touched j (E for equal work). This is exact on such coordinates, also when the
 * executors contract towards different points (then against the mean of the two orders; both
 * checked against naive loops in {@code ExecutorMergeTest}). Where the gradient is still about
 * constant over the round (a factor of matrix factorisation with a few ratings per executor:
 * {@code p = 1/2}, {@code rho = 1}) it sums the changes, which is what one array would receive to
 * first order; where a coordinate converged within each executor's share (the intercept of a9a,
 * 16,000 steps per executor and epoch: {@code p = 1}, {@code rho = 0}) it averages them, where
 * summing them would overshoot E-fold. {@code F} never leaves [1, E], so a round moves a coordinate
 * by at most the sum of the executors' changes.
 *
 * <p><b>Pooling.</b> The ratio of one coordinate is noisy (which rows fall in the first half is
 * random: with 20 ratings of a user per executor the half's sampling noise exceeds its mean), so
 * {@code p} is the mean of the ratios, each clipped to [0, 1] (a half change opposite to the whole
 * one, noise, counts as 0), of the coordinates whose executors applied about as many updates, n in
 * {@code [2^b, 2^(b+1))}: their {@code rho = r^n} is alike when their curvatures are. A mean of
 * ratios, not a ratio of sums, so that the few coordinates with large changes (the biases of matrix
 * factorisation, which converge faster) do not decide for the many with small ones (its factors, near
 * a saddle early on).
 *
 * <p>Single-JVM runs never get here (one executor's change is applied as it is). Driver memory is
 * proportional to what the executors shipped, not to the model: the work arrays hold one entry per
 * coordinate some executor touched (K of them: 7 doubles, an int and the sorted index, about 68 K
 * bytes), plus an int per shipped non-zero to find its entry; nothing is kept between rounds. (Until
 * 2026-12-07 the merge held 8 dense arrays of the model's dimension, 60 bytes per parameter, for the
 * whole run: docs/hogwild.md, "Driver memory".)
 */
final class ExecutorMerge {
  /** Suffix of the source of a task's mid-round delta ({@link HogwildRoundTask}). */
  static final String HALF = "/half";
  /** Suffix of the source of a task's updates per coordinate ({@link HogwildRoundTask}). */
  static final String COUNT = "/count";
  private static final int BUCKETS = 64;
  /**
   * Benchmark switch, read in every JVM ({@code -Ddtrain.hogwild.averageExecutors=true} on the driver and,
   * through {@code spark.executor.extraJavaOptions}, on the executors): tasks neither count updates nor
   * ship mid-round deltas, and the driver applies the executors' work-weighted average
   * ({@link HogwildRun#weightedByWork}), the merge before this one, to measure what this one costs.
   */
  static final String AVERAGE_PROPERTY = "dtrain.hogwild.averageExecutors";

  private ExecutorMerge() {}

  /**
   * The combined change of the round: {@code changes} holds one change per executor (its source is
   * the executor), {@code halves} the executors' mid-round changes by executor (an executor without
   * one counts as 0 at the middle), {@code counts} every task's updates per coordinate. At least two
   * changes. The result's indices are the sorted union of the changes' indices.
   */
  static SparseDelta combine(List<SparseDelta> changes, Map<String, SparseDelta> halves, List<SparseDelta> counts,
                             long version) {
    int[] idx = union(changes);
    int k = idx.length;
    double[] work = new double[k];
    double[] workSquared = new double[k];
    double[] crossed = new double[k];
    double[] squared = new double[k];
    double[] averaged = new double[k];
    double[] half = new double[k];
    double[] updates = new double[k];
    int[] executors = new int[k];
    int[][] positions = new int[changes.size()][];
    long steps = 0;
    for (int e = 0; e < changes.size(); e++) {
      SparseDelta c = changes.get(e);
      double s = c.steps();
      steps += c.steps();
      positions[e] = positions(idx, c.indices());
      WorkWeights.addWork(positions[e], s, work);
      for (int q : positions[e]) {
        executors[q]++;
        workSquared[q] += s * s;
      }
    }
    for (SparseDelta c : counts) {
      int[] at = positions(idx, c.indices());
      for (int p = 0; p < at.length; p++) {
        if (at[p] >= 0) {
          updates[at[p]] += c.values()[p];
        }
      }
    }
    for (int e = 0; e < changes.size(); e++) {
      SparseDelta c = changes.get(e);
      SparseDelta h = halves.get(c.source());
      int[] halfAt = h == null ? new int[0] : positions(idx, h.indices());
      for (int p = 0; p < halfAt.length; p++) {
        if (halfAt[p] >= 0) {
          half[halfAt[p]] = h.values()[p];
        }
      }
      double[] val = c.values();
      for (int p = 0; p < val.length; p++) {
        int q = positions[e][p];
        double d = val[p];
        crossed[q] += d * half[q];
        squared[q] += d * d;
        averaged[q] += work[q] > 0 ? d * WorkWeights.share(c.steps(), work[q]) : d / changes.size();
      }
      for (int q : halfAt) {
        if (q >= 0) {
          half[q] = 0.0;
        }
      }
    }
    double[] bucketCrossed = new double[BUCKETS];
    double[] bucketSquared = new double[BUCKETS];
    for (int q = 0; q < k; q++) {
      if (executors[q] > 1 && squared[q] > 0.0) { // each coordinate's ratio counts once in its bucket
        int b = bucket(updates[q] / executors[q]);
        bucketCrossed[b] += Math.min(1.0, Math.max(0.0, crossed[q] / squared[q]));
        bucketSquared[b] += 1.0;
      }
    }
    double[] val = new double[k];
    for (int q = 0; q < k; q++) {
      int b = bucket(updates[q] / executors[q]);
      val[q] = averaged[q] * factor(bucketCrossed[b], bucketSquared[b], work[q], workSquared[q]);
    }
    return new SparseDelta("executors", version, 0, steps, 0, idx, val);
  }

  /** The sorted distinct indices of {@code deltas}. */
  private static int[] union(List<SparseDelta> deltas) {
    int total = 0;
    for (SparseDelta d : deltas) {
      total += d.indices().length;
    }
    int[] all = new int[total];
    int n = 0;
    for (SparseDelta d : deltas) {
      System.arraycopy(d.indices(), 0, all, n, d.indices().length);
      n += d.indices().length;
    }
    Arrays.sort(all);
    int distinct = 0;
    for (int i = 0; i < total; i++) {
      if (i == 0 || all[i] != all[i - 1]) {
        all[distinct++] = all[i];
      }
    }
    return Arrays.copyOf(all, distinct);
  }

  /** For each of {@code indices}, its position in the sorted {@code idx}, or -1 where absent. */
  private static int[] positions(int[] idx, int[] indices) {
    int[] at = new int[indices.length];
    int from = 0;
    for (int p = 0; p < indices.length; p++) {
      int j = indices[p];
      // ascending indices (every delta from latestPerCoordinate) search only beyond the last one found
      int lo = from > 0 && idx[from - 1] < j ? from : 0;
      int q = lo < idx.length && idx[lo] == j ? lo : Arrays.binarySearch(idx, lo, idx.length, j);
      at[p] = q >= 0 ? q : -1;
      from = q >= 0 ? q + 1 : from;
    }
    return at;
  }

  /** The bucket of coordinates whose executors each applied about {@code perExecutor} updates: floor(log2). */
  static int bucket(double perExecutor) {
    return perExecutor < 2.0 ? 0 : Math.min(BUCKETS - 1, 63 - Long.numberOfLeadingZeros((long) perExecutor));
  }

  /**
   * {@code F = (1 - rho^E) / (1 - rho)} of the class comment, from {@code p = crossed / squared} (the
   * bucket's mean ratio) and {@code sum_e s_e} and {@code sum_e s_e^2} (over the executors that
   * touched the coordinate).
   */
  static double factor(double crossed, double squared, double work, double workSquared) {
    double executors = workSquared > 0 ? work * work / workSquared : 1.0;
    if (executors <= 1.0 + 1e-12 || squared == 0.0) {
      return 1.0;
    }
    double p = crossed / squared;
    double root = p <= 0.0 ? 1.0 : Math.min(1.0, Math.max(0.0, 1.0 / p - 1.0));
    double rho = root * root;
    return rho >= 1.0 ? executors : (1.0 - Math.pow(rho, executors)) / (1.0 - rho);
  }
}
