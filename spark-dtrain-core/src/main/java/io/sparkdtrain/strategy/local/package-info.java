/**
 * Local SGD ({@link io.sparkdtrain.strategy.local.LocalSgd}): H local steps per partition, then
 * weighted model averaging (Stich, "Local SGD Converges Fast and Communicates Little", ICLR 2019;
 * Lin et al., "Don't Use Large Mini-Batches, Use Local SGD", ICLR 2020; the DiLoCo outer Nesterov
 * step of Douillard et al. 2023). Config, driver ({@code LocalSgd}) and worker
 * ({@code LocalSgdWorker}) live here.
 */
package io.sparkdtrain.strategy.local;
