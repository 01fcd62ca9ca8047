/**
 * The linear model family: training objectives, written as functions of margins
 * {@code z_k = w_k . x + b_k}: the {@link io.sparkdtrain.model.linear.MarginLoss} implementations
 * ({@link io.sparkdtrain.model.linear.LogisticLoss}, {@link io.sparkdtrain.model.linear.HingeLoss},
 * {@link io.sparkdtrain.model.linear.SquaredLoss}, {@link io.sparkdtrain.model.linear.SoftmaxLoss},
 * chosen by name through {@link io.sparkdtrain.model.linear.Losses}), the parameter layout
 * {@link io.sparkdtrain.model.linear.ModelShape}, the penalty
 * {@link io.sparkdtrain.model.linear.Regularization}, and the full
 * {@link io.sparkdtrain.model.linear.Objective} (a {@link io.sparkdtrain.model.Model}, whose gradient
 * sums strategies merge with the model-independent {@link io.sparkdtrain.model.GradientSum}).
 *
 * <p>Pure Java: nothing here imports Spark. Row-level work costs O(nnz x outputs).
 */
package io.sparkdtrain.model.linear;
