package io.sparkdtrain.engine;

import io.sparkdtrain.model.ExampleBlock;

/**
 * What the strategies with settings of their own share: the name, the immutable settings object
 * (checked non-null once, here) and the preamble of a run ({@link #prepare}): the check that the
 * run's optimiser is plain SGD, the only optimiser their workers run, and the wait for the executors
 * the application asked for ({@link ExecutorWait}). Synchronous SGD has no settings of its own and
 * implements {@link TrainingStrategy} directly.
 *
 * @param <C> the strategy's settings ({@code LocalSgdConfig}, {@code AsyncConfig}, ...)
 */
public abstract class ConfiguredStrategy<C> implements TrainingStrategy {
  private final String name;
  /** The settings (immutable); {@link #config()} to read them from outside. */
  protected final C config;

  /** A strategy called {@code name} (as on the command line) with the given settings. */
  protected ConfiguredStrategy(String name, C config) {
    if (config == null) {
      throw new IllegalArgumentException("Cannot set config to null");
    }
    this.name = name;
    this.config = config;
  }

  /** The settings. */
  public final C config() {
    return config;
  }

  @Override
  public final String name() {
    return name;
  }

  /**
   * Rejects a run whose {@code optimizer} is not {@code sgd}: "Cannot set optimizer to 'adagrad' for
   * {@code strategy}, the value must be sgd{@code why}".
   *
   * @param strategy how the message names the strategy ("Local SGD", "FedAvg", ...)
   * @param why the reason, appended to the message (may be empty)
   */
  protected static void requirePlainSgd(TrainingConfig tc, String strategy, String why) {
    if (!tc.optimizer().equals("sgd")) {
      throw new IllegalArgumentException("Cannot set optimizer to '" + tc.optimizer() + "' for " + strategy
          + ", the value must be sgd" + why);
    }
  }

  /**
   * The preamble of a run: rejects an optimiser other than plain SGD ({@link #requirePlainSgd}), then
   * waits until the executors the application asked for have registered ({@link ExecutorWait}), so
   * that the workers spread over all of them.
   *
   * @param tc the run's training settings (the context's, or the strategy's override of them)
   * @param strategy how the message names the strategy ("Local SGD", "FedAvg", ...)
   * @param why the reason plain SGD is required, appended to the message (may be empty)
   */
  protected static void prepare(TrainingContext context, TrainingConfig tc, String strategy, String why) {
    requirePlainSgd(tc, strategy, why);
    ExecutorWait.await(context.sparkContext().sc());
  }

  /**
   * {@link #prepare} with the context's settings, then the context typed for any model (linear,
   * matrix factorisation, ...), for the strategies that train every {@code Model}.
   */
  protected static TrainingContext.Typed<ExampleBlock> prepareTyped(TrainingContext context, String strategy,
      String why) {
    prepare(context, context.config(), strategy, why);
    return context.typed();
  }
}
