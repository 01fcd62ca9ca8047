package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.engine.ConfiguredStrategy;
import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.ml.DtrainClassifier;
import io.sparkdtrain.ml.DtrainWord2Vec;
import io.sparkdtrain.model.word2vec.SkipGramConfig;
import io.sparkdtrain.model.word2vec.Word2VecDefaults;
import io.sparkdtrain.strategy.StrategyRegistry;
import io.sparkdtrain.strategy.async.AsyncConfig;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import io.sparkdtrain.strategy.fedavg.FederatedAveraging;
import io.sparkdtrain.strategy.fedavg.FederatedConfig;
import io.sparkdtrain.strategy.sync.SyncOptimizerDefault;
import io.sparkdtrain.word2vec.Word2VecSettings;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The command line's and the Estimator's defaults are the same values (momentum, staleness bound and
 * rate, step size, schedule, rounds), read from both front doors; and explicit values stay as given.
 * Also for word2vec: {@code dtrain word2vec} and {@code DtrainWord2Vec} resolve to the same training
 * settings ({@link Word2VecDefaults}).
 */
class DefaultsAgreementTest {

  private static TrainCommand parse(String... args) {
    TrainCommand cmd = new TrainCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd;
  }

  @Test
  void commandLineAndEstimatorShareTheirDefaults() {
    TrainCommand cli = parse();
    TrainingConfig c = cli.config();
    AsyncConfig async = asyncConfig(cli);
    DtrainClassifier est = new DtrainClassifier();

    assertTrue(c.stepSizeFromData(), "CLI step size derived");
    assertTrue(Double.isNaN(est.getStepSize()), "Estimator step size derived");
    assertEquals(est.getMomentum(), cli.momentum, "momentum (sgd's; L-BFGS, sync's default here, takes none)");
    assertEquals(est.getOptimizer(), cli.optimizer, "optimizer (auto: see syncsDefaultOptimizerIsTheSameRule)");
    assertEquals(DefaultSettings.MOMENTUM, cli.momentum);
    assertEquals(DefaultSettings.MOMENTUM, parse("--optimizer", "sgd").config().momentum());
    assertEquals(DefaultSettings.NESTEROV, c.nesterov(), "heavy ball, as the Estimator's");
    assertEquals(est.getMaxStaleness(), async.maxStaleness(), "staleness bound");
    assertEquals(DefaultSettings.MAX_STALENESS, async.maxStaleness());
    assertEquals(est.getStalenessLr(), async.stalenessLr().name().toLowerCase(Locale.ROOT), "staleness rate");
    assertEquals(est.getLocalSteps(), async.localSteps(), "local steps per update");
    assertEquals(StepSizeDefaults.ONE_PASS, async.localSteps(), "one pass per round");
    assertEquals(0, async.batchSize(), "unset: resolved with the pass");
    assertEquals(est.getMaxRounds(), c.maxRounds(), "rounds");
    assertEquals(DefaultSettings.LEARNING_RATE_SCHEDULE, c.learningRateSchedule(), "schedule");
    assertEquals(DefaultSettings.EVALUATE_EVERY, c.evaluateEvery(), "evaluation cadence");
  }

  /**
   * Every built-in strategy with nothing set is configured the same through {@code dtrain train} and
   * through the Estimator's params (the strategy configs, printed in full, are equal): FedAvg's
   * client fraction 0.1 and 10-row batches included.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sync", "local", "async", "hogwild", "fedavg"})
  void everyStrategyIsConfiguredTheSameThroughBothDoors(String name) {
    TrainingStrategy fromTrain = parse("--strategy", name).strategy();
    DtrainClassifier est = new DtrainClassifier().setStrategy(name);
    TrainingStrategy fromEstimator = StrategyRegistry.create(name, est.strategySettings());
    assertEquals(fromTrain.getClass(), fromEstimator.getClass());
    if (fromTrain instanceof ConfiguredStrategy<?> train) {
      assertEquals(train.config().toString(), ((ConfiguredStrategy<?>) fromEstimator).config().toString(), name);
    }
  }

  /** FedAvg's defaults are McMahan et al.'s C = 0.1 and B = 10 in both doors; an explicit B = 0 is the whole client. */
  @Test
  void fedavgDefaultsAndTheWholeClientBatch() {
    FederatedConfig cli = fedavg(parse("--strategy", "fedavg").strategy());
    assertEquals(FederatedConfig.DEFAULT_FRACTION, cli.fraction());
    assertEquals(FederatedConfig.DEFAULT_BATCH_SIZE, cli.batchSize());
    assertEquals(0, fedavg(parse("--strategy", "fedavg", "--batch-size", "0").strategy()).batchSize(), "FedSGD");
    assertEquals(32, fedavg(parse("--strategy", "fedavg", "--batch-size", "32").strategy()).batchSize());
    DtrainClassifier est = new DtrainClassifier().setStrategy("fedavg");
    assertEquals(FederatedConfig.DEFAULT_FRACTION, est.getClientFraction());
    assertEquals(0, fedavg(StrategyRegistry.create("fedavg", est.setMiniBatchSize(0).strategySettings())).batchSize(),
        "an explicit 0 is the whole client, as --batch-size 0");
    CompareCommand compare = new CompareCommand();
    new CommandLine(compare).parseArgs("--strategies", "fedavg,fedavg:2/0.5");
    assertEquals(FederatedConfig.DEFAULT_BATCH_SIZE, fedavg(compare.validate().get(0).strategy()).batchSize());
    assertEquals(FederatedConfig.DEFAULT_BATCH_SIZE, fedavg(compare.validate().get(1).strategy()).batchSize());
    new CommandLine(compare).parseArgs("--strategies", "fedavg", "--batch-size", "0");
    assertEquals(0, fedavg(compare.validate().get(0).strategy()).batchSize());
  }

  private static FederatedConfig fedavg(TrainingStrategy strategy) {
    return ((FederatedAveraging) strategy).config();
  }

  @Test
  void explicitCommandLineValuesStayAsGiven() {
    TrainCommand cli = parse("--step-size", "0.3", "--momentum", "0.5", "--nesterov", "--lr-schedule",
        "inverse-sqrt", "--eval-every", "4", "--max-staleness", "-1", "--staleness-lr", "none");
    TrainingConfig c = cli.config();
    assertEquals(0.3, c.stepSize());
    assertEquals(0.5, c.momentum());
    assertTrue(c.nesterov());
    assertEquals("inverse-sqrt", c.learningRateSchedule());
    assertEquals(4, c.evaluateEvery());
    AsyncConfig async = asyncConfig(cli);
    assertEquals(-1, async.maxStaleness());
    assertEquals(AsyncConfig.StalenessLr.NONE, async.stalenessLr());
    // the deterministic staleness mode keeps its unbounded SSP default
    TrainCommand injected = parse("--inject-staleness", "2");
    assertEquals(-1, asyncConfig(injected).maxStaleness());
    assertFalse(injected.config().nesterov());
  }

  private static Word2VecCommand word2vec(String... args) {
    Word2VecCommand cmd = new Word2VecCommand();
    String[] all = new String[args.length + 2];
    all[0] = "--data";
    all[1] = "gen:1000";
    System.arraycopy(args, 0, all, 2, args.length);
    new CommandLine(cmd).parseArgs(all);
    return cmd;
  }

  /**
   * Every strategy with nothing else set: {@code dtrain word2vec} (on one partition, the Estimator's
   * default {@code numPartitions}; the command line's default is the input's) and {@code DtrainWord2Vec}
   * resolve to the same settings, so to the same model: every skip-gram setting, the starting step
   * size (the strategy's: 0.1 for hogwild, 0.025 for local and sync), epochs, seed and rounds.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hogwild", "local", "sync"})
  void word2vecCommandLineAndEstimatorShareTheirDefaults(String strategy) {
    Word2VecSettings cli = word2vec("--strategy", strategy, "--partitions", "1").settings();
    Word2VecSettings est = new DtrainWord2Vec().setStrategy(strategy).settings();

    assertEquals(cli.skipGram().toString(), est.skipGram().toString(), "skip-gram settings");
    assertFalse(cli.skipGram().stepSizeGiven(), "CLI step size unset");
    assertFalse(est.skipGram().stepSizeGiven(), "Estimator step size unset");
    assertEquals(Word2VecDefaults.stepSize(strategy), cli.startStepSize(), "CLI: the strategy's step size");
    assertEquals(cli.startStepSize(), est.startStepSize(), "starting step size");
    assertEquals(strategy.equals("hogwild") ? SkipGramConfig.DEFAULT_STEP_SIZE : SkipGramConfig.DEFAULT_SCALED_STEP_SIZE,
        est.startStepSize());
    assertEquals(Word2VecDefaults.EPOCHS, cli.skipGram().epochs(), "epochs");
    assertEquals(cli.skipGram().epochs(), est.skipGram().epochs(), "epochs");
    assertEquals(cli.skipGram().seed(), est.skipGram().seed(), "seed");
    assertEquals(cli.strategy(), est.strategy(), "strategy");
    assertEquals(cli.partitions(), est.partitions(), "partitions");
    assertEquals(cli.threads(), est.threads(), "threads");
    assertEquals(cli.roundSentences(), est.roundSentences(), "sentences per round");
    assertEquals(cli.toString().replace("trackLoss=true", "trackLoss=false"), est.toString(),
        "everything but loss tracking (a report of the command line; it does not change the model)");
  }

  @Test
  void word2vecExplicitValuesStayAsGiven() {
    Word2VecSettings cli = word2vec("--strategy", "local", "--step-size", "0.3", "--epochs", "2", "--seed", "9")
        .settings();
    Word2VecSettings est = new DtrainWord2Vec().setStrategy("local").setStepSize(0.3).setMaxIter(2).setSeed(9)
        .settings();
    assertEquals(0.3f, cli.startStepSize());
    assertEquals(0.3f, est.startStepSize());
    assertTrue(cli.skipGram().stepSizeGiven() && est.skipGram().stepSizeGiven());
    assertEquals(2, cli.skipGram().epochs());
    assertEquals(2, est.skipGram().epochs());
    assertEquals(9L, est.skipGram().seed());
    assertEquals(cli.skipGram().toString(), est.skipGram().toString());
    // the old Estimator default, now explicit, is kept too (hogwild would start from 0.1 otherwise)
    assertEquals(0.025f, new DtrainWord2Vec().setStepSize(0.025).settings().startStepSize());
  }

  private static AsyncConfig compareAsync(String spec) {
    CompareCommand compare = new CompareCommand();
    new CommandLine(compare).parseArgs("--strategies", spec);
    return ((AsyncParameterServer) compare.validate().get(0).strategy()).config();
  }

  /**
   * A plain strategy spec in {@code dtrain compare} builds the strategy {@code dtrain train --strategy NAME}
   * builds with every default (the same class and the same settings, printed in full by the configs).
   */
  @ParameterizedTest
  @ValueSource(strings = {"sync", "local", "async", "hogwild", "fedavg"})
  void comparePlainSpecsTakeTrainsStrategySettings(String name) {
    CompareCommand compare = new CompareCommand();
    new CommandLine(compare).parseArgs("--strategies", name);
    TrainingStrategy fromCompare = compare.validate().get(0).strategy();
    TrainingStrategy fromTrain = parse("--strategy", name).strategy();
    assertEquals(fromTrain.getClass(), fromCompare.getClass());
    if (fromTrain instanceof ConfiguredStrategy<?> train) {
      assertEquals(train.config().toString(), ((ConfiguredStrategy<?>) fromCompare).config().toString(), name);
    }
  }

  /**
   * compare's run settings are train's (derived step size, auto schedule, heavy-ball momentum, rounds,
   * seed) but for the evaluation cadence: every round, for its wall-clock-to-target column.
   */
  @Test
  void compareRunsWithTrainsDefaultsButEvaluatesEveryRound() {
    CompareCommand compare = new CompareCommand();
    new CommandLine(compare).parseArgs();
    TrainingConfig c = compare.config();
    TrainingConfig t = parse("--optimizer", "sgd").config(); // compare's sync stays SGD, train's default is auto
    assertTrue(c.stepSizeFromData(), "step size derived");
    assertEquals(DefaultSettings.LEARNING_RATE_SCHEDULE, c.learningRateSchedule());
    assertEquals(DefaultSettings.MOMENTUM, c.momentum());
    assertEquals(DefaultSettings.NESTEROV, c.nesterov());
    assertEquals(1, c.evaluateEvery());
    assertEquals(t.toString().replace("evaluateEvery=" + DefaultSettings.EVALUATE_EVERY, "evaluateEvery=1"),
        c.toString());
    new CommandLine(compare).parseArgs("--step-size", "0.5", "--nesterov", "--lr-schedule", "constant");
    assertEquals(0.5, compare.config().stepSize());
    assertTrue(compare.config().nesterov());
    assertEquals("constant", compare.config().learningRateSchedule());
  }

  @Test
  void compareAsyncIsTrainsAsyncAndItsPartsStayAsGiven() {
    AsyncConfig plain = compareAsync("async");
    assertEquals(DefaultSettings.MAX_STALENESS, plain.maxStaleness());
    assertEquals(AsyncConfig.StalenessLr.INVERSE, plain.stalenessLr());
    assertEquals(-1, plain.injectStaleness());
    assertEquals(-1, compareAsync("async:bound=-1").maxStaleness(), "unbounded on request");
    assertEquals(8, compareAsync("async:bound=8").maxStaleness());
    assertEquals(AsyncConfig.StalenessLr.NONE, compareAsync("async:staleness-lr=none").stalenessLr());
    assertEquals(AsyncConfig.StalenessLr.INVERSE, compareAsync("async:bound=2+inverse").stalenessLr());
    AsyncConfig injected = compareAsync("async:inject=3+lr=0.05");
    assertEquals(3, injected.injectStaleness());
    assertEquals(-1, injected.maxStaleness(), "as train --inject-staleness: the deterministic mode is unbounded");
    assertEquals(asyncConfig(parse("--inject-staleness", "3")).toString().replace("stepSize=NaN", ""),
        injected.toString().replace("stepSize=0.05", ""), "the rest as train --inject-staleness 3");
  }

  /** The async settings the command line builds, through the strategy registry as `train` does. */
  private static AsyncConfig asyncConfig(TrainCommand cli) {
    return ((AsyncParameterServer) StrategyRegistry.create(AsyncParameterServer.NAME, cli.settings())).config();
  }

  /**
   * Sync's optimizer when none is given: the command line ({@code --optimizer auto}) and the Estimator
   * ({@code optimizer = auto}) apply the same rule, {@link SyncOptimizerDefault}: L-BFGS for a linear
   * model with a smooth objective, L2 and full batches and no step size given; SGD for everything else.
   * The Estimator side is what a fit ran (its report's {@code optimizer}), on 400 rows of a9a.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "                                   | lbfgs",
      "--objective hinge                  | sgd",
      "--reg-type l1                      | sgd",
      "--mini-batch-fraction 0.5          | sgd",
      "--step-size 0.1                    | sgd",
      "--optimizer sgd                    | sgd",
      "--optimizer adam                   | adam"})
  void syncsDefaultOptimizerIsTheSameRule(String options, String expected) {
    String[] args = options == null ? new String[0] : options.trim().split("\\s+");
    TrainCommand cli = parse(args);
    assertEquals(expected, cli.config().optimizer(), "command line");
    assertEquals(expected.equals("sgd") ? DefaultSettings.MOMENTUM : 0.0, cli.config().momentum(),
        "momentum is sgd's only");
    DtrainClassifier est = new DtrainClassifier().setMaxIter(2).setNumWorkers(2);
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--objective" -> est.setObjective(args[i + 1]);
        case "--reg-type" -> est.setRegType(args[i + 1]);
        case "--mini-batch-fraction" -> est.setMiniBatchFraction(Double.parseDouble(args[i + 1]));
        case "--step-size" -> est.setStepSize(Double.parseDouble(args[i + 1]));
        case "--optimizer" -> est.setOptimizer(args[i + 1]);
        default -> throw new AssertionError(args[i]);
      }
    }
    assertEquals(expected, est.fit(smallA9a()).summary().report().get("optimizer"), "Estimator");
    // the other strategies and the network never get L-BFGS
    assertEquals("sgd", parse("--strategy", "local").config().optimizer());
    assertEquals("sgd", parse("--model", "mlp").config().optimizer());
  }

  /** The 400 first rows of a9a, labels 0/1. */
  private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> smallA9a() {
    org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().master("local[2]")
        .appName("DefaultsAgreementTest").getOrCreate();
    return spark.read().format("libsvm").option("numFeatures", "123").load(sharedData("a9a/a9a"))
        .limit(400).selectExpr("CAST(IF(label > 0, 1, 0) AS DOUBLE) AS label", "features");
  }

  /** A file of the real data sets, {@code shared/data} next to the repository (searched upwards). */
  private static String sharedData(String file) {
    java.nio.file.Path p = java.nio.file.Path.of("").toAbsolutePath();
    while (p != null && !java.nio.file.Files.isDirectory(p.resolve("shared/data"))) {
      p = p.getParent();
    }
    assertTrue(p != null, "no shared/data above " + java.nio.file.Path.of("").toAbsolutePath());
    return p.resolve("shared/data").resolve(file).toString();
  }

  /** {@code --optimizer lbfgs} where it is not valid: an error naming the option and its value. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--objective hinge                   | --objective          | hinge",
      "--reg-type l1                       | --reg-type           | l1",
      "--mini-batch-fraction 0.5           | --mini-batch-fraction | 0.5",
      "--strategy local                    | --optimizer          | lbfgs",
      "--model mlp                         | --optimizer          | lbfgs"})
  void lbfgsWhereItIsNotValidNamesTheOption(String options, String option, String value) {
    String[] given = options.trim().split("\\s+");
    String[] args = new String[given.length + 3];
    args[0] = "train";
    System.arraycopy(given, 0, args, 1, given.length);
    args[given.length + 1] = "--optimizer";
    args[given.length + 2] = "lbfgs";
    String[] r = CliRunner.run(args);
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains(option) && r[2].contains(value), r[2]);
    if (options.contains("hinge")) {
      assertTrue(r[2].contains("--optimizer lbfgs") && r[2].contains("smooth"), r[2]);
    }
  }
}
