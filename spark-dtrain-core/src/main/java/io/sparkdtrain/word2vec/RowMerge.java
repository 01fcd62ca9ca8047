package io.sparkdtrain.word2vec;

import io.sparkdtrain.strategy.hogwild.WorkWeights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The driver's merge of a round's {@link RowChanges} into the tables, one table at a time.
 *
 * <ol>
 *   <li>Per source (an executor for Hogwild!, a partition otherwise), each row's change is the one of
 *       the highest-sequence task that shipped the row (for Hogwild!, the executor's final change of
 *       the row: every write to a row comes from a task that counted it, and a later sequence number
 *       was taken after those writes), and its count is the sum of the tasks' counts.
 *   <li>Across sources, with {@code n_s(r)} the update count of row r in source s and
 *       {@code N(r) = sum_s n_s(r)}, one of the {@link Rule}s.
 * </ol>
 */
final class RowMerge {
  private RowMerge() {}

  /** How the sources' changes of a row combine. */
  enum Rule {
    /**
     * {@code sum_s (n_s / N) delta_s}: weighted by how much each source trained the row; a row one
     * source alone trained keeps its whole change (Hogwild! across executors).
     */
    AVERAGE,
    /**
     * Local SGD and sync: {@code N sum_s n_s delta_s / (P sum_s n_s^2)}, for changes trained with P times the
     * learning rate over P partitions. Row by row this is the {@link #AVERAGE} scaled by
     * {@code P_eff / P}, {@code P_eff = N^2 / sum_s n_s^2} the effective number of sources that
     * trained it: where each change is linear in its count ({@code delta_s = n_s P alpha g}) the
     * result is {@code N alpha g}, one sequential pass's change, for any split of the counts; a row
     * that every partition trained to its optimum gets the plain average of the partitions' rows.
     */
    SCALED
  }

  /** Merges {@code changes} into {@code input} and {@code output} (vectors of size {@code d}). */
  static void apply(float[] input, float[] output, int d, List<RowChanges> changes, Rule rule, int partitions) {
    Map<String, List<RowChanges>> bySource = new TreeMap<>();
    for (RowChanges c : changes) {
      bySource.computeIfAbsent(c.source, s -> new ArrayList<>()).add(c);
    }
    for (List<RowChanges> fromOne : bySource.values()) {
      fromOne.sort(Comparator.comparingLong(c -> c.sequence));
    }
    applyTable(input, d, bySource, c -> c.input, rule, partitions);
    applyTable(output, d, bySource, c -> c.output, rule, partitions);
  }

  private static void applyTable(float[] table, int d, Map<String, List<RowChanges>> bySource,
                                 Function<RowChanges, RowChanges.Table> part, Rule rule, int partitions) {
    int v = table.length / d;
    List<RowChanges.Table> finals = new ArrayList<>();
    int[] owner = new int[v];
    int[] position = new int[v];
    int[] counts = new int[v];
    double[] total = new double[v];
    double[] squares = new double[v];
    java.util.Arrays.fill(owner, -1);
    for (List<RowChanges> fromOne : bySource.values()) {
      int touched = 0;
      for (int t = 0; t < fromOne.size(); t++) {
        RowChanges.Table tb = part.apply(fromOne.get(t));
        for (int i = 0; i < tb.rows.length; i++) {
          int r = tb.rows[i];
          touched += owner[r] < 0 ? 1 : 0;
          owner[r] = t;
          position[r] = i;
          counts[r] += tb.counts[i];
        }
      }
      int[] rows = new int[touched];
      int[] rowCounts = new int[touched];
      float[] deltas = new float[touched * d];
      int n = 0;
      for (int r = 0; r < v && n < touched; r++) {
        if (owner[r] >= 0) {
          RowChanges.Table tb = part.apply(fromOne.get(owner[r]));
          rows[n] = r;
          rowCounts[n] = counts[r];
          System.arraycopy(tb.deltas, position[r] * d, deltas, n * d, d);
          squares[r] += counts[r] * (double) counts[r];
          owner[r] = -1;
          counts[r] = 0;
          n++;
        }
      }
      WorkWeights.addWork(rows, rowCounts, total);
      finals.add(new RowChanges.Table(rows, rowCounts, deltas));
    }
    for (RowChanges.Table f : finals) {
      for (int i = 0; i < f.rows.length; i++) {
        int r = f.rows[i];
        float w = switch (rule) {
          case AVERAGE -> (float) WorkWeights.share(f.counts[i], total[r]);
          case SCALED -> (float) (total[r] * f.counts[i] / (partitions * squares[r]));
        };
        int to = r * d;
        for (int k = 0; k < d; k++) {
          table[to + k] += w * f.deltas[i * d + k];
        }
      }
    }
  }
}
