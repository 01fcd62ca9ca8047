package io.sparkdtrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.RatingsBlock;
import io.sparkdtrain.model.linear.Losses;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.mf.MatrixFactorization;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.store.SharedParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@link Model} contract on its two implementations and on a model a newcomer would write
 * ({@link DenseLeastSquares}: only addGradient and loss), against independent references: central
 * finite differences of {@link Model#loss}, a sequential per-rating SGD loop written here, and the
 * linear model's own sparse stepper.
 */
class ModelContractTest {

  static RatingsBlock ratings(int users, int items, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] u = new int[n];
    int[] i = new int[n];
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      u[k] = r.nextInt(users);
      i[k] = r.nextInt(items);
      v[k] = 1 + r.nextInt(5);
    }
    return new RatingsBlock(u, i, v, n);
  }

  static CsrBlock rows(int features, int n, long seed, boolean binary) {
    SplittableRandom r = new SplittableRandom(seed);
    CsrBlockBuilder b = new CsrBlockBuilder(features, true);
    for (int k = 0; k < n; k++) {
      double[] x = new double[features];
      for (int j = 0; j < features; j++) {
        x[j] = r.nextDouble() < 0.5 ? 0 : r.nextGaussian();
      }
      double y = r.nextGaussian();
      b.addDenseRow(binary ? (y > 0 ? 1 : 0) : y, 0.5 + r.nextDouble(), x);
    }
    return b.build();
  }

  @Test
  void matrixFactorisationGradientMatchesFiniteDifferencesOfItsLoss() {
    MatrixFactorization mf = new MatrixFactorization(4, 3, 2, 0.07, 3.2);
    RatingsBlock block = ratings(4, 3, 9, 1);
    double[] w = mf.initialParameters(5);
    for (int k = 0; k < w.length; k++) {
      w[k] += 0.3 * Math.sin(k); // biases away from zero too
    }
    int[] rows = {0, 3, 5, 5, 8};
    double[] g = new double[mf.dimension()];
    double loss = mf.addGradient(block, rows, rows.length, w, 1.0, g, mf.newWorkspace());
    assertEquals(mf.loss(block, rows, rows.length, w, mf.newWorkspace()), loss, 1e-12);
    double h = 1e-6;
    for (int k = 0; k < w.length; k++) {
      double[] plus = w.clone();
      double[] minus = w.clone();
      plus[k] += h;
      minus[k] -= h;
      double fd = (mf.loss(block, rows, rows.length, plus, null) - mf.loss(block, rows, rows.length, minus, null))
          / (2 * h);
      assertEquals(fd, g[k], 1e-6 * Math.max(1, Math.abs(fd)), "coordinate " + k);
    }
  }

  @Test
  void matrixFactorisationLocalStepperIsPerRatingSgdWrittenOut() {
    MatrixFactorization mf = new MatrixFactorization(5, 4, 3, 0.05, 3.0);
    RatingsBlock block = ratings(5, 4, 30, 2);
    double[] start = mf.initialParameters(9);
    LocalStepper<RatingsBlock> stepper = mf.localStepper(start, LearningRates.constant(0.1));
    int[] batch = {4, 1, 4, 29, 0, 17};
    stepper.step(block, batch, batch.length);
    stepper.step(block, batch, 3);
    // reference: w <- w - lr * gradient of (1/2)e^2 + (lambda/2)(norms), one rating at a time
    double[] w = start.clone();
    int k1 = 4;
    for (int[] b : new int[][] {batch, {4, 1, 4}}) {
      for (int j : b) {
        int a = block.user(j) * k1;
        int c = (5 + block.item(j)) * k1;
        double e = block.rating(j) - (3.0 + w[a + 3] + w[c + 3] + w[a] * w[c] + w[a + 1] * w[c + 1] + w[a + 2] * w[c + 2]);
        double[] pu = {w[a], w[a + 1], w[a + 2]};
        for (int k = 0; k < 3; k++) {
          w[a + k] += 0.1 * (e * w[c + k] - 0.05 * pu[k]);
          w[c + k] += 0.1 * (e * pu[k] - 0.05 * w[c + k]);
        }
        w[a + 3] += 0.1 * (e - 0.05 * w[a + 3]);
        w[c + 3] += 0.1 * (e - 0.05 * w[c + 3]);
      }
    }
    assertArrayEquals(w, stepper.weights(), 1e-14);
    assertEquals(2, stepper.steps());
    assertEquals(1.0, stepper.decay());
  }

  @Test
  void matrixFactorisationRacingStepTouchesOnlyTheRatingsUserAndItem() {
    MatrixFactorization mf = new MatrixFactorization(5, 4, 2, 0.05, 3.0);
    RatingsBlock block = ratings(5, 4, 10, 3);
    double[] start = mf.initialParameters(1);
    SharedParameters shared = new SharedParameters(mf.dimension(), SharedParameters.Access.PLAIN);
    shared.copyFrom(start);
    List<Integer> touched = new ArrayList<>();
    mf.racingStep(block, 6, shared, 0.2, touched::add, mf.newWorkspace());
    LocalStepper<RatingsBlock> reference = mf.localStepper(start, t -> 0.2);
    reference.step(block, new int[] {6}, 1);
    assertArrayEquals(reference.weights(), shared.snapshot(), 0.0);
    int a = mf.userOffset(block.user(6));
    int b = mf.itemOffset(block.item(6));
    for (int k = 0; k < mf.dimension(); k++) {
      boolean ownsIt = (k >= a && k < a + 3) || (k >= b && k < b + 3);
      assertEquals(ownsIt, touched.contains(k), "coordinate " + k);
      if (!ownsIt) {
        assertEquals(start[k], shared.get(k), 0.0);
      }
    }
  }

  @Test
  void theLinearModelsSparseStepperEqualsTheDenseFallback() {
    Objective f = new Objective(Losses.byName("logistic", 2), Regularization.l2(0.3), new ModelShape(6, 1, true));
    CsrBlock block = rows(6, 20, 4, true);
    double[] start = new double[f.dimension()];
    LocalStepper<CsrBlock> sparse = f.localStepper(start, LearningRates.inverseSqrt(0.5));
    LocalStepper<CsrBlock> dense = new DenseLocalStepper<>(f, start, LearningRates.inverseSqrt(0.5));
    SplittableRandom r = new SplittableRandom(8);
    int[] batch = new int[5];
    for (int s = 0; s < 30; s++) {
      for (int k = 0; k < batch.length; k++) {
        batch[k] = r.nextInt(block.numRows());
      }
      assertEquals(dense.step(block, batch, batch.length), sparse.step(block, batch, batch.length), 1e-12);
    }
    assertArrayEquals(dense.weights(), sparse.weights(), 1e-12);
    double c = 1;
    for (int s = 0; s < 30; s++) {
      c *= 1 - LearningRates.inverseSqrt(0.5).rate(s) * 0.3;
    }
    assertEquals(c, sparse.decay(), 1e-15);
  }

  @Test
  void aDenseModelWithOnlyGradientAndLossGetsWorkingStepsByDefault() {
    DenseLeastSquares m = new DenseLeastSquares(5);
    CsrBlock block = rows(5, 40, 6, false);
    double[] w = new double[m.dimension()];
    double before = m.loss(block, null, block.numRows(), w, Workspace.NONE) / block.weightSum();
    LocalStepper<CsrBlock> s = m.localStepper(w, t -> 0.1);
    int[] all = new int[block.numRows()];
    for (int k = 0; k < all.length; k++) {
      all[k] = k;
    }
    for (int k = 0; k < 50; k++) {
      s.step(block, all, all.length);
    }
    double after = m.loss(block, null, block.numRows(), s.weights(), Workspace.NONE) / block.weightSum();
    assertTrue(after < before, before + " -> " + after);
    // reference: full-batch gradient descent on the weighted mean squared error, written out
    double[] ref = new double[m.dimension()];
    for (int k = 0; k < 50; k++) {
      double[] g = new double[ref.length];
      for (int row = 0; row < block.numRows(); row++) {
        double z = 0;
        for (int p = block.rowStart(row); p < block.rowEnd(row); p++) {
          z += ref[block.indices()[p]] * block.values()[p];
        }
        for (int p = block.rowStart(row); p < block.rowEnd(row); p++) {
          g[block.indices()[p]] += block.weight(row) * (z - block.label(row)) * block.values()[p];
        }
      }
      for (int j = 0; j < ref.length; j++) {
        ref[j] -= 0.1 * g[j] / block.weightSum();
      }
    }
    assertArrayEquals(ref, s.weights(), 1e-12);
    // the racing fallback is a dense gradient step of one row
    SharedParameters shared = new SharedParameters(m.dimension(), SharedParameters.Access.PLAIN);
    shared.copyFrom(s.weights());
    double[] g = new double[m.dimension()];
    double[] at = s.weights();
    m.addGradient(block, new int[] {3}, 1, at, 1.0, g, Workspace.NONE);
    m.racingStep(block, 3, shared, 0.05, i -> { }, Workspace.NONE);
    for (int k = 0; k < g.length; k++) {
      assertEquals(at[k] - 0.05 * g[k], shared.get(k), 1e-15);
    }
  }

  /** What a newcomer writes: squared loss of a linear predictor, dense, nothing but the required methods. */
  static final class DenseLeastSquares implements Model<CsrBlock> {
    private static final long serialVersionUID = 1L;
    private final int features;

    DenseLeastSquares(int features) {
      this.features = features;
    }

    @Override
    public String family() {
      return "dense least squares (test)";
    }

    @Override
    public Class<CsrBlock> blockType() {
      return CsrBlock.class;
    }

    @Override
    public int dimension() {
      return features;
    }

    @Override
    public ModelDescription description() {
      return new ModelDescription(family(), java.util.Map.of("features", Integer.toString(features)));
    }

    @Override
    public double addGradient(CsrBlock block, int[] rows, int count, double[] w, double scale, double[] gradient,
                              Workspace ws) {
      double sum = 0;
      for (int r = 0; r < count; r++) {
        int row = rows == null ? r : rows[r];
        double e = predict(block, row, w) - block.label(row);
        for (int p = block.rowStart(row); p < block.rowEnd(row); p++) {
          gradient[block.indices()[p]] += scale * block.weight(row) * e * block.values()[p];
        }
        sum += block.weight(row) * 0.5 * e * e;
      }
      return sum;
    }

    @Override
    public double loss(CsrBlock block, int[] rows, int count, double[] w, Workspace ws) {
      return addGradient(block, rows, count, w, 0.0, new double[features], ws);
    }

    @Override
    public double predict(CsrBlock block, int row, double[] w) {
      double z = 0;
      for (int p = block.rowStart(row); p < block.rowEnd(row); p++) {
        z += w[block.indices()[p]] * block.values()[p];
      }
      return z;
    }

    @Override
    public double target(CsrBlock block, int row) {
      return block.label(row);
    }
  }
}
