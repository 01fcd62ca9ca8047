package io.sparkdtrain.examples;

import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.strategy.local.LocalSgd;
import picocli.CommandLine.Option;

/** The options of {@code --strategy local} (Local SGD / model averaging). */
final class LocalSgdOptions extends StrategyOptions {
  LocalSgdOptions() {
    super(LocalSgd.NAME);
  }

  @Option(names = "--local-steps", paramLabel = "H", defaultValue = "0",
      description = "Local SGD and async: local steps per round (per update for async); 0 = one pass over the partition"
          + " per round, in 10-row steps (or --batch-size) with the step size derived from the data, 8 steps with"
          + " --step-size (default ${DEFAULT-VALUE}; the start value for --h-schedule adaptive).")
  int localSteps;

  /** Unset (null): each strategy's own default, as the Estimators' unset miniBatchSize. */
  @Option(names = "--batch-size", paramLabel = "B",
      description = "Local SGD, async and FedAvg: rows per local step; unset: --mini-batch-fraction of the partition"
          + " (local), 64 rows or the pass's derived size (async), 10 rows (fedavg, as McMahan et al.); 0 = unset for"
          + " local and async, the whole client for fedavg (FedSGD).")
  Integer batchSize;

  @Option(names = "--aggregation", paramLabel = "tree|driver", defaultValue = "tree",
      description = "Local SGD: sum the updates with an ordered treeAggregate (--tree-depth) or on the driver (default ${DEFAULT-VALUE}).")
  String aggregation;

  @Option(names = "--outer-optimizer", paramLabel = "avg|nesterov", defaultValue = "avg",
      description = "Local SGD: step on the averaged pseudo-gradient: avg (model averaging) or nesterov (DiLoCo) (default ${DEFAULT-VALUE}).")
  String outerOptimizer;

  @Option(names = "--outer-lr", paramLabel = "X",
      description = "Local SGD: outer learning rate (default 1.0 for avg, 0.7 for nesterov).")
  Double outerLr;

  @Option(names = "--outer-momentum", paramLabel = "M",
      description = "Local SGD: outer Nesterov momentum in (0, 1) (default 0.9; only with --outer-optimizer nesterov).")
  Double outerMomentum;

  @Option(names = "--h-schedule", paramLabel = "fixed|post-local:ROUND|adaptive", defaultValue = "fixed",
      description = "Local SGD: H in every round, H=1 before ROUND then H (post-local SGD), or shrink H as the objective falls (ADACOMM) (default ${DEFAULT-VALUE}).")
  String hSchedule;

  @Option(names = "--sparse-deltas", paramLabel = "auto|on|off", defaultValue = "auto",
      description = "Local SGD: ship updates sparsely when smaller (auto), always (on) or never (off) (default ${DEFAULT-VALUE}).")
  String sparseDeltas;

  @Option(names = "--top-k", paramLabel = "K", defaultValue = "0",
      description = "Local SGD: each partition ships only the K largest-magnitude coordinates of its update plus its error-feedback residual; 0 = off, at most the model dimension (default ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--adam-moments", paramLabel = "reset|keep",
      description = "Local SGD with --optimizer adam: each worker's Adam moments start from zero every round (reset) or"
          + " persist across rounds on its executor (keep) (default reset).")
  String adamMoments;

  @Override
  void validate(String optimizer, int batchSize) {
    validate(optimizer);
  }

  /** The shared {@code --batch-size}, 0 when it is not given. */
  int batchSize() {
    return batchSize == null ? 0 : batchSize;
  }

  /** Checks every option; {@code optimizer} is the {@code --optimizer} value. */
  void validate(String optimizer) {
    Checks.require(optimizer.equals("sgd") || optimizer.equals("adam"), "--optimizer", optimizer,
        "must be sgd or adam with --strategy local (the local optimiser is plain SGD, or Adam per worker with --model"
            + " mlp; use --outer-optimizer nesterov for momentum)");
    Checks.require(localSteps >= 0, "--local-steps", localSteps, "must be >= 0 (0 = one pass per round)");
    Checks.require(batchSize() >= 0, "--batch-size", batchSize, "must be >= 0 (0 = --mini-batch-fraction)");
    Checks.require(aggregation.equals("tree") || aggregation.equals("driver"), "--aggregation", aggregation,
        "must be tree or driver");
    Checks.require(outerOptimizer.equals("avg") || outerOptimizer.equals("nesterov"), "--outer-optimizer",
        outerOptimizer, "must be avg or nesterov");
    Checks.require(outerLr == null || (outerLr > 0 && Double.isFinite(outerLr)), "--outer-lr", outerLr,
        "must be finite and > 0");
    Checks.require(outerMomentum == null || outerOptimizer.equals("nesterov"), "--outer-momentum", outerMomentum,
        "needs --outer-optimizer nesterov");
    Checks.require(outerMomentum == null || (outerMomentum > 0 && outerMomentum < 1), "--outer-momentum",
        outerMomentum, "must be in (0, 1)");
    Checks.require(sparseDeltas.equals("auto") || sparseDeltas.equals("on") || sparseDeltas.equals("off"),
        "--sparse-deltas", sparseDeltas, "must be auto, on or off");
    Checks.require(topK >= 0, "--top-k", topK, "must be >= 0 (0 = off)");
    Checks.require(adamMoments == null || adamMoments.equals("reset") || adamMoments.equals("keep"),
        "--adam-moments", adamMoments, "must be reset or keep");
    Checks.require(adamMoments == null || optimizer.equals("adam"), "--adam-moments", adamMoments,
        "needs --optimizer adam (plain SGD has no moments)");
    switchRound(); // checks --h-schedule
  }

  /** The post-local switch round, 0 for the other schedules. */
  private int switchRound() {
    if (hSchedule.equals("fixed") || hSchedule.equals("adaptive")) {
      return 0;
    }
    String rule = "must be fixed, post-local:ROUND (ROUND >= 1) or adaptive";
    Checks.require(hSchedule.startsWith("post-local:"), "--h-schedule", hSchedule, rule);
    try {
      int round = Integer.parseInt(hSchedule.substring("post-local:".length()));
      Checks.require(round >= 1, "--h-schedule", hSchedule, rule);
      return round;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid value '" + hSchedule + "' for option --h-schedule: " + rule);
    }
  }

  /**
   * Writes localSteps, miniBatchSize (the shared {@code --batch-size}, only when given: as the
   * Estimators leave an unset miniBatchSize out, each strategy then takes its own default),
   * aggregation, outerOptimizer, outerLr and outerMomentum (when given), localStepsSchedule,
   * sparseDeltas, topK and adamMoments (when given).
   */
  @Override
  void fill(StrategySettings.Builder b) {
    if (batchSize != null) {
      b.put("miniBatchSize", batchSize);
    }
    b.put("localSteps", localSteps).put("aggregation", aggregation)
        .put("outerOptimizer", outerOptimizer).put("outerLr", outerLr).put("outerMomentum", outerMomentum)
        .put("localStepsSchedule", hSchedule).put("sparseDeltas", sparseDeltas).put("topK", topK)
        .put("adamMoments", adamMoments);
  }

  /**
   * {@code strategy}, with {@code --top-k} checked against the model dimension (known once the data
   * is loaded, when training starts) when it is Local SGD with top-k.
   */
  TrainingStrategy checked(TrainingStrategy strategy) {
    return topK > 0 && strategy instanceof LocalSgd local ? new TopKChecked(local, topK) : strategy;
  }

  /** {@link LocalSgd} whose {@code --top-k} is checked against the model dimension at the start. */
  private record TopKChecked(LocalSgd local, int topK) implements TrainingStrategy {
    @Override
    public String name() {
      return local.name();
    }

    @Override
    public TrainingResult train(TrainingContext context) {
      int dim = context.model().dimension();
      Checks.require(topK <= dim, "--top-k", topK, "must be <= the model dimension " + dim);
      return local.train(context);
    }

    @Override
    public String toString() {
      return local.toString();
    }
  }
}
