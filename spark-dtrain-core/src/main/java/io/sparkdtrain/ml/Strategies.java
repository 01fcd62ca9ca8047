package io.sparkdtrain.ml;

import io.sparkdtrain.strategy.AsyncConfig;
import io.sparkdtrain.strategy.AsyncParameterServer;
import io.sparkdtrain.strategy.FederatedAveraging;
import io.sparkdtrain.strategy.FederatedConfig;
import io.sparkdtrain.strategy.HogwildConfig;
import io.sparkdtrain.strategy.HogwildSgd;
import io.sparkdtrain.strategy.LocalSgd;
import io.sparkdtrain.strategy.LocalSgdConfig;
import io.sparkdtrain.strategy.SynchronousSgd;
import io.sparkdtrain.strategy.TrainingStrategy;
import java.util.List;

/**
 * The strategies the {@code strategy} param can name, and how the params configure each. A new
 * strategy is one name in {@link #NAMES} and one case in {@link #create}. Async uses
 * {@code localSteps}, {@code miniBatchSize} and {@code maxStaleness}; Hogwild! one epoch per round on
 * every partition's threads; FedAvg the partitions as clients, {@code clientFraction} of them per
 * round, one local epoch of {@code miniBatchSize} rows (default 10).
 */
final class Strategies {
  /** Accepted values of the {@code strategy} param, in the order the docs list them. */
  static final List<String> NAMES = List.of(SynchronousSgd.NAME, LocalSgd.NAME,
      AsyncParameterServer.NAME, HogwildSgd.NAME, FederatedAveraging.NAME);

  private Strategies() {}

  /** The strategy {@code p.getStrategy()} names, configured from {@code p}. */
  static TrainingStrategy create(DtrainParams p) {
    String name = p.getStrategy();
    switch (name) {
      case SynchronousSgd.NAME:
        return new SynchronousSgd();
      case LocalSgd.NAME:
        return new LocalSgd(LocalSgdConfig.builder().localSteps(p.getLocalSteps())
            .batchSize(p.getMiniBatchSize()).build());
      case AsyncParameterServer.NAME: {
        AsyncConfig.Builder b = AsyncConfig.builder().localSteps(p.getLocalSteps())
            .maxStaleness(p.getMaxStaleness());
        if (p.getMiniBatchSize() > 0) {
          b.batchSize(p.getMiniBatchSize());
        }
        return new AsyncParameterServer(b.build());
      }
      case HogwildSgd.NAME:
        return new HogwildSgd(HogwildConfig.defaults());
      case FederatedAveraging.NAME: {
        FederatedConfig.Builder b = FederatedConfig.builder().fraction(p.getClientFraction())
            .localEpochs(1);
        if (p.getMiniBatchSize() > 0) {
          b.batchSize(p.getMiniBatchSize());
        }
        return new FederatedAveraging(b.build());
      }
      default: // unreachable: the param's validator accepts only NAMES
        throw new IllegalArgumentException("Cannot set strategy to '" + name
            + "', the value must be one of " + String.join(", ", NAMES));
    }
  }
}
