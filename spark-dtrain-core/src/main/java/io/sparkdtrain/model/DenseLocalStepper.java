package io.sparkdtrain.model;

/**
 * The default {@link LocalStepper}: plain mini-batch SGD (Robbins and Monro 1951) on a dense copy of
 * the parameters, {@code w <- w - lr_t ((sum_r a_r dL_r/dw) / (sum_r a_r) + grad R(w))}, with the
 * batch gradient from {@link Model#addGradient}. O(dimension) per step: the right cost for dense
 * models (every step touches every parameter); sparse models provide their own stepper. A subclass
 * changes the update applied to the batch gradient by overriding {@link #descend} (Local SGD's Adam
 * stepper does).
 *
 * @param <B> the block type
 */
public class DenseLocalStepper<B extends ExampleBlock> extends CopyLocalStepper<B> {
  private final Model<B> model;
  private final double[] gradient;
  private final Workspace ws;

  /** A stepper at a copy of {@code start}. */
  public DenseLocalStepper(Model<B> model, double[] start, StepSizes rates) {
    super(model, start, rates);
    this.model = model;
    this.gradient = new double[w.length];
    this.ws = model.newWorkspace();
  }

  @Override
  public double step(B block, int[] rows, int count) {
    double weightSum = block.weightSum(rows, count);
    if (!(weightSum > 0)) {
      return 0.0;
    }
    java.util.Arrays.fill(gradient, 0.0);
    double loss = model.addGradient(block, rows, count, w, 1.0 / weightSum, gradient, ws);
    model.addPenaltyGradient(w, gradient);
    descend(gradient);
    stepTaken();
    return loss / weightSum;
  }

  /**
   * Moves the copy {@link #w} along this step's batch gradient (the penalty's included), before the
   * step is counted: {@code w <- w - rate() gradient}.
   */
  protected void descend(double[] gradient) {
    double lr = rate();
    for (int i = 0; i < w.length; i++) {
      w[i] -= lr * gradient[i];
    }
  }
}
