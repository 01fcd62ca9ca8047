package io.sparkdtrain.examples.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.linear.SparseSgd;
import io.sparkdtrain.optim.LearningRateSchedule;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The plain loop against the reference {@link SparseSgd} with a batch of one row, the same schedule and
 * the same row order: the same steps, so the same model up to rounding.
 */
class PlainSgdTest {

  @Test
  void matchesSparseSgdWithBatchOfOneRow() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(3000, 200, 12, 7);
    CsrBlock block = SyntheticData.block(spec, 0, 1, 0);
    double eta0 = 0.3;
    double lambda = 0.01; // large enough that the scale decays visibly over 2 epochs
    double decay = 0.5;
    PlainSgd plain = new PlainSgd(200, eta0, lambda, decay, block.numRows());
    Objective obj = new Objective(new LogisticLoss(), Regularization.l2(lambda), new ModelShape(200, 1, true));
    LearningRateSchedule schedule = new LearningRateSchedule() {
      @Override public double rate(long t) { return eta0 * Math.pow(decay, t / (double) block.numRows()); }
      @Override public double initialRate() { return eta0; }
    };
    SparseSgd reference = new SparseSgd(obj, schedule, new double[201]);
    SplittableRandom random = new SplittableRandom(3);
    int[] one = new int[1];
    for (int epoch = 0; epoch < 2; epoch++) {
      int[] order = PlainSgdBench.permutation(block.numRows(), random);
      plain.pass(block, order, order.length);
      for (int row : order) {
        one[0] = row;
        reference.step(block, one, 1);
      }
    }
    assertEquals(2L * block.numRows(), plain.steps());
    assertArrayEquals(reference.weights(), plain.weights(), 1e-10, "same steps as SparseSgd with batch 1");
    assertEquals(eta0 * Math.pow(decay, 10.0 / block.numRows()), plain.rate(10), 1e-15);
  }

  @Test
  void permutationHoldsEveryRowOnce() {
    int[] p = PlainSgdBench.permutation(100, new SplittableRandom(1));
    boolean[] seen = new boolean[100];
    for (int i : p) {
      seen[i] = true;
    }
    for (boolean s : seen) {
      assertEquals(true, s);
    }
  }

  @Test
  void rejectsBadSettingsNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PlainSgd(10, 0, 1e-4, 0.8, 10));
    assertEquals("Cannot set eta0 to 0.0, the value must be finite and > 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PlainSgd(10, 0.1, -1, 0.8, 10));
    assertEquals("Cannot set lambda to -1.0, the value must be finite and >= 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PlainSgd(10, 0.1, 0, 1.5, 10));
    assertEquals("Cannot set decay to 1.5, the value must be in (0, 1]", e.getMessage());
  }
}
