package io.sparkdtrain.strategy.hogwild;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparkdtrain.store.ParameterStore;
import io.sparkdtrain.store.SparseDelta;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link HogwildRun#weightedByWork} combines executors' changes, against values computed by hand:
 * a coordinate one executor alone trained keeps that executor's whole change whatever the others did,
 * a coordinate several trained gets the average weighted by their rows, and one executor's change is
 * applied as it is.
 */
class HogwildWeightingTest {

  private static double[] combined(List<SparseDelta> changes) {
    double[] scratch = new double[5];
    ParameterStore store = new ParameterStore(new double[5]);
    for (SparseDelta c : HogwildRun.weightedByWork(changes, scratch)) {
      store.apply(c, 1.0);
    }
    assertArrayEquals(new double[5], scratch, 0.0, "scratch left zero");
    return store.snapshot();
  }

  @Test
  void aCoordinateOneExecutorTrainedKeepsItsWholeChangeAndSharedOnesAreWorkWeighted() {
    // executor a ran 3 tasks (300 rows), b 1 task (100 rows); coordinate 4 (the intercept) both touched
    SparseDelta a = new SparseDelta("a", 0, 0, 300, 0, new int[] {0, 1, 4}, new double[] {1.0, 2.0, 0.8});
    SparseDelta b = new SparseDelta("b", 0, 0, 100, 0, new int[] {2, 4}, new double[] {-3.0, 0.4});
    double[] w = combined(List.of(a, b));
    assertArrayEquals(new double[] {1.0, 2.0, -3.0, 0.0, 0.75 * 0.8 + 0.25 * 0.4}, w, 1e-15);
  }

  @Test
  void placementDoesNotChangeACoordinateOnlyOneExecutorTrained() {
    SparseDelta alone = new SparseDelta("a", 0, 0, 200, 0, new int[] {0}, new double[] {0.5});
    SparseDelta elsewhere = new SparseDelta("b", 0, 0, 200, 0, new int[] {1}, new double[] {0.25});
    assertEquals(combined(List.of(alone))[0], combined(List.of(alone, elsewhere))[0], 0.0,
        "a second executor that did not touch coordinate 0 does not dilute it");
  }

  @Test
  void oneExecutorsChangeIsAppliedAsItIs() {
    List<SparseDelta> one = List.of(new SparseDelta("a", 0, 0, 7, 0, new int[] {3}, new double[] {0.1}));
    assertSame(one, HogwildRun.weightedByWork(one, new double[5]));
  }
}
