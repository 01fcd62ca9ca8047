/**
 * Federated Averaging ({@link io.sparkdtrain.strategy.fedavg.FederatedAveraging}): partitions are
 * clients, a sampled fraction trains locally each round and the server averages by client size
 * (McMahan et al., AISTATS 2017), with FedProx's proximal term (Li et al., MLSys 2020). Config,
 * driver and client ({@code FederatedClient}) live here.
 */
package io.sparkdtrain.strategy.fedavg;
