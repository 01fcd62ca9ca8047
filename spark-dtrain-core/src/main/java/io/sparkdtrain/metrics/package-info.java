/**
 * What a run measures: per-round records (objective, held-out metrics, bytes, training clock) and
 * the mergeable accumulators that compute accuracy, log-loss, exact AUC and RMSE in one pass.
 */
package io.sparkdtrain.metrics;
