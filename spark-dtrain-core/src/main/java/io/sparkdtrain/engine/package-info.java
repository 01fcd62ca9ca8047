/**
 * The machinery every strategy shares: validated settings ({@link io.sparkdtrain.engine.TrainingConfig}),
 * the run context, the round loop with its clock, evaluation, stopping rules and divergence guard
 * ({@link io.sparkdtrain.engine.TrainingLoop}), reproducible aggregation
 * ({@link io.sparkdtrain.engine.OrderedTreeAggregate}) and the result with its report.
 */
package io.sparkdtrain.engine;
