package io.sparkdtrain.ml;

import io.sparkdtrain.strategy.LocalSgd;
import io.sparkdtrain.strategy.LocalSgdConfig;
import io.sparkdtrain.strategy.SynchronousSgd;
import io.sparkdtrain.strategy.TrainingStrategy;
import java.util.List;

/**
 * The strategies the {@code strategy} param can name, and how the params configure each. A new
 * strategy (async, hogwild, fedavg) is one name in {@link #NAMES} and one case in {@link #create}.
 */
final class Strategies {
  /** Accepted values of the {@code strategy} param, in the order the docs list them. */
  static final List<String> NAMES = List.of(SynchronousSgd.NAME, LocalSgd.NAME);

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
      default: // unreachable: the param's validator accepts only NAMES
        throw new IllegalArgumentException("Cannot set strategy to '" + name
            + "', the value must be one of " + String.join(", ", NAMES));
    }
  }
}
