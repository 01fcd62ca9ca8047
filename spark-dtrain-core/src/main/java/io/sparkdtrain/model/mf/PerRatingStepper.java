package io.sparkdtrain.model.mf;

import io.sparkdtrain.data.RatingsBlock;
import io.sparkdtrain.model.CopyLocalStepper;
import io.sparkdtrain.model.StepSizes;

/**
 * The local stepper of {@link MatrixFactorization}: a private copy of the factors and, per batch,
 * one {@link MatrixFactorization#step} per rating in batch order, all at the batch's rate
 * {@code rates.rate(steps())}: the classic per-rating SGD of Koren, Bell and Volinsky (2009). Each
 * rating touches its user's and item's {@code 2(K+1)} parameters only; there is no common decay.
 */
final class PerRatingStepper extends CopyLocalStepper<RatingsBlock> {
  private final MatrixFactorization model;
  private final MatrixFactorization.Access onCopy;
  private final MatrixFactorization.Access ignore;
  private final int[] one = new int[1];

  PerRatingStepper(MatrixFactorization model, double[] start, StepSizes rates) {
    super(model, start, rates);
    this.model = model;
    this.onCopy = new MatrixFactorization.Access() {
      @Override
      public double get(int i) {
        return w[i];
      }

      @Override
      public void add(int i, double d) {
        w[i] += d;
      }
    };
    this.ignore = new MatrixFactorization.Access() {
      @Override
      public double get(int i) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void add(int i, double d) {}
    };
  }

  /** Returns the batch's mean loss, each rating's taken just before its own step. */
  @Override
  public double step(RatingsBlock block, int[] rows, int count) {
    if (count < 1) {
      return 0.0;
    }
    double lr = rate();
    double loss = 0;
    for (int r = 0; r < count; r++) {
      int j = rows[r];
      one[0] = j;
      loss += model.loss(block, one, 1, w, null);
      model.step(onCopy, ignore, block.user(j), block.item(j), block.rating(j), lr);
    }
    stepTaken();
    return loss / count;
  }
}
