package io.sparkdtrain.model.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.optim.LearningRates;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link SparseSgd} against a dense reference: naive mini-batch SGD written in this test with
 * {@link NaiveModel}'s dense gradient, {@code w -= lr (mean data gradient + lambda w)} for L2 and
 * {@code w = S_{lr lambda}(w - lr * mean data gradient)} for L1, intercepts never penalised.
 */
class SparseSgdTest {
  private static final int FEATURES = 12;

  /** The dense reference step; returns the batch's weighted mean data loss before the update. */
  private static double denseStep(String name, CsrBlock block, int[] rows, int count, double[] w,
                                  ModelShape shape, Regularization reg, double lr) {
    double l2 = reg.kind() == Regularization.Kind.L2 ? reg.lambda() : 0;
    double lossSum = 0;
    double weightSum = 0;
    for (int r = 0; r < count; r++) {
      double[] z = NaiveModel.margins(NaiveModel.denseRow(block, rows[r]), w, shape.numOutputs(),
          shape.fitIntercept());
      lossSum += block.weight(rows[r]) * NaiveModel.loss(name, z, block.label(rows[r]));
      weightSum += block.weight(rows[r]);
    }
    double[] g = NaiveModel.gradient(name, block, rows, count, w, shape.numOutputs(),
        shape.fitIntercept(), l2);
    for (int i = 0; i < w.length; i++) {
      w[i] -= lr * g[i];
      if (reg.kind() == Regularization.Kind.L1 && !shape.isIntercept(i)) {
        double t = lr * reg.lambda();
        w[i] = w[i] > t ? w[i] - t : (w[i] < -t ? w[i] + t : 0.0);
      }
    }
    return lossSum / weightSum;
  }

  /** |a - b| within relTol of max(|b_i|, max_j |b_j|): relative to the vector's scale. */
  private static void assertClose(double[] expected, double[] actual, double relTol, String what) {
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], relTol * Math.max(scale, Math.abs(expected[i])),
          what + " i=" + i);
    }
  }

  private static int[] randomBatch(Random rnd, int numRows, int count) {
    int[] rows = new int[count + 3]; // longer than count: the tail must be ignored
    for (int i = 0; i < rows.length; i++) {
      rows[i] = rnd.nextInt(numRows); // repeats allowed, as in sampling with replacement
    }
    return rows;
  }

  private static void runAgainstDense(String name, boolean intercept, boolean weighted,
                                      Regularization reg, LearningRateSchedule schedule, int steps,
                                      long seed) {
    Random rnd = new Random(seed);
    MarginLoss loss = Losses.byName(name, name.equals("softmax") ? 3 : 2);
    ModelShape shape = new ModelShape(FEATURES, loss.numOutputs(), intercept);
    CsrBlock block = NaiveModel.randomBlock(rnd, 30, FEATURES, 0.3, name, 3, weighted);
    double[] w = NaiveModel.randomWeights(rnd, shape.dimension(), 0.3);
    SparseSgd sparse = new SparseSgd(new Objective(loss, reg, shape), schedule, w);
    for (int t = 0; t < steps; t++) {
      int count = 1 + rnd.nextInt(5);
      int[] rows = randomBatch(rnd, block.numRows(), count);
      double expectedLoss = denseStep(name, block, rows, count, w, shape, reg, schedule.rate(t));
      double actualLoss = sparse.step(block, rows, count);
      String what = name + " " + reg + " intercept=" + intercept + " weighted=" + weighted + " t=" + t;
      assertEquals(expectedLoss, actualLoss, 1e-10 * Math.max(1, expectedLoss), what);
      assertClose(w, sparse.weights(), 1e-10, what);
    }
    assertEquals(steps, sparse.steps());
  }

  @Test
  void stepsEqualDenseMiniBatchSgdForEveryLoss() {
    long seed = 100;
    for (String name : Losses.NAMES) {
      for (boolean intercept : new boolean[] {false, true}) {
        for (boolean weighted : new boolean[] {false, true}) {
          for (Regularization reg : new Regularization[] {Regularization.none(),
              Regularization.l2(0.05), Regularization.l1(0.02)}) {
            runAgainstDense(name, intercept, weighted, reg, LearningRates.inverseSqrt(0.5), 40, seed++);
          }
        }
      }
    }
  }

  @Test
  void oneStepEqualsDenseStep() {
    runAgainstDense("logistic", true, true, Regularization.l2(0.3), LearningRates.constant(0.7), 1, 7);
    runAgainstDense("softmax", true, false, Regularization.l1(0.1), LearningRates.constant(0.7), 1, 8);
  }

  @Test
  void manyStepsWithStrongDecayFoldTheScaleAndStayExact() {
    // lr * lambda = 0.5 halves the scale each step: it drops below 1e-9 after 30 steps, so 200
    // steps fold it into v six times. lr * lambda = 1 zeroes the penalised weights every step
    // (scale 0, folded at once).
    runAgainstDense("squared", true, true, Regularization.l2(1.0), LearningRates.constant(0.5), 200, 5);
    runAgainstDense("softmax", true, true, Regularization.l2(2.0), LearningRates.constant(0.25), 200, 6);
    runAgainstDense("logistic", true, false, Regularization.l2(1.0), LearningRates.constant(1.0), 20, 7);
  }

  @Test
  void strongL1ProducesTheSameExactZerosAsTheDenseProximalStep() {
    Random rnd = new Random(9);
    MarginLoss loss = Losses.byName("logistic", 2);
    ModelShape shape = new ModelShape(FEATURES, 1, true);
    CsrBlock block = NaiveModel.randomBlock(rnd, 30, FEATURES, 0.3, "logistic", 2, false);
    double[] w = NaiveModel.randomWeights(rnd, shape.dimension(), 1.0);
    Regularization reg = Regularization.l1(0.05);
    SparseSgd sparse = new SparseSgd(new Objective(loss, reg, shape), LearningRates.constant(0.5), w);
    for (int t = 0; t < 100; t++) {
      int[] rows = randomBatch(rnd, 30, 2);
      denseStep("logistic", block, rows, 2, w, shape, reg, 0.5);
      sparse.step(block, rows, 2);
    }
    double[] actual = sparse.weights();
    assertClose(w, actual, 1e-10, "l1");
    int zeros = 0;
    for (int i = 0; i < w.length; i++) {
      if (w[i] == 0.0) {
        zeros++;
        assertEquals(0.0, actual[i], 0.0, "i=" + i);
      }
    }
    assertTrue(zeros >= 2, "the test needs some exact zeros, got " + zeros);
  }

  @Test
  void stepTouchesOnlyTheBatchIndicesAndIntercepts() {
    Random rnd = new Random(13);
    MarginLoss loss = Losses.byName("softmax", 3);
    ModelShape shape = new ModelShape(40, 3, true);
    CsrBlock block = NaiveModel.randomBlock(rnd, 10, 40, 0.1, "softmax", 3, false);
    double[] w0 = NaiveModel.randomWeights(rnd, shape.dimension(), 1.0);
    SparseSgd sparse = new SparseSgd(new Objective(loss, Regularization.l2(0.0), shape),
        LearningRates.constant(0.3), w0);
    int[] rows = {2, 7};
    Set<Integer> touched = new HashSet<>();
    for (int row : rows) {
      for (int p = block.rowStart(row); p < block.rowEnd(row); p++) {
        for (int k = 0; k < 3; k++) {
          touched.add(shape.offset(k) + block.indices()[p]);
        }
      }
    }
    sparse.step(block, rows, 2);
    double[] w1 = sparse.weights();
    int unchanged = 0;
    for (int i = 0; i < w0.length; i++) {
      if (!touched.contains(i) && !shape.isIntercept(i)) {
        assertEquals(Double.doubleToRawLongBits(w0[i]), Double.doubleToRawLongBits(w1[i]), "i=" + i);
        unchanged++;
      }
    }
    assertTrue(unchanged > 60, "most weights lie outside the batch, got " + unchanged);
    assertTrue(w1[shape.interceptIndex(0)] != w0[shape.interceptIndex(0)], "intercepts move");
  }

  @Test
  void zeroWeightBatchIsSkipped() {
    CsrBlock block = new CsrBlockBuilder(3, true)
        .addRow(1, 0.0, new int[] {0}, new double[] {1})
        .addRow(0, 1.0, new int[] {1}, new double[] {1}).build();
    ModelShape shape = new ModelShape(3, 1, false);
    SparseSgd sparse = new SparseSgd(new Objective(Losses.byName("logistic", 2),
        Regularization.l2(0.5), shape), LearningRates.constant(0.1), new double[] {1, 2, 3});
    assertEquals(0.0, sparse.step(block, new int[] {0, 0}, 2));
    assertEquals(0, sparse.steps());
    assertArrayEquals(new double[] {1, 2, 3}, sparse.weights(), 0.0);
    double[] out = new double[3];
    sparse.weightsInto(out);
    assertArrayEquals(new double[] {1, 2, 3}, out, 0.0);
  }

  @Test
  void badArgumentsAreRejected() {
    Random rnd = new Random(1);
    CsrBlock block = NaiveModel.randomBlock(rnd, 4, FEATURES, 0.5, "logistic", 2, false);
    ModelShape shape = new ModelShape(FEATURES, 1, true);
    Objective f = new Objective(Losses.byName("logistic", 2), Regularization.none(), shape);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SparseSgd(f, LearningRates.constant(0.1), new double[FEATURES]));
    assertTrue(e.getMessage().contains("initialWeights has length 12")
        && e.getMessage().contains("dimension 13"), e.getMessage());
    SparseSgd sparse = new SparseSgd(f, LearningRates.constant(0.1), new double[FEATURES + 1]);
    e = assertThrows(IllegalArgumentException.class, () -> sparse.step(block, new int[] {0}, 0));
    assertEquals("Cannot set count to 0, the value must be in [1, 1] (the length of rows)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> sparse.step(block, new int[] {0, 4}, 2));
    assertEquals("rows[1] = 4 is outside [0, numRows=4)", e.getMessage());
    CsrBlock other = NaiveModel.randomBlock(rnd, 2, 5, 0.5, "logistic", 2, false);
    e = assertThrows(IllegalArgumentException.class, () -> sparse.step(other, new int[] {0}, 1));
    assertEquals("Block has numFeatures=5 but the model has numFeatures=12", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> sparse.weightsInto(new double[3]));
    assertEquals("out has length 3 but the model dimension is 13", e.getMessage());
    CsrBlock badLabel = new CsrBlockBuilder(FEATURES, false).addRow(2.0, 1.0, new int[0],
        new double[0]).build();
    e = assertThrows(IllegalArgumentException.class, () -> sparse.step(badLabel, new int[] {0}, 1));
    assertTrue(e.getMessage().startsWith("Invalid label 2.0 for the logistic loss"), e.getMessage());
    assertEquals(0, sparse.steps());
  }
}
