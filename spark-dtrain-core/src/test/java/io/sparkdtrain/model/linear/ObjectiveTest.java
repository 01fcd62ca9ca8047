package io.sparkdtrain.model.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.model.GradientSum;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Objective} and {@link Regularization}: values against the dense re-implementation in
 * {@link NaiveModel}, gradients against central finite differences of {@link Objective#value}.
 */
class ObjectiveTest {
  private static final int FEATURES = 6;

  private static MarginLoss lossOf(String name) {
    return Losses.byName(name, name.equals("softmax") ? 3 : 2);
  }

  @Test
  void valueMatchesNaiveDenseLoop() {
    Random rnd = new Random(1);
    for (String name : Losses.NAMES) {
      for (boolean intercept : new boolean[] {false, true}) {
        for (Regularization reg : new Regularization[] {Regularization.none(), Regularization.l2(0.3),
            Regularization.l1(0.2)}) {
          MarginLoss loss = lossOf(name);
          ModelShape shape = new ModelShape(FEATURES, loss.numOutputs(), intercept);
          CsrBlock block = NaiveModel.randomBlock(rnd, 25, FEATURES, 0.5, name, 3, true);
          double[] w = NaiveModel.randomWeights(rnd, shape.dimension(), 0.7);
          double l2 = reg.kind() == Regularization.Kind.L2 ? reg.lambda() : 0;
          double l1 = reg.kind() == Regularization.Kind.L1 ? reg.lambda() : 0;
          // Reference: NaiveModel.objective, dense loops and textbook losses written from scratch.
          double expected = NaiveModel.objective(name, block, w, loss.numOutputs(), intercept, l2, l1);
          double actual = new Objective(loss, reg, shape).value(List.of(block), w);
          assertEquals(expected, actual, 1e-12 * Math.abs(expected), name + " " + reg + " " + intercept);
        }
      }
    }
  }

  @Test
  void valueOverSeveralBlocksIsTheWeightedMeanOverAllRows() {
    Random rnd = new Random(2);
    MarginLoss loss = new LogisticLoss();
    ModelShape shape = new ModelShape(FEATURES, 1, true);
    CsrBlock a = NaiveModel.randomBlock(rnd, 10, FEATURES, 0.5, "logistic", 2, true);
    CsrBlock b = NaiveModel.randomBlock(rnd, 17, FEATURES, 0.5, "logistic", 2, true);
    double[] w = NaiveModel.randomWeights(rnd, shape.dimension(), 1);
    Objective f = new Objective(loss, Regularization.none(), shape);
    double sum = 0;
    for (CsrBlock blk : List.of(a, b)) {
      for (int i = 0; i < blk.numRows(); i++) {
        sum += blk.weight(i) * NaiveModel.loss("logistic",
            NaiveModel.margins(NaiveModel.denseRow(blk, i), w, 1, true), blk.label(i));
      }
    }
    double expected = sum / (a.weightSum() + b.weightSum());
    assertEquals(expected, f.value(List.of(a, b), w), 1e-12 * expected);
  }

  /**
   * Gradient (accumulator mean + L2 gradient) against central finite differences of the objective
   * value with step 1e-5: truncation error ~ h^2 = 1e-10 and rounding error ~ 1e-16 F / h ~ 1e-11,
   * well inside the tolerance 1e-6 relative with an absolute floor of 1e-9.
   */
  @Test
  void gradientMatchesFiniteDifferencesOfTheValue() {
    Random rnd = new Random(3);
    double h = 1e-5;
    for (String name : Losses.NAMES) {
      for (boolean intercept : new boolean[] {false, true}) {
        for (boolean weighted : new boolean[] {false, true}) {
          for (double lambda : new double[] {0, 0.25}) {
            MarginLoss loss = lossOf(name);
            ModelShape shape = new ModelShape(FEATURES, loss.numOutputs(), intercept);
            Objective f = new Objective(loss, Regularization.l2(lambda), shape);
            CsrBlock block = NaiveModel.randomBlock(rnd, 20, FEATURES, 0.6, name, 3, weighted);
            double[] w = awayFromHingeKinks(rnd, f, block);
            double[] g = new GradientSum<>(f).addAll(block, w).gradient();
            f.regularization().addGradient(w, shape, g);
            for (int i = 0; i < w.length; i++) {
              double[] wp = w.clone();
              double[] wm = w.clone();
              wp[i] += h;
              wm[i] -= h;
              double fd = (f.value(List.of(block), wp) - f.value(List.of(block), wm)) / (2 * h);
              assertEquals(fd, g[i], 1e-6 * Math.max(Math.abs(g[i]), 1e-3),
                  name + " intercept=" + intercept + " weighted=" + weighted + " lambda=" + lambda
                      + " i=" + i);
            }
          }
        }
      }
    }
  }

  /** Random weights such that no row's hinge margin y z is within 1e-3 of the kink at 1. */
  private static double[] awayFromHingeKinks(Random rnd, Objective f, CsrBlock block) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      double[] w = NaiveModel.randomWeights(rnd, f.shape().dimension(), 0.8);
      if (!(f.loss() instanceof HingeLoss)) {
        return w;
      }
      boolean ok = true;
      double[] z = new double[1];
      for (int i = 0; i < block.numRows() && ok; i++) {
        f.margins(block, i, w, z);
        double y = block.label(i) > 0 ? 1 : -1;
        ok = Math.abs(1 - y * z[0]) > 1e-3;
      }
      if (ok) {
        return w;
      }
    }
    throw new AssertionError("no weights away from the hinge kinks");
  }

  @Test
  void interceptsAreNeverRegularised() {
    ModelShape shape = new ModelShape(2, 2, true); // layout [w00 w01 b0 | w10 w11 b1]
    double[] w = {1, -2, 100, 3, 0.5, -100};
    // Reference: hand computation skipping indices 2 and 5.
    assertEquals(0.5 * 0.1 * (1 + 4 + 9 + 0.25), Regularization.l2(0.1).value(w, shape), 1e-15);
    assertEquals(0.1 * (1 + 2 + 3 + 0.5), Regularization.l1(0.1).value(w, shape), 1e-15);
    double[] g = new double[6];
    Regularization.l2(0.1).addGradient(w, shape, g);
    assertArrayEquals(new double[] {0.1, -0.2, 0, 0.3, 0.05, 0}, g, 1e-15);
    Regularization.l1(0.1).addGradient(w, shape, g);
    assertArrayEquals(new double[] {0.1, -0.2, 0, 0.3, 0.05, 0}, g, 1e-15, "L1 adds no gradient");
  }

  @Test
  void l1ProximalStepSoftThresholds() {
    ModelShape shape = new ModelShape(3, 1, true);
    double[] w = {0.5, -0.05, -2, 0.01};
    // Reference: soft-thresholding S_t(x) = sign(x) max(|x| - t, 0) with t = 0.1 * 1.0 by hand;
    // the intercept (index 3) is left alone even though |0.01| < t.
    Regularization.l1(1.0).applyProximal(w, shape, 0.1);
    assertArrayEquals(new double[] {0.4, 0.0, -1.9, 0.01}, w, 1e-15);
    double[] same = {0.5, -0.05, -2, 0.01};
    Regularization.l2(1.0).applyProximal(same, shape, 0.1);
    assertArrayEquals(new double[] {0.5, -0.05, -2, 0.01}, same, 0.0, "L2 has no proximal step here");
  }

  @Test
  void regularizationValidatesLambda() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Regularization.l2(-1.0));
    assertEquals("Cannot set regParam to -1.0, the value must be finite and >= 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Regularization.l1(Double.NaN));
    assertTrue(e.getMessage().contains("regParam to NaN"), e.getMessage());
    assertEquals(Regularization.Kind.NONE, Regularization.l2(0).kind());
    assertEquals("L2(0.5)", Regularization.l2(0.5).toString());
  }

  @Test
  void objectiveRejectsALossThatDoesNotFitTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Objective(new SoftmaxLoss(3), Regularization.none(), new ModelShape(4, 1, true)));
    assertEquals("loss softmax has 3 outputs but the model shape has 1", e.getMessage());
  }
}
