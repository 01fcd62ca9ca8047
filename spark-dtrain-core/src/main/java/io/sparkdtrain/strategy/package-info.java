/**
 * Training strategies, one class each behind {@link io.sparkdtrain.strategy.TrainingStrategy}:
 * synchronous SGD ({@link io.sparkdtrain.strategy.SynchronousSgd}, Zinkevich et al. 2010) is the
 * baseline the others are measured against.
 */
package io.sparkdtrain.strategy;
