package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.IdxInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.StrategyProvider;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import io.sparkdtrain.spark.SparkConfigs;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.StrategyRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Our network against MLlib's {@link MultilayerPerceptronClassifier} (l-bfgs, blockSize 128) on
 * IDX data (Fashion-MNIST), in one JVM and one {@code local[2]} session (issue 17): first one of our
 * strategies, as {@code dtrain compare} runs it (same data reader, same engine), with the training
 * wall-clock at which the held-out accuracy first reached the target; then MLlib at each
 * {@code maxIter}, with the time of {@code fit} and the held-out accuracy. Prints the ratio of our
 * time to the target to each MLlib fit's time, and MLlib's time per iteration extrapolated to 100
 * iterations (marked as such) when 100 was not among the runs.
 *
 * <pre>
 * java -Xmx6g $FLAGS -cp ... io.sparkdtrain.examples.bench.MlpMllibBench \
 *   /usr/share/datasets/fashion-mnist/train /usr/share/datasets/fashion-mnist/t10k \
 *   784,256,10 local:16 176 11 0.86 10,25,50
 * </pre>
 *
 * Arguments: train prefix, test prefix, layers (MLlib's list: input first, classes last), our
 * strategies as {@code compare}'s specs separated by ';' (the fastest to the target is the one
 * compared), our rounds, evaluation every E rounds, target accuracy,
 * MLlib's maxIter list. Ours: 2 partitions, ReLU, L2 1e-4, batch 64, step 0.1, seed 42 (the settings
 * of docs/neural-networks.md "Every strategy in one compare run"). MLlib: sigmoid hidden layers (its
 * only choice), seed 42, every other param its default.
 */
public final class MlpMllibBench {
  private static final int PARTITIONS = 2;
  private static final long SEED = 42;

  private MlpMllibBench() {}

  public static void main(String[] args) {
    if (args.length != 8) {
      throw new IllegalArgumentException("usage: MlpMllibBench TRAIN_PREFIX TEST_PREFIX LAYERS SPEC ROUNDS "
          + "EVAL_EVERY TARGET MAX_ITER[,MAX_ITER...]; got " + args.length + " arguments");
    }
    int[] layers = java.util.Arrays.stream(args[2].split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    String spec = args[3];
    int rounds = Integer.parseInt(args[4]);
    int evalEvery = Integer.parseInt(args[5]);
    double target = Double.parseDouble(args[6]);
    int[] maxIters = java.util.Arrays.stream(args[7].split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    SparkConf conf = SparkConfigs.applyKryo(new SparkConf(), false).setMaster("local[2]")
        .setAppName("MlpMllibBench").set("spark.ui.enabled", "false");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    System.out.printf(Locale.ROOT, "machine: %d CPUs, load average %.2f, Java %s, Spark %s%n",
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.version"), spark.version());

    double oursSeconds = Double.NaN;
    for (String one : spec.split(";")) {
      double s = ours(sc, args[0], args[1], layers, one.trim(), rounds, evalEvery, target);
      oursSeconds = Double.isNaN(oursSeconds) || s < oursSeconds ? s : oursSeconds;
    }
    System.out.printf(Locale.ROOT, "ours, best training wall-clock to %.2f: %s%n", target,
        Double.isNaN(oursSeconds) ? "not reached" : String.format(Locale.ROOT, "%.1f s", oursSeconds));

    Dataset<Row> train = MlpEstimatorBench.frame(spark, IdxInput.load(args[0])).repartition(PARTITIONS).cache();
    Dataset<Row> test = MlpEstimatorBench.frame(spark, IdxInput.load(args[1])).cache();
    long m = test.count();
    train.count();
    List<double[]> mllib = new ArrayList<>();
    for (int maxIter : maxIters) {
      MultilayerPerceptronClassifier clf = new MultilayerPerceptronClassifier().setLayers(layers).setBlockSize(128)
          .setSolver("l-bfgs").setMaxIter(maxIter).setSeed(SEED);
      long t0 = System.nanoTime();
      MultilayerPerceptronClassificationModel model = clf.fit(train);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double accuracy = model.transform(test).filter("prediction = label").count() / (double) m;
      int iterations = model.summary().totalIterations();
      mllib.add(new double[] {maxIter, seconds, accuracy, iterations});
      System.out.printf(Locale.ROOT, "MLlib l-bfgs maxIter %d: %d iterations, %.1f s, test accuracy %.4f%n", maxIter,
          iterations, seconds, accuracy);
    }

    System.out.printf(Locale.ROOT, "%n| fit | seconds | test accuracy | ours to %.2f / this fit |%n|---|---|---|---|%n",
        target);
    System.out.printf(Locale.ROOT, "| ours, best of %s, training wall-clock to %.2f | %s | - | - |%n", spec, target,
        Double.isNaN(oursSeconds) ? "not reached" : String.format(Locale.ROOT, "%.1f", oursSeconds));
    for (double[] r : mllib) {
      System.out.printf(Locale.ROOT, "| MLlib l-bfgs, maxIter %d (%d iterations) | %.1f | %.4f | %s |%n", (int) r[0],
          (int) r[3], r[1], r[2], Double.isNaN(oursSeconds) ? "n/a" : String.format(Locale.ROOT, "%.3f",
              oursSeconds / r[1]));
    }
    double[] last = mllib.get(mllib.size() - 1);
    if (last[0] != 100 && !Double.isNaN(oursSeconds)) {
      double per = last[1] / last[3];
      System.out.printf(Locale.ROOT, "| MLlib l-bfgs, 100 iterations EXTRAPOLATED (%.2f s per iteration of the "
          + "maxIter %d fit x 100) | %.1f | - | %.3f |%n", per, (int) last[0], per * 100, oursSeconds / (per * 100));
    }
    spark.stop();
  }

  /**
   * Trains our network with {@code spec} as {@code compare} does; prints the accuracy curve and
   * returns the training wall-clock at the first evaluation at or above {@code target} (NaN if none).
   */
  private static double ours(JavaSparkContext sc, String trainPrefix, String testPrefix, int[] layers, String spec,
                             int rounds, int evalEvery, double target) {
    SoftmaxLoss loss = new SoftmaxLoss(layers[layers.length - 1]);
    try (TrainingData train = IdxInput.read(sc, trainPrefix, PARTITIONS, loss);
         TrainingData test = IdxInput.read(sc, testPrefix, PARTITIONS, loss)) {
      MlpModel model = new MlpModel(new MultilayerPerceptron(new MlpLayout(layers), Activation.RELU, 1e-4, 0.0));
      int colon = spec.indexOf(':');
      StrategyProvider provider = StrategyRegistry.get(colon < 0 ? spec : spec.substring(0, colon));
      StrategyProvider.Variant v = provider.compareVariant(colon < 0 ? null : spec.substring(colon + 1),
          StrategySettings.builder().put("miniBatchSize", 64).build());
      TrainingConfig config = TrainingConfig.builder().stepSize(0.1).learningRateSchedule("constant")
          .maxRounds(rounds).seed(SEED).evaluateEvery(evalEvery).build();
      long t0 = System.nanoTime();
      TrainingResult r = provider.create(v.settings())
          .train(new TrainingContext(sc, train, test, model, config, null, TrainingListener.NONE, StragglerModel.NONE));
      double total = (System.nanoTime() - t0) / 1e9;
      double toTarget = Double.NaN;
      StringBuilder curve = new StringBuilder();
      for (RoundRecord rec : r.history()) {
        if (rec.test() != null) {
          curve.append(String.format(Locale.ROOT, " %d:%.4f@%.1fs", rec.round(), rec.test().accuracy(),
              rec.seconds()));
          if (Double.isNaN(toTarget) && rec.test().accuracy() >= target) {
            toTarget = rec.seconds();
          }
        }
      }
      System.out.printf(Locale.ROOT, "ours %s (%s), %s: %d rounds, %.1f MB, training %.1f s (whole fit with "
          + "evaluations %.1f s), final test accuracy %.4f; to %.2f: %s%n  round:accuracy@training seconds%s%n",
          v.label(), v.method(), model.network().layout().spec(), r.rounds(), r.bytesCommunicated() / 1e6,
          r.wallClockSeconds(), total, r.finalTest().accuracy(), target,
          Double.isNaN(toTarget) ? "not reached" : String.format(Locale.ROOT, "%.1f s", toTarget), curve);
      return toTarget;
    }
  }
}
