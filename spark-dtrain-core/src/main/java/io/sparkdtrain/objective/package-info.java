/**
 * Training objectives of linear models, written as functions of margins
 * {@code z_k = w_k . x + b_k}: the {@link io.sparkdtrain.objective.MarginLoss} implementations
 * ({@link io.sparkdtrain.objective.LogisticLoss}, {@link io.sparkdtrain.objective.HingeLoss},
 * {@link io.sparkdtrain.objective.SquaredLoss}, {@link io.sparkdtrain.objective.SoftmaxLoss},
 * chosen by name through {@link io.sparkdtrain.objective.Losses}), the parameter layout
 * {@link io.sparkdtrain.objective.ModelShape}, the penalty
 * {@link io.sparkdtrain.objective.Regularization}, the full
 * {@link io.sparkdtrain.objective.Objective}, and the MLlib-style aggregator
 * {@link io.sparkdtrain.objective.GradientAccumulator} that strategies merge with
 * {@code treeAggregate}.
 *
 * <p>Pure Java: nothing here imports Spark. Row-level work costs O(nnz x outputs).
 */
package io.sparkdtrain.objective;
