package io.sparkdtrain.examples;

import io.sparkdtrain.data.RatingsData;
import io.sparkdtrain.data.RatingsInput;
import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.model.mf.MatrixFactorization;
import io.sparkdtrain.strategy.StrategyRegistry;
import io.sparkdtrain.strategy.hogwild.HogwildConfig;
import io.sparkdtrain.strategy.hogwild.HogwildMf;
import io.sparkdtrain.strategy.local.LocalSgd;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dtrain train-mf}: matrix factorisation of a ratings file (or generated low-rank ratings) with
 * Hogwild! ({@code --strategy hogwild}, the default), Local SGD ({@code --strategy local}, the same
 * {@link LocalSgd} as {@code train}, on the model interface) or full-batch synchronous gradient
 * descent ({@code --strategy sync}); prints and reports the training and held-out RMSE, and updates
 * per second (Hogwild!) or rounds and bytes (the others).
 */
@Command(name = "train-mf", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Matrix factorisation with Hogwild! or Local SGD: RMSE on a seeded held-out split.")
final class TrainMfCommand implements Callable<Integer> {

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default local[T] with T = --threads, else local[*]); spark-submit's --master wins.")
  String master;

  @Option(names = "--data", paramLabel = "PATH",
      description = "Ratings: user::item::rating[::time] or tab-separated lines. Without it, generated ratings.")
  String data;

  @Option(names = "--strategy", paramLabel = "hogwild|local|sync", defaultValue = "hogwild",
      description = "Training strategy: hogwild (shared factors, lock-free), local (Local SGD: --local-steps per-rating"
          + " steps of --batch-size ratings per partition, then averaging) or sync (full-batch gradient descent)"
          + " (default ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--rank", paramLabel = "K", defaultValue = "10", description = "Factor rank (default ${DEFAULT-VALUE}).")
  int rank;

  @Mixin
  HogwildOptions hogwild = new HogwildOptions();

  @Mixin
  LocalSgdOptions local = new LocalSgdOptions();

  /** Default epochs of hogwild and local: every rating is visited once per epoch. */
  static final int DEFAULT_EPOCHS = 10;
  /**
   * Default rounds of sync: a full-batch round moves each factor once where an epoch of per-rating
   * SGD moves it once per rating, so leaving the saddle of the small initial factors takes more rounds
   * (measured on the default generated ratings: below the global mean from about round 40).
   */
  static final int DEFAULT_SYNC_ROUNDS = 60;

  @Option(names = "--epochs", paramLabel = "E",
      description = "Rounds: epochs for hogwild, communication rounds for local and sync (default " + DEFAULT_EPOCHS
          + ", sync " + DEFAULT_SYNC_ROUNDS + ").")
  Integer epochs;

  @Option(names = "--step-size", paramLabel = "S", description = "Learning rate (default: derived from the ratings,"
      + " 1 / (2 L) per rating for hogwild and local, N / (n_max L) for sync, with L = 2 + 2 x spread + reg-param,"
      + " spread the ratings' RMS deviation from their mean, N ratings, n_max of one user or item).")
  Double stepSize;

  @Option(names = "--lr-schedule", defaultValue = "constant",
      description = "Per-epoch schedule: constant | inverse-sqrt | step:FACTOR:EVERY (default ${DEFAULT-VALUE}).")
  String lrSchedule;

  @Option(names = "--reg-param", paramLabel = "L", defaultValue = "0.05", description = "L2 on factors and biases (default ${DEFAULT-VALUE}).")
  double regParam;

  @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2", description = "Held-out share, seeded (default ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--partitions", paramLabel = "P", description = "Partitions (default: --threads, else Spark's default parallelism).")
  int partitions;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--gen-ratings", paramLabel = "N", defaultValue = "100000", description = "Generated: ratings (default ${DEFAULT-VALUE}).")
  long genRatings;

  @Option(names = "--gen-users", paramLabel = "N", defaultValue = "1000", description = "Generated: users (default ${DEFAULT-VALUE}).")
  int genUsers;

  @Option(names = "--gen-items", paramLabel = "N", defaultValue = "500", description = "Generated: items (default ${DEFAULT-VALUE}).")
  int genItems;

  @Option(names = "--gen-rank", paramLabel = "K", defaultValue = "5", description = "Generated: true rank (default ${DEFAULT-VALUE}).")
  int genRank;

  @Option(names = "--gen-noise", paramLabel = "S", defaultValue = "0.1", description = "Generated: rating noise (default ${DEFAULT-VALUE}).")
  double genNoise;

  @Mixin
  ReportJsonOption reportJson = new ReportJsonOption();

  @Override
  public Integer call() throws IOException {
    Checks.atLeast("--rank", rank, 1);
    if (epochs == null) {
      epochs = strategy.equals("sync") ? DEFAULT_SYNC_ROUNDS : DEFAULT_EPOCHS;
    }
    Checks.atLeast("--epochs", epochs, 1);
    Checks.require(stepSize == null || stepSize > 0 && Double.isFinite(stepSize), "--step-size", stepSize,
        "must be finite and > 0");
    Checks.finiteNonNegative("--reg-param", regParam);
    Checks.inClosedOpenUnit("--test-fraction", testFraction);
    Checks.require(partitions >= 0, "--partitions", partitions, "must be >= 1");
    Checks.require(strategy.equals("hogwild") || strategy.equals("local") || strategy.equals("sync"), "--strategy",
        strategy, "must be hogwild, local or sync for train-mf");
    if (strategy.equals("local")) {
      local.validate("sgd");
    }
    HogwildConfig config = hogwild.config();
    try {
      io.sparkdtrain.optim.LearningRates.parse(lrSchedule, stepSize != null ? stepSize : 1.0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value '" + lrSchedule + "' for option --lr-schedule: " + e.getMessage());
    }
    SparkSession spark = Sessions.session(Sessions.master(master, config.threads()), "dtrain train-mf");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int parts = partitions > 0 ? partitions : config.threads() > 0 ? config.threads() : sc.defaultParallelism();
    try (RatingsData ratings = data != null
        ? RatingsInput.readText(sc, data, parts, testFraction, seed)
        : RatingsInput.synthetic(sc, genUsers, genItems, genRank, genRatings, genNoise, parts, testFraction, seed)) {
      MatrixFactorization model = new MatrixFactorization(ratings.numUsers(), ratings.numItems(), rank, regParam,
          ratings.trainMean());
      double step = stepSize != null ? stepSize : StepSizeDefaults.matrixFactorization(strategy,
          ratings.trainSpread(), regParam, ratings.numTrain(), ratings.maxRatingsPerId());
      if (stepSize == null) {
        System.out.printf("step size %.6g derived from the ratings (spread %.4f, at most %d ratings per id)%n",
            step, ratings.trainSpread(), ratings.maxRatingsPerId());
      }
      // sync takes the heavy-ball momentum of every sync default (DefaultSettings.MOMENTUM)
      TrainingConfig tc = TrainingConfig.builder().stepSize(step).learningRateSchedule(lrSchedule).maxRounds(epochs)
          .momentum(strategy.equals("sync") ? DefaultSettings.MOMENTUM : 0.0).seed(seed).build();
      if (!strategy.equals("hogwild")) {
        return writeReport(viaStrategy(sc, ratings, model, tc));
      }
      HogwildMf.Result r = new HogwildMf(config).train(sc, ratings, model, tc);
      print("hogwild", ratings, r.history(), r.baselineRmseTest(), r.seconds(),
          String.format("  updates             %d", r.updates()),
          String.format("  updates_per_second  %.0f", r.updatesPerSecond()));
      return writeReport(r.asReport(config, model));
    }
  }

  /** Local SGD or sync on the model; prints the result and returns the report. */
  private Map<String, Object> viaStrategy(JavaSparkContext sc, RatingsData ratings, MatrixFactorization model,
                                          TrainingConfig tc) {
    double baseline = HogwildMf.baselineRmseTest(sc, ratings);
    StrategySettings.Builder settings = StrategySettings.builder();
    local.fill(settings);
    TrainingStrategy chosen = strategy.equals("local")
        ? local.checked(StrategyRegistry.create(LocalSgd.NAME, settings.build())) : new SynchronousSgd();
    TrainingResult result = chosen.train(new TrainingContext(sc, ratings, ratings.heldOut(), model, tc,
        null, null, null));
    List<HogwildMf.Epoch> epochs = HogwildMf.epochs(result);
    print(result.strategy(), ratings, epochs, baseline, result.wallClockSeconds(),
        String.format("  rounds              %d", result.rounds()),
        String.format("  bytes_communicated  %d", result.bytesCommunicated()));
    Map<String, Object> m = HogwildMf.reportHead(result.strategy(), epochs, baseline, result.rounds(), model);
    m.put("partitions", ratings.blocks().getNumPartitions());
    m.put("bytes_communicated", result.bytesCommunicated());
    m.put("wall_clock_seconds", result.wallClockSeconds());
    for (String key : List.of("local_steps", "batch_size", "outer_optimizer", "outer_lr", "worker_steps_total")) {
      if (result.extras().containsKey(key)) {
        m.put(key, result.extras().get(key));
      }
    }
    m.put("history", HogwildMf.reportHistory(epochs));
    return m;
  }

  /**
   * Prints a run's summary: the strategy and data, the last epoch's RMSEs (and the global mean's),
   * the strategy's own {@code lines}, and the training wall-clock.
   */
  private static void print(String strategy, RatingsData ratings, List<HogwildMf.Epoch> history, double baseline,
                            double seconds, String... lines) {
    HogwildMf.Epoch last = history.get(history.size() - 1);
    System.out.printf("%s matrix factorisation on %s%n", strategy, ratings);
    System.out.printf("  rmse_train          %.6f%n", last.rmseTrain());
    System.out.printf("  rmse_test           %.6f (global mean %.6f)%n", last.rmseTest(), baseline);
    for (String line : lines) {
      System.out.println(line);
    }
    System.out.printf("  wall_clock_seconds  %.3f (evaluation not counted)%n", seconds);
  }

  private int writeReport(Map<String, Object> report) throws IOException {
    reportJson.write(report);
    return 0;
  }
}
