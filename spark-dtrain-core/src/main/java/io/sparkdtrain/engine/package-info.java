/**
 * The machinery every strategy shares: validated settings ({@link io.sparkdtrain.engine.TrainingConfig}),
 * the run context, the round loop with its clock, evaluation, stopping rules and divergence guard
 * ({@link io.sparkdtrain.engine.TrainingLoop}), the round primitive (broadcast, run on all or some
 * partitions, collect or aggregate, destroy: {@link io.sparkdtrain.engine.Round}), reproducible
 * aggregation ({@link io.sparkdtrain.engine.OrderedTreeAggregate}), the result with its report, and
 * the strategy contract ({@link io.sparkdtrain.engine.TrainingStrategy}) with its registry entry
 * ({@link io.sparkdtrain.engine.StrategyProvider}, {@link io.sparkdtrain.engine.StrategySettings},
 * {@link io.sparkdtrain.engine.ReportKey}).
 */
package io.sparkdtrain.engine;
