package io.sparkdtrain.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
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
    RowMerge.apply(input, output, d, changes, false);
    // row 0: A alone; row 1: A's final (3, 4) with A's count 1 + 2 = 3, B's (10, 10) with count 1; row 2: B alone
    float[] expected = {1, 2, 3 * 3 / 4f + 10 / 4f, 4 * 3 / 4f + 10 / 4f, 5, 6};
    assertArrayEquals(expected, input, 1e-6f);

    float[] summed = new float[3 * d];
    RowMerge.apply(summed, new float[3 * d], d, changes, true);
    assertArrayEquals(new float[] {1, 2, 13, 14, 5, 6}, summed, 1e-6f);
  }
}
