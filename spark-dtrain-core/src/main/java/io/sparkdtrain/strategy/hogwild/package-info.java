/**
 * Hogwild! ({@link io.sparkdtrain.strategy.hogwild.HogwildSgd}, and matrix factorisation in
 * {@link io.sparkdtrain.strategy.hogwild.HogwildMf}): lock-free sparse updates shared by the task
 * threads of an executor (Niu, Recht, Re and Wright, NIPS 2011). Config, driver ({@code HogwildRun})
 * and worker ({@code HogwildWorker}) live here.
 */
package io.sparkdtrain.strategy.hogwild;
