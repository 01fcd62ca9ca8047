/**
 * The matrix-factorisation model family: biased factors of users and items
 * ({@link io.sparkdtrain.model.mf.MatrixFactorization}; Koren, Bell and Volinsky, "Matrix
 * Factorization Techniques for Recommender Systems", IEEE Computer 2009) trained on
 * {@link io.sparkdtrain.data.RatingsBlock}s. Pure Java; nothing here imports Spark.
 */
package io.sparkdtrain.model.mf;
