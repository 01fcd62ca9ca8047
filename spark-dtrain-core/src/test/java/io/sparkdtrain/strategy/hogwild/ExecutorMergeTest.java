package io.sparkdtrain.strategy.hogwild;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkdtrain.store.SparseDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ExecutorMerge} against an independent reference: plain SGD loops on one quadratic per
 * coordinate (curvatures and update counts from the near-constant-gradient regime to convergence well
 * within one executor's share, one count bucket each), where one array that receives every
 * executor's steps is computed step by step;
 * and against hand-computed values for the limits (sum, average, one executor).
 */
class ExecutorMergeTest {
  private static final double RATE = 0.5;
  private static final double[] CURVATURE = {1e-5, 1e-3, 0.01, 0.03, 0.1, 0.5, 1.5};
  /** Each coordinate's updates per executor: one per bucket of {@link ExecutorMerge#bucket}. */
  private static final int[] UPDATES = {2, 8, 32, 64, 256, 1024, 4096};

  /** n SGD steps on {@code (c/2)(w - target)^2} from {@code w}: the naive loop. */
  private static double steps(double w, double c, double target, int n) {
    for (int t = 0; t < n; t++) {
      w -= RATE * c * (w - target);
    }
    return w;
  }

  private static int[] allCoordinates() {
    int[] idx = new int[CURVATURE.length];
    for (int j = 0; j < idx.length; j++) {
      idx[j] = j;
    }
    return idx;
  }

  /**
   * Executor e's change, mid-round change and counts after {@code UPDATES[j]} steps on each
   * coordinate from {@code start} towards {@code target}.
   */
  private static SparseDelta[] executor(String name, double[] start, double[] target) {
    double[] end = new double[start.length];
    double[] half = new double[start.length];
    double[] counts = new double[start.length];
    for (int j = 0; j < start.length; j++) {
      half[j] = steps(start[j], CURVATURE[j], target[j], UPDATES[j] / 2) - start[j];
      end[j] = steps(start[j], CURVATURE[j], target[j], UPDATES[j]) - start[j];
      counts[j] = UPDATES[j];
    }
    return new SparseDelta[] {new SparseDelta(name, 0, 0, 5000, 0, allCoordinates(), end),
        new SparseDelta(name + ExecutorMerge.HALF, 0, 0, 0, 0, allCoordinates(), half),
        new SparseDelta(name + ExecutorMerge.COUNT, 0, 0, 0, 0, allCoordinates(), counts)};
  }

  private static double[] merged(double[] start, double[][] targets) {
    List<SparseDelta> changes = new ArrayList<>();
    Map<String, SparseDelta> halves = new HashMap<>();
    List<SparseDelta> counts = new ArrayList<>();
    for (int e = 0; e < targets.length; e++) {
      SparseDelta[] d = executor("e" + e, start, targets[e]);
      changes.add(d[0]);
      halves.put("e" + e, d[1]);
      counts.add(d[2]);
    }
    SparseDelta out = ExecutorMerge.combine(changes, halves, counts, 0);
    assertArrayEquals(allCoordinates(), out.indices());
    return out.values();
  }

  @Test
  void executorsWithTheSameDataMoveAsOneArrayThatReceivedAllTheirSteps() {
    double[] start = {1.0, -2.0, 0.5, 3.0, -1.0, 2.0, 0.25};
    double[] target = {0.0, 1.0, -1.0, 0.5, 2.0, -0.5, 1.0};
    for (int executors = 2; executors <= 3; executors++) {
      double[][] targets = new double[executors][];
      java.util.Arrays.fill(targets, target);
      double[] got = merged(start, targets);
      for (int j = 0; j < start.length; j++) {
        double oneArray = steps(start[j], CURVATURE[j], target[j], executors * UPDATES[j]) - start[j];
        assertEquals(oneArray, got[j], 1e-9 * Math.abs(oneArray),
            executors + " executors, curvature " + CURVATURE[j] + ": one array's change");
      }
    }
  }

  @Test
  void executorsWithDifferentDataMoveAsOneArrayTakingTheirStepsInEitherOrder() {
    double[] start = {1.0, -2.0, 0.5, 3.0, -1.0, 2.0, 0.25};
    double[] first = {0.0, 1.0, -1.0, 0.5, 2.0, -0.5, 1.0};
    double[] second = {0.5, 2.0, -3.0, 0.0, 1.0, -1.5, 4.0};
    double[] got = merged(start, new double[][] {first, second});
    for (int j = 0; j < start.length; j++) {
      double c = CURVATURE[j];
      int n = UPDATES[j];
      double oneThenTwo = steps(steps(start[j], c, first[j], n), c, second[j], n);
      double twoThenOne = steps(steps(start[j], c, second[j], n), c, first[j], n);
      double reference = (oneThenTwo + twoThenOne) / 2 - start[j];
      assertEquals(reference, got[j], 1e-9 * Math.abs(reference), "curvature " + c);
    }
  }

  @Test
  void limitsBetweenSumAndAverageByHand() {
    // coordinate 0: half the change at the middle (constant gradient): sum; 1: all of it (converged):
    // average; 2: only executor a touched it: its whole change; 3: the middle opposite to the end: sum
    SparseDelta a = new SparseDelta("a", 0, 0, 100, 0, new int[] {0, 1, 2, 3}, new double[] {1.0, 2.0, 5.0, 1.0});
    SparseDelta b = new SparseDelta("b", 0, 0, 100, 0, new int[] {0, 1, 3}, new double[] {3.0, 4.0, 3.0});
    SparseDelta ha = new SparseDelta("a/half", 0, 0, 0, 0, new int[] {0, 1, 2, 3}, new double[] {0.5, 2.0, 1.0, -1.0});
    SparseDelta hb = new SparseDelta("b/half", 0, 0, 0, 0, new int[] {0, 1, 3}, new double[] {1.5, 4.0, -3.0});
    // updates per executor 2, 4, 8, 16: each coordinate in a bucket of its own
    SparseDelta ca = new SparseDelta("a/count", 0, 0, 0, 0, new int[] {0, 1, 2, 3}, new double[] {2, 4, 8, 16});
    SparseDelta cb = new SparseDelta("b/count", 0, 0, 0, 0, new int[] {0, 1, 3}, new double[] {2, 4, 16});
    SparseDelta out = ExecutorMerge.combine(List.of(a, b), Map.of("a", ha, "b", hb), List.of(ca, cb), 7);
    assertArrayEquals(new double[] {4.0, 3.0, 5.0, 4.0}, out.values(), 1e-12);
    assertEquals(200, out.steps());
    assertEquals(7, out.readVersion());
  }

  @Test
  void unequalWorkInTheConstantGradientRegimeStillSumsTheChanges() {
    // a ran 300 rows, b 100, each change proportional to its rows: one array gets 3 + 1
    SparseDelta a = new SparseDelta("a", 0, 0, 300, 0, new int[] {0}, new double[] {3.0});
    SparseDelta b = new SparseDelta("b", 0, 0, 100, 0, new int[] {0}, new double[] {1.0});
    SparseDelta ha = new SparseDelta("a/half", 0, 0, 0, 0, new int[] {0}, new double[] {1.5});
    SparseDelta hb = new SparseDelta("b/half", 0, 0, 0, 0, new int[] {0}, new double[] {0.5});
    List<SparseDelta> counts = List.of(new SparseDelta("a/count", 0, 0, 0, 0, new int[] {0}, new double[] {30}),
        new SparseDelta("b/count", 0, 0, 0, 0, new int[] {0}, new double[] {10}));
    assertEquals(4.0, ExecutorMerge.combine(List.of(a, b), Map.of("a", ha, "b", hb), counts, 0).values()[0], 1e-12);
  }

  /**
   * The driver's work is sized by the touched coordinates, not by the model: coordinates near
   * {@code Integer.MAX_VALUE} (a model of 2^31 parameters, 16 GiB per dense double array) merge like
   * small ones, with the union of the executors' indices in ascending order.
   */
  @Test
  void coordinatesOfAHugeModelMergeWithoutModelSizedArrays() {
    int far = Integer.MAX_VALUE - 1;
    // a: far (converged: average), 5 (a alone: its whole change); b: far and 3 (b alone), given descending
    SparseDelta a = new SparseDelta("a", 0, 0, 100, 0, new int[] {5, far}, new double[] {5.0, 2.0});
    SparseDelta b = new SparseDelta("b", 0, 0, 100, 0, new int[] {far, 3}, new double[] {4.0, 7.0});
    SparseDelta ha = new SparseDelta("a/half", 0, 0, 0, 0, new int[] {5, far}, new double[] {1.0, 2.0});
    SparseDelta hb = new SparseDelta("b/half", 0, 0, 0, 0, new int[] {far, 3}, new double[] {4.0, 1.0});
    List<SparseDelta> counts = List.of(new SparseDelta("a/count", 0, 0, 0, 0, new int[] {5, far}, new double[] {4, 4}),
        new SparseDelta("b/count", 0, 0, 0, 0, new int[] {far, 3}, new double[] {4, 4}));
    SparseDelta out = ExecutorMerge.combine(List.of(a, b), Map.of("a", ha, "b", hb), counts, 0);
    assertArrayEquals(new int[] {3, 5, far}, out.indices());
    assertArrayEquals(new double[] {7.0, 5.0, 3.0}, out.values(), 1e-12);
  }
}
