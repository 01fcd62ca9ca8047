package io.sparkdtrain.strategy.sync;

import java.util.List;

/**
 * The one rule both front doors ({@code dtrain train --optimizer}, the Estimators' {@code optimizer}
 * param) apply when the optimizer is left at {@link #AUTO}: synchronous training of a linear model with
 * a smooth objective ({@link #SMOOTH_OBJECTIVES}), an L2 (or no) penalty and full-batch steps runs
 * full-batch L-BFGS ({@link FullBatchLbfgs}; Liu and Nocedal 1989), the method MLlib's
 * {@code LogisticRegression} runs, which needs no step size; everything else (hinge, L1, the network,
 * a mini-batch fraction below 1, the other strategies, or a step size given, which only SGD uses) runs
 * SGD, as before. An optimizer given explicitly is kept as given.
 */
public final class SyncOptimizerDefault {
  /** The unset value: the optimizer is chosen by {@link #resolve}. */
  public static final String AUTO = "auto";
  /** Objectives with a continuous gradient, on which L-BFGS's line search is sound (not hinge). */
  public static final List<String> SMOOTH_OBJECTIVES = List.of("logistic", "squared", "softmax");

  /**
   * The convergence tolerance of L-BFGS when none is given, MLlib's {@code LogisticRegression.tol}: the
   * Estimators' {@code tol} default, and the command line's {@code --tolerance} with L-BFGS (0 otherwise).
   */
  public static final double TOLERANCE = 1e-6;

  private SyncOptimizerDefault() {}

  /**
   * The optimizer a run uses: {@code optimizer} itself unless it is {@link #AUTO}; for {@link #AUTO},
   * "lbfgs" when {@link #lbfgsApplies} and no step size was given, "sgd" otherwise.
   *
   * @param optimizer the value given (or {@link #AUTO})
   * @param strategy the strategy's name
   * @param linearModel false for the feed-forward network
   * @param objective the loss's name (one of {@code Losses.NAMES})
   * @param regType "l2" or "l1"
   * @param miniBatchFraction sync's share of rows per step
   * @param stepSizeGiven whether the user set a step size (SGD's setting: it keeps SGD)
   */
  public static String resolve(String optimizer, String strategy, boolean linearModel, String objective,
                               String regType, double miniBatchFraction, boolean stepSizeGiven) {
    if (!AUTO.equals(optimizer)) {
      return optimizer;
    }
    return !stepSizeGiven && lbfgsApplies(strategy, linearModel, objective, regType, miniBatchFraction)
        ? "lbfgs" : "sgd";
  }

  /** The tolerance of a run: the one given, else {@link #TOLERANCE} with lbfgs and 0 (off) otherwise. */
  public static double tolerance(Double given, String resolvedOptimizer) {
    return given != null ? given : "lbfgs".equals(resolvedOptimizer) ? TOLERANCE : 0.0;
  }

  /** True where full-batch L-BFGS is valid: sync, a linear model, a smooth objective, L2, full batches. */
  public static boolean lbfgsApplies(String strategy, boolean linearModel, String objective, String regType,
                                     double miniBatchFraction) {
    return SynchronousSgd.NAME.equals(strategy) && linearModel && SMOOTH_OBJECTIVES.contains(objective)
        && "l2".equals(regType) && miniBatchFraction >= 1.0;
  }
}
