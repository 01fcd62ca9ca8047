/**
 * Vectors and kernels of the pure-math layer: {@link io.sparkdtrain.math.Blas} (dense level-1
 * BLAS through netlib-java), {@link io.sparkdtrain.math.DenseVector},
 * {@link io.sparkdtrain.math.SparseVector} and the CSR-row kernels of
 * {@link io.sparkdtrain.math.SparseKernels}.
 *
 * <p>Nothing here imports Spark; everything is tested without a {@code SparkContext}. Sparse
 * operations cost O(nnz), dense ones O(dimension).
 */
package io.sparkdtrain.math;
