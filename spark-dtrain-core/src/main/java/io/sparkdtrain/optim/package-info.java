/**
 * Local optimisers of the pure-math layer: learning-rate schedules
 * ({@link io.sparkdtrain.optim.LearningRates}), the dense {@link io.sparkdtrain.optim.Optimizer}s
 * {@link io.sparkdtrain.optim.Sgd} (with heavy-ball or Nesterov momentum and an L1 proximal step)
 * and {@link io.sparkdtrain.optim.AdaGrad}, and the O(nnz)-per-step mini-batch stepper
 * {@link io.sparkdtrain.model.linear.SparseSgd} for sparse data.
 *
 * <p>Life cycle of an {@code Optimizer}: build one configured instance; each training run takes
 * {@code copy()} (same settings, fresh state) and calls {@code step} with {@code t = 0, 1, ...}.
 * Dense optimisers receive the full gradient (data plus L2); an L1 penalty is applied by its
 * proximal operator after the step. Nothing here imports Spark.
 */
package io.sparkdtrain.optim;
