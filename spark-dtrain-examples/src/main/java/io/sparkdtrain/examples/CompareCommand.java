package io.sparkdtrain.examples;

import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.StrategyProvider;
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
import io.sparkdtrain.report.ReportDirectory;
import io.sparkdtrain.report.ReportRun;
import io.sparkdtrain.report.RunSummary;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.StrategyRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dtrain compare}: runs several strategies on the same data, seed and straggler scenario,
 * prints the measured table (method, communication, staleness, wall-clock to target, final accuracy)
 * and, with {@code --report-dir}, writes {@code report.html}, the charts (PNG and SVG) and
 * {@code events.json}/{@code events.csv}.
 *
 * <p>Strategies are named by specs {@code NAME[:ARG]}: NAME is any strategy of the
 * {@link StrategyRegistry}, whose provider turns ARG into a label, a one-line description and the
 * settings ({@link StrategyProvider#compareVariant}).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run several strategies on the same data, seed and straggler scenario; print a measured table "
        + "and write a report.")
final class CompareCommand implements Callable<Integer> {

  /** A strategy to run, as compare labels and describes it. */
  record Candidate(String label, String method, TrainingStrategy strategy) {}

  /** How each registered strategy is written in --strategies, for help texts. */
  static final class Syntax implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return StrategyRegistry.all().stream().map(StrategyProvider::compareSyntax).iterator();
    }
  }

  @Mixin
  MasterOption masterOption = new MasterOption("local[*]");

  @Option(names = "--strategies", paramLabel = "SPEC[,SPEC...]", defaultValue = "sync,local:16", split = ",",
      completionCandidates = Syntax.class,
      description = "Strategies to compare, in order: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  List<String> strategies;

  @Mixin
  DataOptions dataOptions = new DataOptions();

  @Mixin
  StragglerOptions stragglerOptions = new StragglerOptions();

  @Mixin
  LocalSgdOptions localOptions = new LocalSgdOptions();

  @Mixin
  MlpOptions mlpOptions = new MlpOptions();

  @Option(names = "--objective", description = "logistic | hinge (default logistic); softmax with --model mlp.")
  String objective;

  @Option(names = "--num-classes", paramLabel = "K",
      description = "--model mlp: classes (labels 0..K-1). Default: max label + 1.")
  int numClasses;

  @Option(names = "--optimizer", defaultValue = "sgd",
      description = "sgd | adam: synchronous SGD's driver step; with --model mlp also the local step of local, async"
          + " and fedavg (moments reset every round, update or client round); hogwild takes plain SGD steps"
          + " (default ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--reg-param", paramLabel = "L", defaultValue = "1e-4", description = "L2 strength (default ${DEFAULT-VALUE}).")
  double regParam;

  @Option(names = "--step-size", paramLabel = "S",
      description = "Learning rate (default: derived from the data for each strategy, as dtrain train does; --model"
          + " mlp: " + MlpOptions.SGD_STEP + ", " + MlpOptions.ADAM_STEP + " with adam).")
  Double stepSize;

  @Option(names = "--lr-schedule",
      description = "constant | inverse-sqrt | inverse-sqrt:EVERY | step:FACTOR:EVERY (default ${DEFAULT-VALUE}:"
          + " as dtrain train, with the derived step size inverse-sqrt for hogwild and async, constant otherwise).")
  String lrSchedule = DefaultSettings.LEARNING_RATE_SCHEDULE;

  @Option(names = "--momentum", paramLabel = "M",
      description = "Momentum of synchronous SGD's sgd step, in [0, 1) (default ${DEFAULT-VALUE}, heavy ball unless"
          + " --nesterov).")
  double momentum = DefaultSettings.MOMENTUM;

  @Option(names = "--nesterov", negatable = true, fallbackValue = "true",
      description = "With --momentum > 0: Nesterov momentum instead of heavy ball (default ${DEFAULT-VALUE}).")
  boolean nesterov = DefaultSettings.NESTEROV;

  @Option(names = "--mini-batch-fraction", paramLabel = "F", defaultValue = "1.0",
      description = "Share of each partition's rows per synchronous step (default ${DEFAULT-VALUE}).")
  double miniBatchFraction;

  @Option(names = "--max-rounds", paramLabel = "R", defaultValue = "100", description = "Rounds per strategy (default ${DEFAULT-VALUE}).")
  int maxRounds;

  @Option(names = "--eval-every", paramLabel = "E", defaultValue = "1",
      description = "Evaluate every E rounds (default ${DEFAULT-VALUE}: every round, for the wall-clock to the target;"
          + " evaluation is not counted in it).")
  int evalEvery;

  @Option(names = "--target-accuracy", paramLabel = "A[,A...]", split = ",",
      description = "Target of the wall-clock-to-target column (runs do not stop there). Default: 99%% of the best "
          + "final accuracy. With several, the first is the table's and the report's target and a second table "
          + "gives the wall-clock to each.")
  List<Double> targetAccuracy;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of sampling and delays (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--quiet", description = "No progress bars.")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    List<Candidate> candidates = validate();
    SparkSession spark = masterOption.session("dtrain compare");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    boolean mlp = mlpOptions.isMlp();
    MarginLoss probe = Losses.byName(objective, Math.max(2, numClasses));
    SyntheticData.Spec spec = dataOptions.spec(objective, mlp ? Math.max(numClasses, 3) : 2, seed);
    TrainingData train = dataOptions.loadTrain(spark, spec, mlp ? null : probe);
    TrainingData test = null;
    try {
      int classes = numClasses > 0 ? numClasses : (int) Math.max(2, train.stats().maxLabel() + 1);
      MarginLoss loss = mlp ? Losses.byName("softmax", classes) : probe;
      if (mlp) {
        train.checkLabels(loss);
      }
      test = dataOptions.loadTest(spark, spec, train.numFeatures(), loss);
      stragglerOptions.checkWorkers(train.blocks().getNumPartitions());
      Model<?> model = mlp ? mlpOptions.model(train.numFeatures(), classes, regParam)
          : new Objective(loss, Regularization.l2(regParam), new ModelShape(train.numFeatures(), 1, true));
      StragglerModel stragglers = stragglerOptions.model(seed);
      List<ReportRun> runs = new ArrayList<>();
      for (Candidate c : candidates) {
        TrainingListener listener = quiet ? TrainingListener.NONE : new ConsoleProgress(System.err);
        TrainingContext given = new TrainingContext(sc, train, test, model, config(), null, listener, stragglers);
        TrainingContext context = mlp ? given : StepSizeDefaults.resolve(c.strategy().name(), given);
        if (stepSize == null && !mlp) {
          System.err.printf("compare: %s: step size %.6g derived from the data%n", c.label(),
              context.config().stepSize());
        }
        TrainingResult result = c.strategy().train(context);
        if (!stragglers.isNone() && result.events().events().isEmpty()) {
          System.err.println("compare: note: " + c.label() + " recorded no worker events; it does not honour the "
              + "straggler scenario yet");
        }
        runs.add(new ReportRun(c.label(), c.method(), result));
      }
      double target = targetAccuracy == null ? RunSummary.defaultTarget(runs) : targetAccuracy.get(0);
      List<RunSummary> rows = new ArrayList<>();
      runs.forEach(r -> rows.add(RunSummary.of(r, target)));
      System.out.printf("compare on %s; model: %s; stragglers: %s%n", train, mlp ? model.description() : "linear",
          stragglerOptions.describe());
      System.out.print(RunSummary.markdown(rows, target));
      if (targetAccuracy != null && targetAccuracy.size() > 1) {
        System.out.print(targetTable(runs, targetAccuracy));
      }
      if (stragglerOptions.reportDir != null) {
        writeReportDir(stragglerOptions, "dtrain compare --strategies " + String.join(",", strategies), train, test,
            runs, target);
      }
      return 0;
    } finally {
      train.close();
      if (test != null) {
        test.close();
      }
    }
  }

  /** Checks every option and builds the strategies of {@code --strategies} (no Spark job). */
  List<Candidate> validate() {
    mlpOptions.validate(objective);
    objective = mlpOptions.objective(objective);
    Checks.require(mlpOptions.isMlp() || objective.equals("logistic") || objective.equals("hinge"), "--objective",
        objective, "must be logistic or hinge");
    Checks.require(numClasses == 0 || (mlpOptions.isMlp() && numClasses >= 2), "--num-classes", numClasses,
        "must be >= 2, with --model mlp");
    Checks.require(optimizer.equals("sgd") || optimizer.equals("adam"), "--optimizer", optimizer,
        "must be sgd or adam");
    Checks.finiteNonNegative("--reg-param", regParam);
    Checks.require(stepSize == null || (stepSize > 0 && Double.isFinite(stepSize)), "--step-size", stepSize,
        "must be finite and > 0");
    Checks.inClosedOpenUnit("--momentum", momentum);
    Checks.atLeast("--max-rounds", maxRounds, 1);
    Checks.atLeast("--eval-every", evalEvery, 1);
    for (Double a : targetAccuracy == null ? List.<Double>of() : targetAccuracy) {
      Checks.require(a != null && a > 0 && a <= 1, "--target-accuracy", a, "must be in (0, 1]");
    }
    dataOptions.validate();
    stragglerOptions.validate();
    config();
    List<Candidate> out = new ArrayList<>();
    StrategySettings.Builder base = StrategySettings.builder();
    localOptions.fill(base);
    for (String spec : strategies) {
      String s = spec.trim();
      int colon = s.indexOf(':');
      String name = colon < 0 ? s : s.substring(0, colon);
      java.util.Optional<StrategyProvider> provider = StrategyRegistry.find(name);
      Checks.require(provider.isPresent(), "--strategies", s, "unknown strategy '" + name + "'; available: "
          + String.join(", ", new Syntax()));
      if (name.equals(localOptions.strategy())) {
        localOptions.validate("sgd");
      }
      Checks.require(optimizer.equals("sgd") || name.equals("sync") || mlpOptions.isMlp() && MlpOptions.takesLocalAdam(name),
          "--optimizer", optimizer, "is synchronous SGD's driver step (and, with --model mlp, the local step of local,"
              + " async and fedavg), but --strategies names " + s + ", which takes plain SGD steps");
      try {
        StrategyProvider.Variant v = provider.get().compareVariant(colon < 0 ? null : s.substring(colon + 1),
            base.build());
        out.add(new Candidate(v.label(), v.method(), localOptions.checked(provider.get().create(v.settings()))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid value '" + s + "' for option --strategies: " + e.getMessage(), e);
      }
    }
    Checks.require(!out.isEmpty(), "--strategies", strategies, "name at least one strategy");
    return out;
  }

  /** The wall-clock of each run to each target, as a Markdown table (first column: the run's label). */
  static String targetTable(List<ReportRun> runs, List<Double> targets) {
    StringBuilder sb = new StringBuilder("\n| run |");
    StringBuilder rule = new StringBuilder("|---|");
    for (double t : targets) {
      sb.append(String.format(java.util.Locale.ROOT, " wall-clock to acc %.3f |", t));
      rule.append("---|");
    }
    sb.append('\n').append(rule).append('\n');
    for (ReportRun r : runs) {
      sb.append("| ").append(r.label()).append(" |");
      for (double t : targets) {
        sb.append(' ').append(RunSummary.of(r, t).toTarget()).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * The runs' settings, with {@code dtrain train}'s defaults ({@link DefaultSettings}: step size
   * derived from the data, resolved per strategy before each run; schedule auto; heavy-ball momentum
   * 0.9 for sync), except the evaluation: every round unless {@code --eval-every}.
   */
  TrainingConfig config() {
    return TrainingConfig.builder().stepSize(mlpOptions.stepSize(stepSize, optimizer))
        .learningRateSchedule(mlpOptions.schedule(lrSchedule)).optimizer(optimizer)
        .momentum(optimizer.equals("sgd") ? momentum : 0).nesterov(nesterov && momentum > 0).maxRounds(maxRounds)
        .miniBatchFraction(miniBatchFraction).seed(seed).evaluateEvery(evalEvery).build();
  }

  /** Writes the report directory of {@code runs} and says where it is (used by train as well). */
  static void writeReportDir(StragglerOptions options, String command, TrainingData train, TrainingData test,
                             List<ReportRun> runs, double target) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("command", command);
    settings.put("training data", train.toString());
    if (test != null) {
      settings.put("test data", test.toString());
    }
    settings.put("stragglers", options.describe());
    for (ReportRun r : runs) {
      settings.put(r.label(), r.method());
    }
    ReportDirectory.write(options.reportDir.toPath(), "spark-dtrain: " + command, settings, runs, target);
    System.out.println("report: " + options.reportDir.toPath().resolve("report.html").toAbsolutePath());
  }
}
