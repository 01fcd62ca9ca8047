/**
 * Parameter stores: the executor-local, lock-free shared arrays of Hogwild!
 * ({@link io.sparkdtrain.store.SharedParameters} in the JVM-wide
 * {@link io.sparkdtrain.store.LocalParameterRegistry}; Niu et al. 2011) and the driver-owned,
 * versioned {@link io.sparkdtrain.store.ParameterStore} that task updates reach exactly once
 * through an {@code AccumulatorV2} ({@link io.sparkdtrain.store.SparseDeltaAccumulator}), shared by
 * Hogwild! and the asynchronous parameter server.
 */
package io.sparkdtrain.store;
