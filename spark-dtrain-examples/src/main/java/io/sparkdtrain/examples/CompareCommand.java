package io.sparkdtrain.examples;

import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.Losses;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.report.ReportDirectory;
import io.sparkdtrain.report.ReportRun;
import io.sparkdtrain.report.RunSummary;
import io.sparkdtrain.spark.SparkConfigs;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.engine.TrainingStrategy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
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
 * <p>Strategies are named by specs {@code NAME[:ARG]}; {@link #STRATEGIES} maps each name to a
 * factory. To add one (async, hogwild, fedavg), add an entry there: its factory turns the spec's
 * argument into a {@link TrainingStrategy} and a one-line description of the method.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run several strategies on the same data, seed and straggler scenario; print a measured table "
        + "and write a report.")
final class CompareCommand implements Callable<Integer> {

  /** A strategy to run, as compare labels and describes it. */
  record Candidate(String label, String method, TrainingStrategy strategy) {}

  /** Builds a {@link Candidate} from a spec's argument (null when the spec has none). */
  @FunctionalInterface
  interface Factory {
    Candidate create(CompareCommand command, String arg);
  }

  /** The strategies compare knows, by spec name: the extension point for new strategies. */
  static final Map<String, Factory> STRATEGIES = new LinkedHashMap<>();
  /** How each name is written in --strategies, for help and error messages. */
  static final Map<String, String> SYNTAX = new LinkedHashMap<>();

  static {
    register("sync", "sync", (c, arg) -> {
      Checks.require(arg == null, "--strategies", "sync:" + arg, "sync takes no argument");
      return new Candidate("sync", "synchronous SGD, AllReduce (tree aggregate) every step", new SynchronousSgd());
    });
    register("local", "local:H", (c, arg) -> {
      int h = c.localOptions.localSteps;
      if (arg != null) {
        try {
          h = Integer.parseInt(arg);
        } catch (NumberFormatException e) {
          h = 0;
        }
      }
      Checks.require(h >= 1, "--strategies", "local:" + arg, "H in local:H must be an integer >= 1");
      c.localOptions.localSteps = h;
      return new Candidate("local:" + h, "local SGD, model averaging every " + h + " local steps",
          c.localOptions.strategy());
    });
  }

  static {
    register("async", "async[:inject=TAU][+bound=S][+inverse][+dc=X][+lr=X]", CompareCommand::async);
    register("fedavg", "fedavg[:E/C]", CompareCommand::fedavg);
  }

  /**
   * {@code fedavg[:E/C]}: Federated Averaging with the data's partitions as clients, a share C of
   * them sampled per round (default 0.5), E local epochs (default 1) of --batch-size rows (0 = the
   * whole client) at --step-size.
   */
  private static Candidate fedavg(CompareCommand c, String arg) {
    int epochs = 1;
    double fraction = 0.5;
    if (arg != null) {
      String[] p = arg.split("/");
      try {
        Checks.require(p.length == 2, "--strategies", "fedavg:" + arg, "must be fedavg:E/C, e.g. fedavg:1/0.5");
        epochs = Integer.parseInt(p[0]);
        fraction = Double.parseDouble(p[1]);
      } catch (NumberFormatException e) {
        Checks.require(false, "--strategies", "fedavg:" + arg, "E and C in fedavg:E/C must be numbers, e.g. fedavg:1/0.5");
      }
    }
    io.sparkdtrain.strategy.fedavg.FederatedConfig config;
    try {
      config = io.sparkdtrain.strategy.fedavg.FederatedConfig.builder().localEpochs(epochs).fraction(fraction)
          .batchSize(c.localOptions.batchSize).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value 'fedavg:" + arg + "' for option --strategies: " + e.getMessage());
    }
    String batch = c.localOptions.batchSize == 0 ? "the whole client" : c.localOptions.batchSize + " rows";
    return new Candidate("fedavg:" + epochs + "/" + fraction, "federated averaging, " + epochs
        + " local epoch(s) of batch " + batch + ", " + fraction + " of the clients (partitions) per round",
        new io.sparkdtrain.strategy.fedavg.FederatedAveraging(config));
  }

  /**
   * {@code async[:PARTS]}, PARTS joined by '+': {@code inject=TAU} (deterministic mode), {@code inverse}
   * (1/tau rate), {@code dc=X} (DC-ASGD lambda), {@code lr=X} (the workers' step size instead of
   * --step-size). k and b are --local-steps and --batch-size (b = 64 when 0).
   */
  private static Candidate async(CompareCommand c, String arg) {
    io.sparkdtrain.strategy.async.AsyncConfig.Builder b = io.sparkdtrain.strategy.async.AsyncConfig.builder();
    int batch = c.localOptions.batchSize > 0 ? c.localOptions.batchSize : AsyncOptions.DEFAULT_BATCH;
    b.localSteps(c.localOptions.localSteps).batchSize(batch);
    StringBuilder method = new StringBuilder("asynchronous parameter server, " + c.localOptions.localSteps
        + " local steps of " + batch + " rows per update");
    if (arg != null) {
      for (String part : arg.split("\\+")) {
        try {
          if (part.startsWith("inject=")) {
            int tau = Integer.parseInt(part.substring(7));
            Checks.require(tau >= 0, "--strategies", "async:" + arg, "inject=TAU needs TAU >= 0");
            b.injectStaleness(tau);
            method.append(", each update applied exactly ").append(tau).append(" versions late");
          } else if (part.startsWith("bound=")) {
            int bound = Integer.parseInt(part.substring(6));
            Checks.require(bound >= 0, "--strategies", "async:" + arg, "bound=S needs S >= 0");
            b.maxStaleness(bound);
            method.append(", staleness bound ").append(bound).append(" (SSP)");
          } else if (part.equals("inverse")) {
            b.stalenessLr(io.sparkdtrain.strategy.async.AsyncConfig.StalenessLr.INVERSE);
            method.append(", step / staleness");
          } else if (part.startsWith("dc=")) {
            b.dcLambda(Double.parseDouble(part.substring(3)));
            method.append(", DC-ASGD lambda ").append(part.substring(3));
          } else if (part.startsWith("lr=")) {
            b.stepSize(Double.parseDouble(part.substring(3)));
            method.append(", step size ").append(part.substring(3));
          } else {
            Checks.require(false, "--strategies", "async:" + arg,
                "parts of async:... must be inject=TAU, bound=S, inverse, dc=X or lr=X, joined by '+'");
          }
        } catch (NumberFormatException e) {
          Checks.require(false, "--strategies", "async:" + arg, "'" + part + "' needs a number");
        }
      }
    }
    io.sparkdtrain.strategy.async.AsyncConfig config;
    try {
      config = b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value 'async:" + arg + "' for option --strategies: " + e.getMessage());
    }
    String label = arg == null ? "async" : "async:" + arg;
    return new Candidate(label, method.toString(), new io.sparkdtrain.strategy.async.AsyncParameterServer(config));
  }

  static void register(String name, String syntax, Factory factory) {
    STRATEGIES.put(name, factory);
    SYNTAX.put(name, syntax);
  }

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
      description = "Spark master (default ${DEFAULT-VALUE}); spark-submit's --master wins when given.")
  String master;

  @Option(names = "--strategies", paramLabel = "SPEC[,SPEC...]", defaultValue = "sync,local:16", split = ",",
      description = "Strategies to compare, in order: sync, local:H, async[:inject=TAU][+bound=S][+inverse][+dc=X][+lr=X], fedavg[:E/C] (default ${DEFAULT-VALUE}).")
  List<String> strategies;

  @Mixin
  DataOptions dataOptions = new DataOptions();

  @Mixin
  StragglerOptions stragglerOptions = new StragglerOptions();

  @Mixin
  LocalSgdOptions localOptions = new LocalSgdOptions();

  @Option(names = "--objective", defaultValue = "logistic", description = "logistic | hinge (default ${DEFAULT-VALUE}).")
  String objective;

  @Option(names = "--reg-param", paramLabel = "L", defaultValue = "1e-4", description = "L2 strength (default ${DEFAULT-VALUE}).")
  double regParam;

  @Option(names = "--step-size", paramLabel = "S", defaultValue = "1.0", description = "Learning rate (default ${DEFAULT-VALUE}).")
  double stepSize;

  @Option(names = "--lr-schedule", defaultValue = "constant",
      description = "constant | inverse-sqrt | step:FACTOR:EVERY (default ${DEFAULT-VALUE}).")
  String lrSchedule;

  @Option(names = "--momentum", paramLabel = "M", defaultValue = "0.9",
      description = "Nesterov momentum of synchronous SGD (default ${DEFAULT-VALUE}).")
  double momentum;

  @Option(names = "--mini-batch-fraction", paramLabel = "F", defaultValue = "1.0",
      description = "Share of each partition's rows per synchronous step (default ${DEFAULT-VALUE}).")
  double miniBatchFraction;

  @Option(names = "--max-rounds", paramLabel = "R", defaultValue = "100", description = "Rounds per strategy (default ${DEFAULT-VALUE}).")
  int maxRounds;

  @Option(names = "--eval-every", paramLabel = "E", defaultValue = "1", description = "Evaluate every E rounds (default ${DEFAULT-VALUE}).")
  int evalEvery;

  @Option(names = "--target-accuracy", paramLabel = "A",
      description = "Target of the wall-clock-to-target column (runs do not stop there). Default: 99% of the best final accuracy.")
  Double targetAccuracy;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of sampling and delays (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--quiet", description = "No progress bars.")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    List<Candidate> candidates = validate();
    SparkConf conf = SparkConfigs.applyKryo(new SparkConf(), false);
    if (!conf.contains("spark.master")) {
      conf.setMaster(master);
    }
    if (!conf.contains("spark.app.name")) {
      conf.setAppName("dtrain compare");
    }
    SparkSession spark = SparkSession.builder()
        .config(io.sparkdtrain.spark.SparkConfigs.applyExecutorWait(conf)).getOrCreate();
    // before the data is read and cached, so that its blocks (and the workers) spread over every executor
    io.sparkdtrain.spark.ExecutorWait.await(spark.sparkContext());
    spark.sparkContext().setLogLevel("WARN");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    MarginLoss loss = Losses.byName(objective, 2);
    SyntheticData.Spec spec = dataOptions.spec(objective, 2, seed);
    TrainingData train = dataOptions.loadTrain(spark, spec, loss);
    TrainingData test = null;
    try {
      test = dataOptions.loadTest(spark, spec, train.numFeatures(), loss);
      stragglerOptions.checkWorkers(train.blocks().getNumPartitions());
      Objective obj = new Objective(loss, Regularization.l2(regParam), new ModelShape(train.numFeatures(), 1, true));
      StragglerModel stragglers = stragglerOptions.model(seed);
      List<ReportRun> runs = new ArrayList<>();
      for (Candidate c : candidates) {
        TrainingListener listener = quiet ? TrainingListener.NONE : new ConsoleProgress(System.err);
        TrainingResult result = c.strategy().train(
            new TrainingContext(sc, train, test, obj, config(), null, listener, stragglers));
        if (!stragglers.isNone() && result.events().events().isEmpty()) {
          System.err.println("compare: note: " + c.label() + " recorded no worker events; it does not honour the "
              + "straggler scenario yet");
        }
        runs.add(new ReportRun(c.label(), c.method(), result));
      }
      double target = targetAccuracy == null ? RunSummary.defaultTarget(runs) : targetAccuracy;
      List<RunSummary> rows = new ArrayList<>();
      runs.forEach(r -> rows.add(RunSummary.of(r, target)));
      System.out.printf("compare on %s; stragglers: %s%n", train, stragglerOptions.describe());
      System.out.print(RunSummary.markdown(rows, target));
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

  private List<Candidate> validate() {
    Checks.require(objective.equals("logistic") || objective.equals("hinge"), "--objective", objective,
        "must be logistic or hinge");
    Checks.require(regParam >= 0 && Double.isFinite(regParam), "--reg-param", regParam, "must be finite and >= 0");
    Checks.require(stepSize > 0 && Double.isFinite(stepSize), "--step-size", stepSize, "must be finite and > 0");
    Checks.require(momentum >= 0 && momentum < 1, "--momentum", momentum, "must be in [0, 1)");
    Checks.require(maxRounds >= 1, "--max-rounds", maxRounds, "must be >= 1");
    Checks.require(evalEvery >= 1, "--eval-every", evalEvery, "must be >= 1");
    Checks.require(targetAccuracy == null || (targetAccuracy > 0 && targetAccuracy <= 1), "--target-accuracy",
        targetAccuracy, "must be in (0, 1]");
    dataOptions.validate();
    stragglerOptions.validate();
    config();
    List<Candidate> out = new ArrayList<>();
    for (String spec : strategies) {
      String s = spec.trim();
      int colon = s.indexOf(':');
      String name = colon < 0 ? s : s.substring(0, colon);
      Factory f = STRATEGIES.get(name);
      Checks.require(f != null, "--strategies", s, "unknown strategy '" + name + "'; available: "
          + String.join(", ", SYNTAX.values()) + " (hogwild is not wired into compare yet)");
      if (name.equals("local")) {
        localOptions.validate("sgd");
      }
      out.add(f.create(this, colon < 0 ? null : s.substring(colon + 1)));
    }
    Checks.require(!out.isEmpty(), "--strategies", strategies, "name at least one strategy");
    return out;
  }

  TrainingConfig config() {
    return TrainingConfig.builder().stepSize(stepSize).learningRateSchedule(lrSchedule).optimizer("sgd")
        .momentum(momentum).nesterov(momentum > 0).maxRounds(maxRounds).miniBatchFraction(miniBatchFraction)
        .seed(seed).evaluateEvery(evalEvery).build();
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
