/**
 * Seeded straggler scenarios that the five strategies honour (sync, local, async, hogwild, fedavg),
 * so the same slow-worker setting can be compared across strategies:
 * {@link io.sparkdtrain.straggler.StragglerModel} (per-worker slowdown factors, fixed per-step
 * pauses, random extra delays, or none). Executors apply it through
 * {@link io.sparkdtrain.events.StepTimer} (for the round-based strategies inside
 * {@link io.sparkdtrain.engine.Round}), which also records the step's timing; FedAvg's clients and
 * async's workers time their own steps. Hogwild!'s matrix factorisation ({@code dtrain train-mf})
 * runs without a straggler scenario. Pure Java; nothing here imports Spark.
 */
package io.sparkdtrain.straggler;
