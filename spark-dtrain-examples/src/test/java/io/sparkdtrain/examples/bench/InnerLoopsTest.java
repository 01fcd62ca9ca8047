package io.sparkdtrain.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.optim.LearningRates;
import org.junit.jupiter.api.Test;

/** The inner loops side by side: what is run, counted and rendered (the seconds themselves are the benchmark's). */
class InnerLoopsTest {
  private static final Objective OBJ = new Objective(new LogisticLoss(), Regularization.l2(1e-4),
      new ModelShape(300, 1, true));

  @Test
  void localSgdRoundsProcessHTimesBRowsAndCarryThePartitionWeight() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(2000, 300, 10, 5);
    CsrBlock block = SyntheticData.block(spec, 0, 1, 0);
    LocalSgdInnerLoop loop = new LocalSgdInnerLoop(OBJ, LearningRates.constant(0.1), 16, 32, 1);
    double[] w = new double[301];
    assertEquals(3L * 16 * 32, loop.run(0, block, w, 3));
    assertEquals(block.weightSum(), loop.lastWeight(), "the update is weighted by the partition's weight sum");
    assertEquals(0.0, java.util.Arrays.stream(w).map(Math::abs).sum(), "the given model is not modified");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LocalSgdInnerLoop(OBJ, LearningRates.constant(0.1), 0, 32, 1));
    assertEquals("Cannot set localSteps to 0 and batchSize to 32, both must be >= 1", e.getMessage());
  }

  @Test
  void measuresEverySettingAndRendersRatiosToThePlainLoop() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(4000, 300, 10, 5);
    CsrBlock[] blocks = {SyntheticData.block(spec, 0, 2, 0), SyntheticData.block(spec, 1, 2, 0)};
    InnerLoops r = InnerLoops.measure(blocks, OBJ, 1e-4, new int[] {16, 64}, new int[] {32, 8}, 2, 3);
    assertEquals(java.util.List.of("H=16, B=32", "H=64, B=8"), r.settings());
    assertEquals(2, r.plainSeconds().length);
    for (double[] s : r.localSeconds()) {
      assertEquals(2, s.length);
      for (double x : s) {
        assertTrue(x > 0 && x < 1e-3, "seconds per example " + x);
      }
    }
    String md = r.markdown();
    assertTrue(md.contains("| Local SGD worker round, H=64, B=8 "), md);
    assertTrue(md.contains("| plain Java SGD loop (per-example steps, permuted rows) "), md);
  }
}
