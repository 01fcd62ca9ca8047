package io.sparkdtrain.examples;

import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.model.linear.Losses;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.spark.ClusterActivity;
import io.sparkdtrain.spark.TaskFailureInjection;
import io.sparkdtrain.strategy.StrategyRegistry;
import io.sparkdtrain.strategy.sync.SyncOptimizerDefault;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dtrain train}: trains one model with one strategy and reports what it measured. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train a linear model or a feed-forward network with one strategy; print a summary and optionally"
        + " a JSON report.")
final class TrainCommand implements Callable<Integer> {

  @Mixin
  MasterOption masterOption = new MasterOption("local[*]");

  @Option(names = "--strategy", defaultValue = "sync", completionCandidates = StrategyOptions.Names.class,
      description = "Training strategy, one of: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--strategy-setting", paramLabel = "KEY=VALUE",
      description = "A setting of the strategy by its key (repeatable), for strategies without options of their "
          + "own; it overrides the options above.")
  java.util.List<String> strategySettings;

  @Mixin
  LocalSgdOptions localOptions = new LocalSgdOptions();

  @Mixin
  HogwildOptions hogwildOptions = new HogwildOptions();

  @Mixin
  DataOptions dataOptions = new DataOptions();

  @Mixin
  FedAvgOptions fedAvgOptions = new FedAvgOptions();

  @Mixin
  StragglerOptions stragglerOptions = new StragglerOptions();

  @Mixin
  AsyncOptions asyncOptions = new AsyncOptions();

  @Mixin
  CheckpointOptions checkpointOptions = new CheckpointOptions();

  @Mixin
  MlpOptions mlpOptions = new MlpOptions();

  @Option(names = "--objective",
      description = "logistic | hinge | squared | softmax (default logistic; softmax, the only one, with --model mlp).")
  String objective;

  @Option(names = "--num-classes", paramLabel = "K", description = "Classes for softmax (labels 0..K-1). Default: max label + 1.")
  int numClasses;

  @Option(names = "--reg-param", paramLabel = "L", defaultValue = "1e-4", description = "Regularisation strength lambda (default ${DEFAULT-VALUE}).")
  double regParam;

  @Option(names = "--reg-type", defaultValue = "l2", description = "l2 ((lambda/2)||w||^2) or l1 (lambda ||w||_1) (default ${DEFAULT-VALUE}).")
  String regType;

  @Option(names = "--no-intercept", description = "Fit no intercept.")
  boolean noIntercept;

  @Option(names = "--step-size", paramLabel = "S",
      description = "Initial learning rate (default: derived from the data, 1/L for full-batch sync and 1/(2L) for the"
          + " stochastic strategies, L the smoothness bound from the mean squared row norm; --model mlp: "
          + MlpOptions.SGD_STEP + ", " + MlpOptions.ADAM_STEP + " with adam).")
  Double stepSize;

  @Option(names = "--lr-schedule",
      description = "constant | inverse-sqrt | inverse-sqrt:EVERY | step:FACTOR:EVERY (default ${DEFAULT-VALUE}:"
          + " with the derived step size inverse-sqrt of the epoch for hogwild and of the passes over the data for"
          + " async, constant otherwise).")
  String lrSchedule = DefaultSettings.LEARNING_RATE_SCHEDULE;

  @Option(names = "--optimizer", defaultValue = SyncOptimizerDefault.AUTO,
      description = "auto | sgd | adagrad | adam | lbfgs: sync's driver step (lbfgs: full-batch L-BFGS, sync, --model linear,"
          + " logistic/squared/softmax, l2); with --model mlp adam is also local's, async's and fedavg's local step (default"
          + " ${DEFAULT-VALUE}: lbfgs where valid and no --step-size is given, sgd otherwise; README Defaults).")
  String optimizer;

  @Option(names = "--momentum", paramLabel = "M",
      description = "Momentum of sync's sgd step, in [0, 1) (default ${DEFAULT-VALUE}, heavy ball unless --nesterov).")
  double momentum = DefaultSettings.MOMENTUM;

  @Option(names = "--nesterov", negatable = true, fallbackValue = "true",
      description = "With --momentum > 0: Nesterov momentum instead of heavy ball (default ${DEFAULT-VALUE}).")
  boolean nesterov = DefaultSettings.NESTEROV;

  @Option(names = "--mini-batch-fraction", paramLabel = "F", defaultValue = "1.0",
      description = "Share of each partition's rows per synchronous step, in (0, 1] (default ${DEFAULT-VALUE}).")
  double miniBatchFraction;

  @Option(names = "--max-rounds", paramLabel = "R", description = "Most rounds (default ${DEFAULT-VALUE}).")
  int maxRounds = DefaultSettings.MAX_ROUNDS;

  @Option(names = "--target-objective", paramLabel = "F", description = "Stop once the training objective is <= F.")
  Double targetObjective;

  @Option(names = "--target-accuracy", paramLabel = "A", description = "Stop once the test accuracy is >= A (needs --test or generated data).")
  Double targetAccuracy;

  @Option(names = "--tolerance", paramLabel = "T", description = "Stop when the objective's relative change is below T"
      + " (default off; with lbfgs 1e-6, MLlib's tol, and also on a gradient norm below T x max(|objective|, 1)).")
  Double tolerance;

  @Option(names = "--tree-depth", paramLabel = "D", defaultValue = "2", description = "treeAggregate depth (default ${DEFAULT-VALUE}).")
  int treeDepth;

  @Option(names = "--eval-every", paramLabel = "E",
      description = "Evaluate every E rounds (default: adaptive, evaluation at most ~20%% of the training time; the"
          + " final model is always evaluated).")
  int evalEvery = DefaultSettings.EVALUATE_EVERY;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed for sampling and generated data (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin
  ReportJsonOption reportJson = new ReportJsonOption();

  @Option(names = "--model-out", paramLabel = "FILE",
      description = "Write the final model here: a comment line, then one weight per line (exact decimal).")
  File modelOut;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Option(names = "--inject-task-failures", paramLabel = "F", defaultValue = "0",
      description = "Fault injection for tests of retries, off by default: the first attempt of a seeded share F "
          + "of the tasks reading the training data fails after doing its work, and Spark retries it. Needs "
          + "spark.task.maxFailures >= 2 (local-cluster and clusters: 4 by default; local[N,2] in local mode). "
          + "The report's spark.tasks_failed.injected counts them.")
  double injectTaskFailures;

  @Override
  public Integer call() throws IOException {
    validate();
    SparkSession spark = masterOption.session("dtrain train");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    boolean mlp = mlpOptions.isMlp();
    MarginLoss probe = Losses.byName(objective, Math.max(2, numClasses));
    SyntheticData.Spec spec = dataOptions.spec(objective, Math.max(numClasses, 3), seed);
    ClusterActivity activity = ClusterActivity.attach(spark.sparkContext());
    TrainingData loaded = dataOptions.loadTrain(spark, spec, objective.equals("softmax") ? null : probe);
    TrainingData train = new TaskFailureInjection(injectTaskFailures, seed).applyTo(loaded);
    TrainingData test = null;
    try {
      int classes = numClasses > 0 ? numClasses : (int) Math.max(2, train.stats().maxLabel() + 1);
      MarginLoss loss = objective.equals("softmax") ? Losses.byName("softmax", classes) : probe;
      if (objective.equals("softmax")) {
        train.checkLabels(loss);
      }
      if (strategy.equals(fedAvgOptions.strategy())) {
        fedAvgOptions.checkRows(train.numRows());
      }
      test = dataOptions.loadTest(spark, spec, train.numFeatures(), loss);
      Checks.require(targetAccuracy == null || test != null, "--target-accuracy", targetAccuracy,
          "needs held-out data (--test)");
      Regularization reg = regType.equals("l1") ? Regularization.l1(regParam) : Regularization.l2(regParam);
      MlpModel network = mlp ? mlpOptions.model(train.numFeatures(), classes, regParam) : null;
      Model<?> model = mlp ? network
          : new Objective(loss, reg, new ModelShape(train.numFeatures(), loss.numOutputs(), !noIntercept));
      TrainingListener listener = CheckpointOptions.announcing(
          quiet ? TrainingListener.NONE : new ConsoleProgress(System.err), System.err);
      stragglerOptions.checkWorkers(train.blocks().getNumPartitions());
      TrainingContext given = new TrainingContext(sc, train, test, model, config(), null, listener,
          stragglerOptions.model(seed));
      TrainingContext context = mlp ? given : StepSizeDefaults.resolve(strategy, given);
      if (stepSize == null && mlp) {
        System.err.printf("dtrain: step size %.6g (the network's default for --optimizer %s)%n",
            context.config().stepSize(), optimizer);
      } else if (stepSize == null) {
        System.err.printf("dtrain: step size %.6g derived from the data (mean squared row norm %.4g)%n",
            context.config().stepSize(), train.stats().meanSquaredNorm());
      }
      TrainingResult result = strategy().train(context);
      printSummary(System.out, train, result);
      if (stragglerOptions.reportDir != null) {
        CompareCommand.writeReportDir(stragglerOptions, "dtrain train --strategy " + strategy, train, test,
            java.util.List.of(new io.sparkdtrain.report.ReportRun(strategy, strategy, result)), Double.NaN);
      }
      if (reportJson.given()) {
        reportJson.write(report(result, activity.report(), mlpOptions.report(optimizer, network)));
      }
      if (modelOut != null) {
        writeModel(result, model, modelOut);
      }
      return 0;
    } finally {
      activity.detach();
      train.close();
      if (test != null) {
        test.close();
      }
    }
  }

  private void validate() {
    mlpOptions.validate(objective);
    objective = mlpOptions.objective(objective);
    Checks.require(java.util.List.of("auto", "sgd", "adagrad", "adam", "lbfgs").contains(optimizer), "--optimizer",
        optimizer, "must be auto, sgd, adagrad, adam or lbfgs");
    optimizer = optimizer();
    Checks.require(Losses.NAMES.contains(objective), "--objective", objective, "must be one of " + Losses.NAMES);
    Checks.require(StrategyRegistry.find(strategy).isPresent(), "--strategy", strategy,
        "must be one of " + String.join(", ", StrategyRegistry.names()));
    for (StrategyOptions options : strategyOptions()) {
      if (options.strategy().equals(strategy)) {
        options.validate(optimizer, localOptions.batchSize());
      }
    }
    StrategyOptions.parse(strategySettings);
    Checks.require(regType.equals("l2") || regType.equals("l1"), "--reg-type", regType, "must be l2 or l1");
    Checks.finiteNonNegative("--reg-param", regParam);
    Checks.require(stepSize == null || (stepSize > 0 && Double.isFinite(stepSize)), "--step-size", stepSize,
        "must be finite and > 0");
    if (optimizer.equals("lbfgs")) {
      Checks.require(strategy.equals("sync") && !mlpOptions.isMlp(), "--optimizer", optimizer,
          "is sync's full-batch update of a linear model: needs --strategy sync and --model linear");
      Checks.require(SyncOptimizerDefault.SMOOTH_OBJECTIVES.contains(objective), "--objective", objective,
          "must be logistic, squared or softmax with --optimizer lbfgs (L-BFGS needs a smooth objective; else sgd)");
      Checks.require(regType.equals("l2"), "--reg-type", regType, "must be l2 with --optimizer lbfgs (no OWL-QN)");
      Checks.require(miniBatchFraction >= 1.0, "--mini-batch-fraction", miniBatchFraction,
          "must be 1 with --optimizer lbfgs (full-batch steps)");
    }
    mlpOptions.validateOptimizer(strategy, optimizer);
    Checks.require(!mlpOptions.isMlp() || regType.equals("l2"), "--reg-type", regType, "must be l2 with --model mlp");
    Checks.require(!mlpOptions.isMlp() || !noIntercept, "--no-intercept", true, "is for --model linear");
    Checks.inClosedOpenUnit("--momentum", momentum);
    Checks.inOpenClosedUnit("--mini-batch-fraction", miniBatchFraction);
    Checks.atLeast("--max-rounds", maxRounds, 1);
    Checks.require(targetAccuracy == null || (targetAccuracy > 0 && targetAccuracy <= 1), "--target-accuracy", targetAccuracy, "must be in (0, 1]");
    Checks.require(targetObjective == null || Double.isFinite(targetObjective), "--target-objective", targetObjective, "must be finite");
    Checks.inClosedOpenUnit("--inject-task-failures", injectTaskFailures);
    Checks.require(tolerance == null || (tolerance >= 0 && tolerance < 1), "--tolerance", tolerance, "must be in [0, 1)");
    Checks.atLeast("--tree-depth", treeDepth, 1);
    Checks.require(evalEvery >= 1 || evalEvery == DefaultSettings.EVALUATE_EVERY, "--eval-every", evalEvery,
        "must be >= 1");
    Checks.require(numClasses == 0 || numClasses >= 2, "--num-classes", numClasses, "must be >= 2");
    try {
      if (!lrSchedule.equals(TrainingConfig.SCHEDULE_AUTO)) {
        io.sparkdtrain.optim.LearningRates.parse(lrSchedule, stepSize == null ? 1.0 : stepSize);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value '" + lrSchedule + "' for option --lr-schedule: " + e.getMessage());
    }
    dataOptions.validate();
    stragglerOptions.validate();
    checkpointOptions.validate();
  }

  /** The optimizer this run uses: {@code --optimizer}, or for auto the Estimators' rule ({@link SyncOptimizerDefault}). */
  String optimizer() {
    return SyncOptimizerDefault.resolve(optimizer, strategy, !mlpOptions.isMlp(), mlpOptions.objective(objective),
        regType, miniBatchFraction, stepSize != null);
  }

  TrainingConfig config() {
    String optimizer = optimizer();
    TrainingConfig.Builder b = TrainingConfig.builder()
        .stepSize(mlpOptions.stepSize(stepSize, optimizer)).learningRateSchedule(mlpOptions.schedule(lrSchedule))
        .optimizer(optimizer).momentum(optimizer.equals("sgd") ? momentum : 0).nesterov(nesterov && momentum > 0)
        .maxRounds(maxRounds).targetObjective(targetObjective == null ? Double.NaN : targetObjective)
        .targetAccuracy(targetAccuracy == null ? Double.NaN : targetAccuracy).tolerance(SyncOptimizerDefault.tolerance(tolerance, optimizer))
        .miniBatchFraction(miniBatchFraction).treeDepth(treeDepth).seed(seed).evaluateEvery(evalEvery);
    return checkpointOptions.apply(b).build();
  }

  /** The mixins of the strategies' own options. */
  private java.util.List<StrategyOptions> strategyOptions() {
    return java.util.List.of(localOptions, hogwildOptions, asyncOptions, fedAvgOptions);
  }

  /** The strategy's settings: every mixin's options, then {@code --strategy-setting}. */
  StrategySettings settings() {
    StrategySettings.Builder b = StrategySettings.builder();
    strategyOptions().forEach(o -> o.fill(b));
    return b.putAll(StrategyOptions.parse(strategySettings)).build();
  }

  TrainingStrategy strategy() {
    return localOptions.checked(StrategyRegistry.create(strategy, settings()));
  }

  static void printSummary(PrintStream out, TrainingData train, TrainingResult r) {
    out.printf("strategy %s on %s%n", r.strategy(), train);
    out.printf("  objective_final     %.6f%n", r.finalObjective());
    if (r.finalTest() != null) {
      out.printf("  test                %s%n", r.finalTest());
    }
    out.printf("  rounds              %d (%s)%n", r.rounds(), r.stopReason().name().toLowerCase());
    out.printf("  bytes_communicated  %d%n", r.bytesCommunicated());
    out.printf("  wall_clock_seconds  %.3f (evaluation %.3f s not counted)%n", r.wallClockSeconds(), r.evaluationSeconds());
  }

  /**
   * The model as text: {@code # strategy S, shape ...} (the linear shape, else the model's
   * description), then each weight by {@link Double#toString}.
   */
  static void writeModel(TrainingResult r, Model<?> model, File file) throws IOException {
    Object shape = r.shape() != null ? r.shape() : model.description();
    StringBuilder sb = new StringBuilder("# strategy " + r.strategy() + ", " + shape + ", rounds "
        + r.rounds() + "\n");
    for (double v : r.weights()) {
      sb.append(v).append('\n');
    }
    ReportFiles.writeText(file, sb, "--model-out");
  }

  /**
   * The report with the model keys ({@link MlpOptions#report}) and the cluster's activity
   * (executors, task failures, speculation) as {@code spark}.
   */
  static Map<String, Object> report(TrainingResult r, Map<String, Object> cluster, Map<String, Object> model) {
    StrategyRegistry.reportFields(r); // checks the strategy's typed report fields
    Map<String, Object> report = new java.util.LinkedHashMap<>(r.asReport());
    report.putAll(model);
    report.put("spark", cluster);
    return report;
  }
}
