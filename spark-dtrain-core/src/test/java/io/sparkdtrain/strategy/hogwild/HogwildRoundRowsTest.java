package io.sparkdtrain.strategy.hogwild;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkdtrain.data.MiniBatchSampler;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Which rows a Hogwild! round visits: a whole-epoch round is that epoch's seeded permutation (the
 * order earlier versions used, so whole-epoch runs are unchanged), and rounds of a fraction of an
 * epoch walk consecutive slices of it, every row once per epoch (random reshuffling), also when the
 * slices do not divide the epoch evenly.
 */
class HogwildRoundRowsTest {
  private static final long SEED = 9;
  private static final int STREAM = 3;

  @Test
  void aWholeEpochRoundIsThatEpochsPermutation() {
    for (int round = 1; round <= 3; round++) {
      assertArrayEquals(HogwildWorker.shuffled(1000, MiniBatchSampler.generator(SEED, round, STREAM)),
          HogwildWorker.roundRows(1000, 1000, round, SEED, STREAM), "round " + round);
    }
  }

  @Test
  void quarterRoundsVisitEveryRowOncePerEpoch() {
    int n = 1000;
    for (int e = 0; e < 2; e++) {
      int epoch = e;
      int[] visited = IntStream.rangeClosed(1, 4)
          .flatMap(r -> Arrays.stream(HogwildWorker.roundRows(n, 250, 4 * epoch + r, SEED, STREAM))).sorted()
          .toArray();
      assertArrayEquals(IntStream.range(0, n).toArray(), visited, "epoch " + (epoch + 1) + ": each row once");
      assertArrayEquals(HogwildWorker.shuffled(n, MiniBatchSampler.generator(SEED, epoch + 1, STREAM)),
          IntStream.rangeClosed(1, 4).flatMap(r -> Arrays.stream(HogwildWorker.roundRows(n, 250, 4 * epoch + r,
              SEED, STREAM))).toArray(), "in the epoch's permutation order");
    }
    assertFalse(Arrays.equals(HogwildWorker.roundRows(n, 250, 1, SEED, STREAM),
        HogwildWorker.roundRows(n, 250, 5, SEED, STREAM)), "the next epoch reshuffles");
  }

  @Test
  void slicesThatStraddleEpochsContinueInTheNextPermutation() {
    int n = 10;
    int[] round4 = HogwildWorker.roundRows(n, 3, 4, SEED, STREAM); // positions 9, 10, 11
    int[] epoch1 = HogwildWorker.shuffled(n, MiniBatchSampler.generator(SEED, 1, STREAM));
    int[] epoch2 = HogwildWorker.shuffled(n, MiniBatchSampler.generator(SEED, 2, STREAM));
    assertArrayEquals(new int[] {epoch1[9], epoch2[0], epoch2[1]}, round4);
    assertEquals(3, round4.length);
  }
}
