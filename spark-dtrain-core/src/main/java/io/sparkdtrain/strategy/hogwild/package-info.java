/**
 * Hogwild! ({@link io.sparkdtrain.strategy.hogwild.HogwildSgd}, and matrix factorisation in
 * {@link io.sparkdtrain.strategy.hogwild.HogwildMf}): lock-free sparse updates shared by the task
 * threads of an executor (Niu, Recht, Re and Wright, NIPS 2011). Config, driver ({@code HogwildRun},
 * whose rounds run through {@link io.sparkdtrain.engine.Round}: each task timed, the straggler
 * scenario applied, one worker event per task and round), worker ({@code HogwildWorker}) and the
 * registry entry ({@link io.sparkdtrain.strategy.hogwild.HogwildProvider}) live here.
 */
package io.sparkdtrain.strategy.hogwild;
