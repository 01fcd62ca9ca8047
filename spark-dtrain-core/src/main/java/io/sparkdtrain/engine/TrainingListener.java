package io.sparkdtrain.engine;

import io.sparkdtrain.metrics.RoundRecord;

/**
 * Observes a training run from the driver: a progress bar, a report, a notebook. Called on the
 * driver thread that runs the training loop; implementations must be quick and must not throw.
 */
public interface TrainingListener {

  /** A run is starting; {@code maxRounds} is the upper bound on rounds. */
  default void onStart(String strategy, int maxRounds) {}

  /** A round ended (evaluated or not). */
  void onRound(RoundRecord record);

  /** A checkpoint of round {@code round} was written to {@code file} (see {@link TrainingConfig}). */
  default void onCheckpoint(int round, String file) {}

  /** The run resumed from the checkpoint {@code file} of round {@code round}. */
  default void onResume(int round, String file) {}

  /** The run ended, normally or not. */
  default void onEnd(TrainingResult result) {}

  /** A listener that does nothing. */
  TrainingListener NONE = record -> { };
}
