package io.sparkdtrain.engine;

/** Why a training run stopped. */
public enum StopReason {
  /** {@code maxRounds} rounds were run. */
  MAX_ROUNDS,
  /** The training objective reached {@code targetObjective}. */
  TARGET_OBJECTIVE,
  /** The test accuracy reached {@code targetAccuracy}. */
  TARGET_ACCURACY,
  /** The objective changed by less than {@code tolerance} between evaluations. */
  CONVERGED
}
