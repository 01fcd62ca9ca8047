package io.sparkdtrain.examples;

import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.Evaluator;
import io.sparkdtrain.examples.bench.BenchContext;
import io.sparkdtrain.examples.bench.BenchMethod;
import io.sparkdtrain.examples.bench.BenchMethods;
import io.sparkdtrain.examples.bench.BenchReport;
import io.sparkdtrain.examples.bench.BenchTables;
import io.sparkdtrain.examples.bench.GapMath;
import io.sparkdtrain.examples.bench.GapPoint;
import io.sparkdtrain.examples.bench.MachineInfo;
import io.sparkdtrain.examples.bench.MethodRun;
import io.sparkdtrain.examples.bench.MethodSummary;
import io.sparkdtrain.examples.bench.MllibGradientDescent;
import io.sparkdtrain.examples.bench.MllibLbfgs;
import io.sparkdtrain.examples.bench.Sweep;
import io.sparkdtrain.objective.Losses;
import io.sparkdtrain.objective.MarginLoss;
import io.sparkdtrain.objective.ModelShape;
import io.sparkdtrain.objective.Objective;
import io.sparkdtrain.objective.Regularization;
import io.sparkdtrain.spark.SparkConfigs;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scala.Tuple2;

/**
 * {@code dtrain bench}: MLlib's optimisers and our strategies side by side on one problem (L2
 * logistic regression), in one SparkSession on the same cached data. The optimum {@code F*} comes
 * from a long MLlib L-BFGS run; each method reports its time and rounds to each relative gap, its
 * per-round cost and its test accuracy, repeated and summarised (median, min, max).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Benchmark MLlib L-BFGS, MLlib GradientDescent and dtrain strategies side by side "
        + "(time to relative objective gap); print a markdown table, optionally write markdown and JSON.")
final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
      description = "Spark master (default ${DEFAULT-VALUE}); spark-submit's --master wins when given.")
  String master;

  @Option(names = "--data", paramLabel = "PATH", required = true, description = "Training data: a LIBSVM file or directory.")
  String data;

  @Option(names = "--test", paramLabel = "PATH", description = "Held-out data in the same format (for accuracy).")
  String test;

  @Option(names = "--num-features", paramLabel = "N", defaultValue = "0",
      description = "Number of features. Default: inferred from --data.")
  int numFeatures;

  @Option(names = "--reg-param", paramLabel = "L", defaultValue = "1e-4",
      description = "L2 strength lambda in (lambda/2)||w||^2 (default ${DEFAULT-VALUE}).")
  double regParam;

  @Option(names = "--partitions", paramLabel = "P", defaultValue = "4", description = "Partitions of every cached copy (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--repeats", paramLabel = "R", defaultValue = "3", description = "Runs of each method (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--gaps", paramLabel = "G,G", defaultValue = "1e-2,1e-3",
      description = "Relative objective gaps (F-F*)/F* to time (default ${DEFAULT-VALUE}).")
  String gaps;

  @Option(names = "--methods", paramLabel = "M,M", defaultValue = "mllib-lbfgs,mllib-sgd,sync",
      description = "Method families or ids (default ${DEFAULT-VALUE}).")
  String methods;

  @Option(names = "--lbfgs-max-iter", paramLabel = "K", defaultValue = "60",
      description = "Largest maxIter of the L-BFGS sweep 1, 2, ..., K (default ${DEFAULT-VALUE}).")
  int lbfgsMaxIter;

  @Option(names = "--sgd-iterations", paramLabel = "K,K", defaultValue = "10,20,50,100,200",
      description = "numIterations of the MLlib GradientDescent sweep (default ${DEFAULT-VALUE}).")
  String sgdIterations;

  @Option(names = "--mini-batch-fraction", paramLabel = "F", defaultValue = "0.1",
      description = "Fraction of the mini-batch variants, in (0, 1) (default ${DEFAULT-VALUE}).")
  double miniBatchFraction;

  @Option(names = "--max-rounds", paramLabel = "R", defaultValue = "300",
      description = "Round limit of our strategies (default ${DEFAULT-VALUE}).")
  int maxRounds;

  @Option(names = "--optimum-max-iter", paramLabel = "K", defaultValue = "1000",
      description = "maxIter of the L-BFGS run that finds F* (tol 1e-12) (default ${DEFAULT-VALUE}).")
  int optimumMaxIter;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of our strategies (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--output-md", paramLabel = "FILE", description = "Write the markdown report here.")
  File outputMd;

  @Option(names = "--output-json", paramLabel = "FILE", description = "Write every raw number as JSON here.")
  File outputJson;

  @Override
  public Integer call() throws IOException {
    List<Double> gapList = GapMath.parseGaps(gaps);
    int[] sgdBudgets = Sweep.parseBudgets("--sgd-iterations", sgdIterations);
    validate();
    List<BenchMethod> selected = BenchMethods.select(List.of(methods.split(",")),
        new BenchMethods.Settings(lbfgsMaxIter, sgdBudgets, miniBatchFraction, maxRounds));
    String loadBefore = MachineInfo.loadAverage();
    long start = System.nanoTime();
    SparkSession spark = session();
    MarginLoss loss = Losses.byName("logistic", 2);
    TrainingData train = LibsvmInput.read(spark, data, numFeatures, partitions, loss);
    TrainingData testData = null;
    Dataset<Row> mllibTrain = null;
    JavaRDD<Tuple2<Object, Vector>> points = null;
    try {
      int d = train.numFeatures();
      testData = test == null ? null : LibsvmInput.read(spark, test, d, partitions, loss);
      mllibTrain = LibsvmInput.dataFrame(spark, data, d)
          .selectExpr("CAST(IF(label > 0, 1.0, 0.0) AS DOUBLE) AS label", "features")
          .repartition(partitions).persist(StorageLevel.MEMORY_ONLY());
      mllibTrain.count();
      points = MllibGradientDescent.withInterceptFeature(mllibTrain).persist(StorageLevel.MEMORY_ONLY());
      points.count();
      Objective objective = new Objective(loss, Regularization.l2(regParam), new ModelShape(d, 1, true));
      Evaluator evaluator = new Evaluator(objective, 2);
      log(start, "data: " + train + (testData == null ? "" : "; test " + testData.numRows() + " rows"));

      long t0 = System.nanoTime();
      LogisticRegressionModel opt = MllibLbfgs.fit(mllibTrain, regParam, optimumMaxIter, 1e-12);
      double optSeconds = (System.nanoTime() - t0) / 1e9;
      double[] wStar = MllibLbfgs.weights(opt);
      double fStar = evaluator.objective(train, wStar);
      Map<String, Object> optimum = new LinkedHashMap<>();
      optimum.put("objective", fStar);
      optimum.put("iterations", opt.summary().totalIterations());
      optimum.put("seconds", optSeconds);
      optimum.put("test_accuracy", testData == null ? null : evaluator.metrics(testData, wStar).accuracy());
      optimum.put("how", String.format(Locale.ROOT, "MLlib LogisticRegression, L-BFGS, %d iterations, tol 1e-12, "
          + "%.1f s; objective evaluated by dtrain's Evaluator%s", opt.summary().totalIterations(), optSeconds,
          testData == null ? "" : String.format(Locale.ROOT, "; its test accuracy %.4f", optimum.get("test_accuracy"))));
      log(start, "F* = " + fStar + " (" + optimum.get("how") + ")");

      BenchContext ctx = new BenchContext(spark, train, testData, mllibTrain, points, objective, evaluator,
          fStar, gapList, regParam, seed);
      Map<String, List<MethodRun>> runs = new LinkedHashMap<>();
      List<MethodRun> all = new ArrayList<>();
      for (int r = 1; r <= repeats; r++) {
        for (BenchMethod m : selected) { // repeats interleaved, so warm-up and drift spread over methods
          List<MethodRun> mine = runs.computeIfAbsent(m.id(), k -> new ArrayList<>());
          MethodRun run = m.run(ctx, r, mine.isEmpty() ? null : mine.get(0));
          mine.add(run);
          all.add(run);
          log(start, describe(m, run, fStar));
        }
      }
      List<MethodSummary> summaries = new ArrayList<>();
      for (BenchMethod m : selected) {
        summaries.add(MethodSummary.of(m, runs.get(m.id()), fStar));
      }
      String problem = String.format(Locale.ROOT, "L2 logistic regression on %s (%d rows, %d features, lambda %s, "
          + "%d partitions)", data, train.numRows(), d, BenchTables.sci(regParam), partitions);
      BenchReport report = new BenchReport(command(), MachineInfo.collect(spark.version(), spark.sparkContext().master()),
          problem, optimum, selected, summaries, all, loadBefore, MachineInfo.loadAverage(),
          (System.nanoTime() - start) / 1e9);
      System.out.println(BenchTables.gapTable(summaries, MllibLbfgs.ID).render());
      System.out.println(BenchTables.costTable(summaries).render());
      if (outputMd != null) {
        report.writeMarkdown(outputMd);
      }
      if (outputJson != null) {
        report.writeJson(outputJson);
      }
      return 0;
    } finally {
      if (points != null) {
        points.unpersist(false);
      }
      if (mllibTrain != null) {
        mllibTrain.unpersist(false);
      }
      if (testData != null) {
        testData.close();
      }
      train.close();
    }
  }

  private void validate() {
    Checks.require(regParam >= 0 && Double.isFinite(regParam), "--reg-param", regParam, "must be finite and >= 0");
    Checks.require(numFeatures >= 0, "--num-features", numFeatures, "must be >= 1");
    Checks.require(partitions >= 1, "--partitions", partitions, "must be >= 1");
    Checks.require(repeats >= 1, "--repeats", repeats, "must be >= 1");
    Checks.require(lbfgsMaxIter >= 1, "--lbfgs-max-iter", lbfgsMaxIter, "must be >= 1");
    Checks.require(miniBatchFraction > 0 && miniBatchFraction < 1, "--mini-batch-fraction", miniBatchFraction,
        "must be in (0, 1)");
    Checks.require(maxRounds >= 1, "--max-rounds", maxRounds, "must be >= 1");
    Checks.require(optimumMaxIter >= 1, "--optimum-max-iter", optimumMaxIter, "must be >= 1");
  }

  private static String describe(BenchMethod m, MethodRun run, double fStar) {
    StringBuilder sb = new StringBuilder(m.id() + " repeat " + run.repeat() + ":");
    for (GapPoint p : run.gaps()) {
      sb.append(' ').append(BenchTables.sci(p.gap())).append(' ');
      if (p.reached()) {
        sb.append(String.format(Locale.ROOT, "in %.3f s (%d rounds)", p.at().seconds(), p.at().rounds()));
      } else if (p.at() != null) {
        sb.append(String.format(Locale.ROOT, "not reached (gap %.2e after %d rounds)",
            GapMath.relativeGap(p.at().objective(), fStar), p.at().rounds()));
      } else {
        sb.append("failed");
      }
      sb.append(';');
    }
    sb.append(String.format(Locale.ROOT, " %.4f s/round", run.secondsPerRound()));
    return sb.toString();
  }

  private String command() {
    StringBuilder sb = new StringBuilder("spark-dtrain-examples/bin/dtrain"); // the arguments start with "bench"
    for (String a : spec.commandLine().getParseResult().originalArgs()) {
      sb.append(' ').append(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }

  private static void log(long start, String message) {
    System.err.printf(Locale.ROOT, "[bench %6.1fs] %s%n", (System.nanoTime() - start) / 1e9, message);
  }

  private SparkSession session() {
    SparkConf conf = SparkConfigs.applyKryo(new SparkConf(), false);
    if (!conf.contains("spark.master")) {
      conf.setMaster(master);
    }
    if (!conf.contains("spark.app.name")) {
      conf.setAppName("dtrain bench");
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
