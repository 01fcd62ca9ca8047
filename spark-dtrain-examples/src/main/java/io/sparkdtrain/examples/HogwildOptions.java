package io.sparkdtrain.examples;

import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.store.SharedParameters;
import io.sparkdtrain.strategy.hogwild.HogwildConfig;
import io.sparkdtrain.strategy.hogwild.HogwildSgd;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The Hogwild! options of {@code dtrain train --strategy hogwild} and {@code dtrain train-mf}.
 * {@code --threads T} is the number of concurrent task threads sharing one executor's parameters:
 * the data is coalesced to T tasks per round, and in local mode the master must offer T slots
 * ({@code --master local[T]}; train-mf sets it itself); on a cluster it corresponds to
 * {@code spark.executor.cores} (with {@code spark.task.cpus=1}).
 */
final class HogwildOptions extends StrategyOptions {
  HogwildOptions() {
    super(HogwildSgd.NAME);
  }

  @Option(names = "--threads", paramLabel = "T", defaultValue = "0",
      description = "Hogwild!: concurrent task threads sharing the parameters (default: one per partition).")
  int threads;

  @Option(names = "--locked", description = "Hogwild!: hold one lock per example (the paper's locked comparison).")
  boolean locked;

  @Option(names = "--deterministic", description = "Hogwild!: each task on its own copy of the model, the tasks' "
      + "changes merged in partition order, so a run repeats bit for bit (for tests; not lock-free racing).")
  boolean deterministic;

  @Option(names = "--access", paramLabel = "MODE", defaultValue = "plain",
      description = "Hogwild!: shared-array access, plain | opaque | atomic (default ${DEFAULT-VALUE}).")
  String access;

  @Override
  void validate(String optimizer, int batchSize) {
    validate();
  }

  /** Writes numThreads, locked, access and deterministic. */
  @Override
  void fill(StrategySettings.Builder b) {
    b.put("numThreads", threads).put("locked", locked).put("access", access).put("deterministic", deterministic);
  }

  void validate() {
    Checks.require(threads >= 0, "--threads", threads, "must be >= 1");
    Checks.require(access.equals("plain") || access.equals("opaque") || access.equals("atomic"),
        "--access", access, "must be plain, opaque or atomic");
  }

  HogwildConfig config() {
    validate();
    return HogwildConfig.builder().threads(threads).locked(locked).deterministic(deterministic)
        .access(SharedParameters.Access.valueOf(access.toUpperCase(Locale.ROOT))).build();
  }
}
