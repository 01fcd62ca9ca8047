package io.sparkdtrain.model;

/**
 * A worker's own copy of the model and the SGD steps it takes on it between communications: what
 * Local SGD, asynchronous and FedAvg workers run. Made by {@link Model#localStepper}; one per task,
 * not thread-safe.
 *
 * <p>The message a worker sends is the change of its model, {@code w_end = c w_start + u} with a
 * scalar decay {@code c} ({@link #decay()}, 1 unless the stepper multiplies the coordinates where
 * {@link Model#decays} holds by a common factor, as the lazy L2 of the linear model does) and a
 * vector {@code u} that is as sparse as the rows the steps touched. {@link #changes} lists the
 * non-zeros of {@code u} without a dense pass where the stepper can.
 *
 * @param <B> the block type of the model
 */
public interface LocalStepper<B extends ExampleBlock> {

  /**
   * Advances the local model on rows {@code rows[0..count)} of {@code block} at the rate
   * {@code rates.rate(steps())}: one mini-batch step for the linear model and the dense fallback,
   * one step per rating (in batch order) for matrix factorisation. A batch whose weights sum to 0
   * is skipped (state and step counter unchanged).
   *
   * @return the batch's weighted mean data loss before the update (0 for a skipped batch)
   */
  double step(B block, int[] rows, int count);

  /** Steps taken (skipped batches not counted). */
  long steps();

  /** Writes the current parameters into {@code out} (length {@link Model#dimension()}). */
  void weightsInto(double[] out);

  /** The current parameters as a new array. */
  default double[] weights() {
    throw new UnsupportedOperationException("weights() is not implemented by " + getClass().getName());
  }

  /** The common factor {@code c} applied to every decaying coordinate since the start (1: none). */
  default double decay() {
    return 1.0;
  }

  /**
   * Reports {@code (i, w_end[i] - c start[i])} (decaying coordinates) or {@code (i, w_end[i] -
   * start[i])} (the others) for every coordinate whose value may differ from that, in ascending
   * order, without an O(dimension) array; returns false, reporting nothing, when it cannot (the
   * caller then compares densely).
   */
  default boolean changes(double[] start, ChangeSink out) {
    return false;
  }

  /** Receives one changed coordinate. */
  @FunctionalInterface
  interface ChangeSink {
    void accept(int coordinate, double change);
  }
}
