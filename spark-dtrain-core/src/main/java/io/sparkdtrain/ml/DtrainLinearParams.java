package io.sparkdtrain.ml;

import org.apache.spark.ml.param.Param;

/**
 * The params of the linear Estimators and their models ({@link DtrainClassifier},
 * {@link DtrainRegressor}, {@link DtrainClassificationModel}, {@link DtrainRegressionModel}) beyond
 * the shared {@link DtrainParams}: the {@code optimizer}, with the values and default of the command
 * line's {@code dtrain train --optimizer}. (The network's {@code optimizer} is
 * {@link DtrainMultilayerPerceptronParams#optimizer()}: it accepts sgd and adam, with defaults of
 * its own.)
 */
public interface DtrainLinearParams extends DtrainParams {

  /**
   * Param for the optimiser of the update: "sgd" (default; momentum as the {@code momentum} param),
   * "adagrad" (Duchi, Hazan and Singer 2011), "adam" (Kingma and Ba 2015) or "lbfgs" (full-batch
   * L-BFGS, Liu and Nocedal 1989: sync only, no step size, L2 penalty only), as
   * {@code dtrain train --optimizer}. Synchronous SGD takes the driver's step with it (its state,
   * one per run, on the driver; {@code momentum} is not used then); the other strategies take plain
   * SGD steps and reject adagrad, adam and lbfgs when {@code fit} starts, naming the optimizer.
   */
  default Param<String> optimizer() { return paramSet().optimizer; }

  default String getOptimizer() { return getOrDefault(optimizer()); }
}
