package io.sparkdtrain.strategy.sync;

import io.sparkdtrain.engine.NamedStrategyProvider;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;

/**
 * Registers {@link SynchronousSgd} (Zinkevich et al. 2010) as {@code sync}. It has no settings of its
 * own: the step size, momentum and mini-batch fraction are the run's {@code TrainingConfig}.
 */
public final class SyncProvider extends NamedStrategyProvider {

  /** The provider (instantiated by the registry). */
  public SyncProvider() {
    super(SynchronousSgd.NAME, "synchronous SGD, AllReduce (tree aggregate) every step", SynchronousSgd.NAME);
  }

  @Override
  public TrainingStrategy create(StrategySettings settings) {
    return new SynchronousSgd();
  }

  @Override
  public Variant compareVariant(String arg, StrategySettings base) {
    if (arg != null) {
      throw new IllegalArgumentException("sync takes no argument");
    }
    return new Variant(name(), description(), base);
  }

  /** {@code rounds x rows x fraction}. */
  @Override
  public double examplesProcessed(TrainingResult result, long rows, double miniBatchFraction) {
    return result.rounds() * (double) rows * miniBatchFraction;
  }
}
