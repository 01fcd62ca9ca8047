/**
 * Synchronous mini-batch SGD ({@link io.sparkdtrain.strategy.sync.SynchronousSgd}): one AllReduce of
 * the gradient per step (Zinkevich, Weimer, Smola and Li, "Parallelized Stochastic Gradient
 * Descent", NIPS 2010), the baseline every other strategy is measured against.
 */
package io.sparkdtrain.strategy.sync;
