package io.sparkdtrain.strategy.hogwild;

/**
 * The work-weighted average of several sources' changes of the same coordinates, the rule shared by
 * every merge of Hogwild! runs across executors (Niu, Recht, Re and Wright, NIPS 2011, run inside each
 * executor; the driver combines the executors): a coordinate that sources s changed by
 * {@code delta_s} with work {@code w_s} receives {@code sum_s (w_s / W) delta_s}, {@code W = sum_s w_s}
 * over the sources that changed it. A coordinate one source alone changed keeps that source's whole
 * change, whatever the other sources did.
 *
 * <p>The work is what the caller counts: the rows an executor's tasks read ({@link HogwildRun}'s
 * benchmark merge, the base of {@link ExecutorMerge}) or, per row of a word2vec table, the updates
 * an executor applied to that row ({@code io.sparkdtrain.word2vec.RowMerge}). Callers accumulate
 * {@code W} per coordinate with {@link #addWork} and weight each change by {@link #share}.
 */
public final class WorkWeights {
  private WorkWeights() {}

  /** Adds {@code work} (one source's, the same for each of its coordinates) to {@code total[key]} for every key. */
  public static void addWork(int[] keys, double work, double[] total) {
    for (int key : keys) {
      total[key] += work;
    }
  }

  /** Adds {@code work[i]} (one source's work on coordinate {@code keys[i]}) to {@code total[keys[i]]}. */
  public static void addWork(int[] keys, int[] work, double[] total) {
    for (int i = 0; i < keys.length; i++) {
      total[keys[i]] += work[i];
    }
  }

  /**
   * A source's weight on a coordinate: its work over the total work of the sources that changed the
   * coordinate, {@code work / total}; 0 where the total is 0 (no source did any work on it).
   */
  public static double share(double work, double total) {
    return total > 0 ? work / total : 0.0;
  }
}
