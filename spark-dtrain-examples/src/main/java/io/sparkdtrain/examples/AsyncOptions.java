package io.sparkdtrain.examples;

import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import picocli.CommandLine.Option;

/**
 * The options of {@code dtrain train --strategy async} (see {@link AsyncParameterServer}). An update
 * is {@code --local-steps} k SGD steps of {@code --batch-size} b rows (b = 64 when 0); k = 0, the
 * default, is one pass over the partition per update (10-row steps, or b, with the step size derived
 * from the data; 8 steps of 64 rows with {@code --step-size}); both options are shared with Local SGD.
 */
final class AsyncOptions extends StrategyOptions {
  AsyncOptions() {
    super(AsyncParameterServer.NAME);
  }

  @Option(names = "--max-staleness", paramLabel = "S",
      description = "async: SSP bound, a worker runs at most S updates ahead of the slowest; -1 = unbounded"
          + " (default " + DefaultSettings.MAX_STALENESS + "; with --inject-staleness: unbounded).")
  Integer maxStaleness;

  @Option(names = "--staleness-lr", paramLabel = "none|inverse",
      description = "async: scale an update of staleness tau by 1/tau (inverse) or not (default ${DEFAULT-VALUE}).")
  String stalenessLr = DefaultSettings.STALENESS_LR;

  @Option(names = "--dc-lambda", paramLabel = "X", defaultValue = "0",
      description = "async: DC-ASGD delay compensation strength (default ${DEFAULT-VALUE} = off).")
  double dcLambda;

  @Option(names = "--dc-adaptive", description = "async: adaptive DC-ASGD lambda (divided by the RMS of the gradient).")
  boolean dcAdaptive;

  @Option(names = "--drop-staleness", paramLabel = "T", defaultValue = "-1",
      description = "async: drop updates with staleness > T, counted (default: keep all).")
  int dropStaleness;

  @Option(names = "--inject-staleness", paramLabel = "TAU", defaultValue = "-1",
      description = "async: deterministic mode, updates one at a time, each applied exactly TAU versions late.")
  int injectStaleness;

  @Option(names = "--updates-per-round", paramLabel = "N", defaultValue = "0",
      description = "async: updates per round (evaluation, stopping rules); default one per worker.")
  int updatesPerRound;

  @Option(names = "--fail-first-attempts", paramLabel = "F", defaultValue = "0", hidden = true,
      description = "async fault injection (tests): the first attempt of a share F of the update tasks fails after "
          + "pushing its delta; needs retries, e.g. --master 'local[2,3]'.")
  double failFirstAttempts;

  @Override
  void validate(String optimizer, int batchSize) {
    validate(optimizer);
  }

  /**
   * Writes maxStaleness, stalenessLr, dcLambda, dcAdaptive, dropStaleness, injectStaleness,
   * updatesPerRound and failFirstAttempts; k and b are Local SGD's localSteps and miniBatchSize.
   */
  @Override
  void fill(StrategySettings.Builder b) {
    b.put("maxStaleness", maxStaleness()).put("stalenessLr", stalenessLr).put("dcLambda", dcLambda)
        .put("dcAdaptive", dcAdaptive).put("dropStaleness", dropStaleness).put("injectStaleness", injectStaleness)
        .put("updatesPerRound", updatesPerRound).put("failFirstAttempts", failFirstAttempts);
  }

  void validate(String optimizer) {
    Checks.require(optimizer.equals("sgd") || optimizer.equals("adam"), "--optimizer", optimizer,
        "must be sgd or adam for --strategy async (adam: Adam steps per update, moments reset every update, with"
            + " --model mlp)");
    Checks.require(stalenessLr.equals("none") || stalenessLr.equals("inverse"), "--staleness-lr", stalenessLr,
        "must be none or inverse");
    Checks.require(maxStaleness == null || maxStaleness >= -1, "--max-staleness", maxStaleness, "must be >= 0 (or -1 = unbounded)");
    Checks.finiteNonNegative("--dc-lambda", dcLambda);
    Checks.require(dropStaleness >= -1, "--drop-staleness", dropStaleness, "must be >= 0 (or -1 = keep all)");
    Checks.require(injectStaleness >= -1, "--inject-staleness", injectStaleness, "must be >= 0 (or -1 = off)");
    Checks.require(injectStaleness < 0 || maxStaleness == null || maxStaleness < 0, "--max-staleness", maxStaleness,
        "cannot be combined with --inject-staleness (the deterministic mode fixes the staleness)");
    Checks.require(updatesPerRound >= 0, "--updates-per-round", updatesPerRound, "must be >= 1 (or 0 = one per worker)");
    Checks.require(failFirstAttempts >= 0 && failFirstAttempts <= 1, "--fail-first-attempts", failFirstAttempts,
        "must be in [0, 1]");
  }

  /** The SSP bound: as given, else unbounded in the deterministic mode, else the shared default. */
  int maxStaleness() {
    if (maxStaleness != null) {
      return maxStaleness;
    }
    return injectStaleness >= 0 ? -1 : DefaultSettings.MAX_STALENESS;
  }
}
