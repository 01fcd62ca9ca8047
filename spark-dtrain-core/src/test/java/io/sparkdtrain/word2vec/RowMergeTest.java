package io.sparkdtrain.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RowMerge} against the formula written out per row in the test. */
class RowMergeTest {
  static RowChanges change(String source, long sequence, int[] rows, int[] counts, float[] deltas) {
    RowChanges.Table empty = new RowChanges.Table(new int[0], new int[0], new float[0]);
    return new RowChanges(source, sequence, new RowChanges.Table(rows, counts, deltas), empty, 0, 0, 0);
  }

  @Test
  void averagesEachRowByUpdateCountsAndKeepsTheLatestTaskPerSource() {
    int d = 2;
    // executor A: task 1 (sequence 1) changed rows 0, 1; task 2 (sequence 2, later) changed row 1 again
    // (its change is A's final change of row 1); executor B changed rows 1, 2
    List<RowChanges> changes = List.of(
        change("B", 1, new int[] {1, 2}, new int[] {1, 4}, new float[] {10, 10, 5, 6}),
        change("A", 2, new int[] {1}, new int[] {2}, new float[] {3, 4}),
        change("A", 1, new int[] {0, 1}, new int[] {1, 1}, new float[] {1, 2, 100, 100}));
    float[] input = new float[3 * d];
    float[] output = new float[3 * d];
    RowMerge.apply(input, output, d, changes, RowMerge.Rule.AVERAGE, 2);
    // row 0: A alone; row 1: A's final (3, 4) with A's count 1 + 2 = 3, B's (10, 10) with count 1; row 2: B alone
    float[] expected = {1, 2, 3 * 3 / 4f + 10 / 4f, 4 * 3 / 4f + 10 / 4f, 5, 6};
    assertArrayEquals(expected, input, 1e-6f);
  }

  /**
   * Hogwild! across executors on random sparse changes against a naive loop written per row and
   * component: {@code start + sum_e (n_e / sum_f n_f) delta_e} over the executors e that touched the
   * row. The tables hold untouched rows (they keep their start values), rows one executor alone
   * touched (they take that executor's row), rows both touched with unequal counts, and executors
   * whose tasks shipped a row twice (the later sequence's change counts, the counts add up).
   */
  @Test
  void hogwildAcrossExecutorsTakesTheWorkWeightedAverageOfEachRowAgainstANaiveLoop() {
    int v = 40;
    int d = 3;
    Random random = new Random(19);
    float[] start = new float[v * d];
    for (int i = 0; i < start.length; i++) {
      start[i] = random.nextFloat() - 0.5f;
    }
    String[] executors = {"executor-1", "executor-2"};
    // final[e][r]: executor e's final change of row r (null: untouched); count[e][r]: its updates of row r
    float[][][] finals = new float[2][v][];
    int[][] count = new int[2][v];
    List<RowChanges> changes = new ArrayList<>();
    for (int e = 0; e < 2; e++) {
      for (int task = 1; task <= 2; task++) { // task 2 takes a later sequence number than task 1
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < v; r++) {
          // rows 0-9 untouched, 10-19 executor 1 only, 20-29 executor 2 only, 30-39 both
          boolean touches = r >= 30 || (r >= 10 && r < 20 && e == 0) || (r >= 20 && r < 30 && e == 1);
          if (touches && (task == 1 || random.nextBoolean())) {
            rows.add(r);
          }
        }
        int[] ids = rows.stream().mapToInt(Integer::intValue).toArray();
        int[] counts = new int[ids.length];
        float[] deltas = new float[ids.length * d];
        for (int i = 0; i < ids.length; i++) {
          counts[i] = 1 + random.nextInt(50);
          count[e][ids[i]] += counts[i];
          finals[e][ids[i]] = new float[d];
          for (int k = 0; k < d; k++) {
            deltas[i * d + k] = random.nextFloat() - 0.5f;
            finals[e][ids[i]][k] = deltas[i * d + k];
          }
        }
        changes.add(change(executors[e], task, ids, counts, deltas));
      }
    }
    java.util.Collections.shuffle(changes, random); // arrival order does not matter, sequence numbers do
    float[] expected = start.clone();
    for (int r = 0; r < v; r++) {
      double total = count[0][r] + count[1][r];
      for (int e = 0; e < 2; e++) {
        if (finals[e][r] != null) {
          for (int k = 0; k < d; k++) {
            expected[r * d + k] += (float) (count[e][r] / total * finals[e][r][k]);
          }
        }
      }
    }
    float[] input = start.clone();
    RowMerge.apply(input, new float[v * d], d, changes, RowMerge.Rule.AVERAGE, 2);
    assertArrayEquals(expected, input, 1e-6f);
    for (int i = 0; i < 10 * d; i++) {
      assertEquals(start[i], input[i], 0.0f, "untouched rows keep their values");
    }
    for (int i = 10 * d; i < 20 * d; i++) {
      assertEquals(start[i] + finals[0][i / d][i % d], input[i], 1e-6f, "a row executor 1 alone trained");
    }
  }

  /**
   * Local SGD's rule, row by row against {@code N sum_s n_s delta_s / (P sum_s n_s^2)}, and its two
   * limits: changes linear in their counts (trained at P times the rate) give one sequential pass's
   * change; equal counts give the plain average.
   */
  @Test
  void scaledRuleGivesTheSequentialChangeOfLinearRowsAndTheAverageOfEqualOnes() {
    int d = 1;
    int p = 4;
    float g = 0.5f;
    // row 0: partitions 0 and 1 with counts 3 and 1, changes linear in the count at rate P (n P g);
    // row 1: partition 2 alone, 5 updates, linear; row 2: every partition 10 updates, changes 1, 2, 3, 6
    List<RowChanges> changes = List.of(
        change("partition-0", 0, new int[] {0, 2}, new int[] {3, 10}, new float[] {3 * p * g, 1}),
        change("partition-1", 0, new int[] {0, 2}, new int[] {1, 10}, new float[] {1 * p * g, 2}),
        change("partition-2", 0, new int[] {1, 2}, new int[] {5, 10}, new float[] {5 * p * g, 3}),
        change("partition-3", 0, new int[] {2}, new int[] {10}, new float[] {6}));
    float[] input = new float[3];
    RowMerge.apply(input, new float[3], d, changes, RowMerge.Rule.SCALED, p);
    // row 0: N = 4, sum n delta = 3 * 6 + 1 * 2 = 20, sum n^2 = 10: 4 * 20 / (4 * 10) = 2 = (3 + 1) g
    assertArrayEquals(new float[] {4 * g, 5 * g, (1 + 2 + 3 + 6) / 4f}, input, 1e-6f);
  }
}
