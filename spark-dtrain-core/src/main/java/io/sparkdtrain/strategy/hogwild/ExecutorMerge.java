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
 * <p>Single-JVM runs never get here (one executor's change is applied as it is). The dense work
 * arrays are allocated once per run and left zero after each call, so a call costs O(shipped
 * non-zeros).
 */
final class ExecutorMerge {
  /** Suffix of the source of a task's mid-round delta ({@link HogwildRoundTask}). */
  static final String HALF = "/half";
  /** Suffix of the source of a task's updates per coordinate ({@link HogwildRoundTask}). */
  static final String COUNT = "/count";
  private static final int BUCKETS = 64;

  private final double[] work;
  private final double[] workSquared;
  private final double[] crossed;
  private final double[] squared;
  private final double[] averaged;
  private final double[] half;
  private final double[] updates;
  private final int[] executors;
  private final double[] bucketCrossed = new double[BUCKETS];
  private final double[] bucketSquared = new double[BUCKETS];

  /** Work arrays for a model of {@code dimension} parameters. */
  ExecutorMerge(int dimension) {
    work = new double[dimension];
    workSquared = new double[dimension];
    crossed = new double[dimension];
    squared = new double[dimension];
    averaged = new double[dimension];
    half = new double[dimension];
    updates = new double[dimension];
    executors = new int[dimension];
  }

  /**
   * The combined change of the round: {@code changes} holds one change per executor (its source is
   * the executor), {@code halves} the executors' mid-round changes by executor (an executor without
   * one counts as 0 at the middle), {@code counts} every task's updates per coordinate. At least two
   * changes.
   */
  SparseDelta combine(List<SparseDelta> changes, Map<String, SparseDelta> halves, List<SparseDelta> counts,
                      long version) {
    int[] touched = new int[16];
    int count = 0;
    long steps = 0;
    for (SparseDelta c : changes) {
      double s = c.steps();
      steps += c.steps();
      for (int j : c.indices()) {
        if (executors[j]++ == 0) {
          if (count == touched.length) {
            touched = Arrays.copyOf(touched, 2 * count);
          }
          touched[count++] = j;
        }
        work[j] += s;
        workSquared[j] += s * s;
      }
    }
    for (SparseDelta c : counts) {
      for (int p = 0; p < c.indices().length; p++) {
        updates[c.indices()[p]] += c.values()[p];
      }
    }
    for (SparseDelta c : changes) {
      SparseDelta h = halves.get(c.source());
      if (h != null) {
        for (int p = 0; p < h.indices().length; p++) {
          half[h.indices()[p]] = h.values()[p];
        }
      }
      int[] idx = c.indices();
      double[] val = c.values();
      for (int p = 0; p < idx.length; p++) {
        int j = idx[p];
        double d = val[p];
        crossed[j] += d * half[j];
        squared[j] += d * d;
        averaged[j] += work[j] > 0 ? d * (c.steps() / work[j]) : d / changes.size();
      }
      if (h != null) {
        for (int j : h.indices()) {
          half[j] = 0.0;
        }
      }
    }
    int[] idx = Arrays.copyOf(touched, count);
    Arrays.sort(idx);
    Arrays.fill(bucketCrossed, 0.0);
    Arrays.fill(bucketSquared, 0.0);
    for (int j : idx) {
      if (executors[j] > 1 && squared[j] > 0.0) { // each coordinate's ratio counts once in its bucket
        int b = bucket(updates[j] / executors[j]);
        bucketCrossed[b] += Math.min(1.0, Math.max(0.0, crossed[j] / squared[j]));
        bucketSquared[b] += 1.0;
      }
    }
    double[] val = new double[count];
    for (int p = 0; p < count; p++) {
      int j = idx[p];
      int b = bucket(updates[j] / executors[j]);
      val[p] = averaged[j] * factor(bucketCrossed[b], bucketSquared[b], work[j], workSquared[j]);
      work[j] = 0.0;
      workSquared[j] = 0.0;
      crossed[j] = 0.0;
      squared[j] = 0.0;
      averaged[j] = 0.0;
      updates[j] = 0.0;
      executors[j] = 0;
    }
    return new SparseDelta("executors", version, 0, steps, 0, idx, val);
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
