package io.sparkdtrain.model;

/**
 * What the local steppers on a private dense copy of the parameters share ({@link DenseLocalStepper}
 * and matrix factorisation's per-rating stepper): the copy, checked against the model's dimension,
 * the step sizes, the step counter and the read-out of the current parameters. A subclass writes
 * {@link #step}, reading the rate of the step from {@link #rate()} and counting it with
 * {@link #stepTaken()}.
 *
 * @param <B> the block type
 */
public abstract class CopyLocalStepper<B extends ExampleBlock> implements LocalStepper<B> {
  /** The private copy of the parameters that the steps update. */
  protected final double[] w;
  private final StepSizes rates;
  private long steps;

  /**
   * A stepper at a copy of {@code start}.
   *
   * @throws IllegalArgumentException when {@code start} does not have the model's dimension
   */
  protected CopyLocalStepper(Model<B> model, double[] start, StepSizes rates) {
    if (start.length != model.dimension()) {
      throw new IllegalArgumentException("start has length " + start.length + " but the " + model.family()
          + " model has dimension " + model.dimension());
    }
    this.rates = rates;
    this.w = start.clone();
  }

  /** The rate of the next step: {@code rates.rate(steps())}. */
  protected final double rate() {
    return rates.rate(steps);
  }

  /** Counts one step taken. */
  protected final void stepTaken() {
    steps++;
  }

  @Override
  public final long steps() {
    return steps;
  }

  @Override
  public final void weightsInto(double[] out) {
    System.arraycopy(w, 0, out, 0, w.length);
  }

  @Override
  public final double[] weights() {
    return w.clone();
  }
}
