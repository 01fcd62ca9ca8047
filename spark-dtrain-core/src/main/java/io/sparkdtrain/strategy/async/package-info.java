/**
 * The asynchronous parameter server ({@link io.sparkdtrain.strategy.async.AsyncParameterServer}):
 * pull, compute, push with no barrier; staleness measured on every update, bounded (SSP, Ho et al.
 * 2013) or compensated (1/tau; DC-ASGD, Zheng et al. 2017). Config, driver ({@code AsyncRun},
 * {@code AsyncApplier}) and worker ({@code AsyncWorker}) live here.
 */
package io.sparkdtrain.strategy.async;
