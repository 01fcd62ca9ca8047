/**
 * Seeded straggler scenarios that every strategy honours, so the same slow-worker setting can be
 * compared across strategies: {@link io.sparkdtrain.straggler.StragglerModel} (per-worker slowdown
 * factors, random extra delays, or none). Executors apply it through
 * {@link io.sparkdtrain.events.StepTimer}, which also records the step's timing. Pure Java; nothing
 * here imports Spark.
 */
package io.sparkdtrain.straggler;
