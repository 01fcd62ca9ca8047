package io.sparkdtrain.model.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.model.GradientSum;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link GradientSum} of the linear model: the aggregator contract, against {@link NaiveModel}. */
class GradientSumLinearTest {

  private static void assertClose(double[] expected, double[] actual, double relTol) {
    assertEquals(expected.length, actual.length);
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], relTol * Math.max(Math.abs(expected[i]), scale), "i=" + i);
    }
  }

  @Test
  void meansMatchNaiveLoop() {
    Random rnd = new Random(10);
    for (String name : Losses.NAMES) {
      MarginLoss loss = Losses.byName(name, name.equals("softmax") ? 4 : 2);
      ModelShape shape = new ModelShape(8, loss.numOutputs(), true);
      Objective f = new Objective(loss, Regularization.l2(1.0), shape);
      CsrBlock block = NaiveModel.randomBlock(rnd, 40, 8, 0.4, name, 4, true);
      double[] w = NaiveModel.randomWeights(rnd, shape.dimension(), 0.5);
      GradientSum<CsrBlock> acc = new GradientSum<>(f).addAll(block, w);
      // Reference: naive dense loop (MLlib's aggregator suites compare the same way); the
      // regularisation is not part of the accumulator, so the naive gradient uses l2 = 0.
      double dataLoss = NaiveModel.objective(name, block, w, loss.numOutputs(), true, 0, 0);
      assertEquals(dataLoss, acc.loss(), 1e-12 * dataLoss, name);
      assertClose(NaiveModel.gradient(name, block, NaiveModel.allRows(40), 40, w, loss.numOutputs(),
          true, 0), acc.gradient(), 1e-12);
      assertEquals(40, acc.count());
      assertEquals(block.weightSum(), acc.weightSum(), 1e-12);
    }
  }

  @Test
  void mergeOfTwoHalvesEqualsAddingAllRows() {
    Random rnd = new Random(11);
    MarginLoss loss = new SoftmaxLoss(3);
    ModelShape shape = new ModelShape(10, 3, true);
    Objective f = new Objective(loss, Regularization.none(), shape);
    CsrBlock block = NaiveModel.randomBlock(rnd, 31, 10, 0.3, "softmax", 3, true);
    double[] w = NaiveModel.randomWeights(rnd, shape.dimension(), 1);
    GradientSum<CsrBlock> all = new GradientSum<>(f).addAll(block, w);
    GradientSum<CsrBlock> first = new GradientSum<>(f);
    GradientSum<CsrBlock> second = new GradientSum<>(f);
    for (int i = 0; i < 31; i++) {
      (i < 15 ? first : second).add(block, new int[] {i}, 1, w);
    }
    // Reference: the single accumulator over all rows; only the summation order differs.
    GradientSum<CsrBlock> merged = new GradientSum<>(f).merge(first).merge(second);
    assertEquals(all.count(), merged.count());
    assertEquals(all.loss(), merged.loss(), 1e-12 * all.loss());
    assertClose(all.gradient(), merged.gradient(), 1e-12);
    // Merging empty accumulators, on either side, changes nothing.
    GradientSum<CsrBlock> withEmpty = first.merge(new GradientSum<>(f));
    new GradientSum<>(f).merge(withEmpty);
    assertEquals(15, withEmpty.count());
  }

  @Test
  void emptyAccumulatorHasNoMeans() {
    Objective f = new Objective(new LogisticLoss(), Regularization.none(), new ModelShape(3, 1, false));
    GradientSum<CsrBlock> empty = new GradientSum<>(f);
    assertEquals(0, empty.count());
    IllegalStateException e = assertThrows(IllegalStateException.class, empty::loss);
    assertTrue(e.getMessage().contains("no rows of positive weight"), e.getMessage());
    assertThrows(IllegalStateException.class, empty::gradient);

    io.sparkdtrain.data.CsrBlock zeroWeight = new io.sparkdtrain.data.CsrBlockBuilder(3, true)
        .addRow(1, 0.0, new int[] {0}, new double[] {1}).build();
    GradientSum<CsrBlock> acc = new GradientSum<>(f).addAll(zeroWeight, new double[3]);
    e = assertThrows(IllegalStateException.class, acc::gradient);
    assertTrue(e.getMessage().contains("count=1"), e.getMessage());
  }

  @Test
  void dimensionMismatchesAreRejected() {
    Random rnd = new Random(12);
    Objective f3 = new Objective(new LogisticLoss(), Regularization.none(), new ModelShape(3, 1, false));
    Objective f4 = new Objective(new LogisticLoss(), Regularization.none(), new ModelShape(4, 1, false));
    GradientSum<CsrBlock> a = new GradientSum<>(f3)
        .addAll(NaiveModel.randomBlock(rnd, 3, 3, 1.0, "logistic", 2, false), new double[3]);
    GradientSum<CsrBlock> b = new GradientSum<>(f4)
        .addAll(NaiveModel.randomBlock(rnd, 3, 4, 1.0, "logistic", 2, false), new double[4]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.merge(b));
    assertEquals("cannot merge gradients of dimension 4 into dimension 3", e.getMessage());

    CsrBlock block = NaiveModel.randomBlock(rnd, 2, 3, 1.0, "logistic", 2, false);
    e = assertThrows(IllegalArgumentException.class,
        () -> new GradientSum<>(f3).add(block, new int[] {0}, 1, new double[5]));
    assertEquals("Cannot evaluate at weights of length 5, the linear model's dimension is 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new GradientSum<>(f4).add(block, new int[] {0}, 1, new double[4]));
    assertEquals("Block has numFeatures=3 but the model has numFeatures=4", e.getMessage());
  }
}
