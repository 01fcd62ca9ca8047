/**
 * JMH micro-benchmarks of the inner-loop kernels ({@link io.sparkdtrain.math.SparseKernels},
 * {@link io.sparkdtrain.math.Blas}) against plain Java loops over the same arrays. Built only with
 * the {@code jmh} Maven profile.
 */
package io.sparkdtrain.bench;
