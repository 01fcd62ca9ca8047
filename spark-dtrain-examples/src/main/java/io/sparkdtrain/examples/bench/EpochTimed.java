package io.sparkdtrain.examples.bench;

/** A method whose cost per epoch (one pass's worth of examples) the scaling sweep can measure. */
public interface EpochTimed {

  /**
   * Trains for a fixed budget (no target, no evaluation inside the budget) and returns the training
   * wall-clock per epoch: seconds over the examples processed, times the training rows.
   *
   * @param rounds rounds (epochs for the plain loop) to run
   */
  double secondsPerEpoch(BenchContext context, int rounds);
}
