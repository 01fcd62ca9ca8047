package io.sparkdtrain.examples;

import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.Evaluator;
import io.sparkdtrain.examples.bench.BenchChart;
import io.sparkdtrain.examples.bench.BenchContext;
import io.sparkdtrain.examples.bench.BenchData;
import io.sparkdtrain.examples.bench.BenchMethod;
import io.sparkdtrain.examples.bench.BenchMethods;
import io.sparkdtrain.examples.bench.BenchReport;
import io.sparkdtrain.examples.bench.BenchTables;
import io.sparkdtrain.examples.bench.GapMath;
import io.sparkdtrain.examples.bench.InnerLoops;
import io.sparkdtrain.examples.bench.MachineInfo;
import io.sparkdtrain.examples.bench.MethodRun;
import io.sparkdtrain.examples.bench.MethodSummary;
import io.sparkdtrain.examples.bench.MllibGradientDescent;
import io.sparkdtrain.examples.bench.MllibLbfgs;
import io.sparkdtrain.examples.bench.Sweep;
import io.sparkdtrain.model.linear.Losses;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin
  MasterOption masterOption = new MasterOption("local[2]");

  @Option(names = "--data", paramLabel = "PATH", required = true,
      description = "Training data: a LIBSVM file or directory, or gen:ROWSxFEATURESxNNZ for seeded sparse binary "
          + "data from a planted logistic model (k and m suffixes: gen:200kx100kx50).")
  String data;

  @Option(names = "--gen-test-rows", paramLabel = "N", defaultValue = "10000",
      description = "Test rows of generated data (default ${DEFAULT-VALUE}; 0 = none).")
  long genTestRows;

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

  @Option(names = "--methods", paramLabel = "M,M",
      defaultValue = "mllib-lbfgs,mllib-sgd,plain,sync,local,async,hogwild,fedavg",
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

  @Option(names = "--sync-step-size", paramLabel = "S", defaultValue = "1.0",
      description = "Learning rate of synchronous SGD, constant, Nesterov momentum 0.9 (default ${DEFAULT-VALUE}).")
  double syncStepSize;

  @Option(names = "--step-size", paramLabel = "S", defaultValue = "1.0",
      description = "Learning rate of Local SGD and FedAvg; FedAvg's halves every 20 rounds (default ${DEFAULT-VALUE}).")
  double stepSize;

  @Option(names = "--batch-size", paramLabel = "B", defaultValue = "32",
      description = "Local mini-batch of Local SGD (H=16), async and FedAvg (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--local-tuned", paramLabel = "H,B,SCHEDULE", defaultValue = "16,32,step:0.5:240",
      description = "The tuned Local SGD: local steps, batch, learning-rate schedule (default ${DEFAULT-VALUE}).")
  String localTuned;

  @Option(names = "--async-step-size", paramLabel = "S", defaultValue = "0.1",
      description = "Learning rate of the async workers (default ${DEFAULT-VALUE}).")
  double asyncStepSize;

  @Option(names = "--hogwild-step-size", paramLabel = "S", defaultValue = "0.5",
      description = "Learning rate of Hogwild!, times --hogwild-decay per round (default ${DEFAULT-VALUE}).")
  double hogwildStepSize;

  @Option(names = "--hogwild-decay", paramLabel = "D", defaultValue = "0.8",
      description = "Hogwild!'s learning-rate factor per round, in (0, 1] (default ${DEFAULT-VALUE}).")
  double hogwildDecay;

  @Option(names = "--hogwild-fraction", paramLabel = "F", defaultValue = "1",
      description = "Fraction of each partition's rows one Hogwild! round visits, in (0, 1]; below 1 the run is "
          + "evaluated more often than once an epoch (default ${DEFAULT-VALUE}: a round is an epoch).")
  double hogwildFraction;

  @Option(names = "--plain-step-size", paramLabel = "ETA0", defaultValue = "0.1",
      description = "Initial learning rate of the plain single-thread loop (default ${DEFAULT-VALUE}).")
  double plainStepSize;

  @Option(names = "--plain-decay", paramLabel = "D", defaultValue = "0.5",
      description = "The plain loop's learning-rate factor per epoch, applied continuously, in (0, 1] "
          + "(default ${DEFAULT-VALUE}).")
  double plainDecay;

  @Option(names = "--plain-epochs", paramLabel = "E", defaultValue = "20",
      description = "Epoch limit of the plain single-thread loop (default ${DEFAULT-VALUE}).")
  int plainEpochs;

  @Option(names = "--chart-dir", paramLabel = "DIR",
      description = "Write the gap-vs-time chart (PNG and SVG) into this folder.")
  File chartDir;

  @Option(names = "--scaling", paramLabel = "M,M",
      description = "Scaling sweep instead of the gap benchmark: time per epoch of each method (--methods) on "
          + "generated data (--data gen:...) with its rows multiplied by each M (e.g. 1,2,4,8), fixed nnz per row; "
          + "fits the exponent of time against nnz.")
  String scaling;

  @Option(names = "--scaling-rounds", paramLabel = "R", defaultValue = "3",
      description = "Rounds (epochs for the plain loop) per method and size in the scaling sweep (default ${DEFAULT-VALUE}).")
  int scalingRounds;

  @Option(names = "--optimum-max-iter", paramLabel = "K", defaultValue = "1000",
      description = "maxIter of the L-BFGS run that finds F* (tol 1e-12) (default ${DEFAULT-VALUE}).")
  int optimumMaxIter;

  @Option(names = "--optimum", paramLabel = "F",
      description = "Use this F* instead of computing it with a long L-BFGS run (for quick tuning runs; the report "
          + "says so).")
  Double knownOptimum;

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
        new BenchMethods.Settings(lbfgsMaxIter, sgdBudgets, miniBatchFraction, maxRounds, syncStepSize, stepSize,
            batchSize,
            localTuned, asyncStepSize, hogwildStepSize, hogwildDecay, hogwildFraction, plainStepSize, plainDecay, plainEpochs));
    SyntheticData.Spec gen = BenchData.generated(data, seed);
    if (scaling != null) {
      return ScalingCommand.run(this, selected, gen);
    }
    String loadBefore = MachineInfo.loadAverage();
    long start = System.nanoTime();
    SparkSession spark = session();
    MarginLoss loss = Losses.byName("logistic", 2);
    TrainingData train = BenchData.train(spark, data, gen, numFeatures, partitions, loss);
    TrainingData testData = null;
    Dataset<Row> mllibTrain = null;
    JavaRDD<Tuple2<Object, Vector>> points = null;
    try {
      int d = train.numFeatures();
      testData = BenchData.test(spark, test, gen, genTestRows, d, partitions, loss);
      // MLlib's copies only when something uses them (L-BFGS for F*, the MLlib methods)
      if (knownOptimum == null || selected.stream().anyMatch(m -> m.family().startsWith("mllib"))) {
        mllibTrain = BenchData.mllibFrame(spark, data, gen, train)
            .repartition(partitions).persist(StorageLevel.MEMORY_ONLY());
        mllibTrain.count();
      }
      if (selected.stream().anyMatch(m -> m.family().equals(MllibGradientDescent.FAMILY))) {
        points = MllibGradientDescent.withInterceptFeature(mllibTrain).persist(StorageLevel.MEMORY_ONLY());
        points.count();
      }
      Objective objective = new Objective(loss, Regularization.l2(regParam), new ModelShape(d, 1, true));
      Evaluator evaluator = new Evaluator(objective, 2);
      log(start, "data: " + train + (testData == null ? "" : "; test " + testData.numRows() + " rows"));
      Map<String, Object> memory = BenchData.memory(spark, train, points == null ? -1 : points.id(),
          testData == null ? List.of() : List.of(testData.blocks().id()));
      log(start, "memory: " + memory);

      Map<String, Object> optimum = knownOptimum != null ? MllibLbfgs.givenOptimum(knownOptimum)
          : MllibLbfgs.optimum(mllibTrain, regParam, optimumMaxIter, evaluator, train, testData);
      double fStar = (Double) optimum.get("objective");
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
          log(start, run.describe(fStar));
        }
      }
      List<MethodSummary> summaries = new ArrayList<>();
      for (BenchMethod m : selected) {
        summaries.add(MethodSummary.of(m, runs.get(m.id()), fStar));
      }
      String problem = String.format(Locale.ROOT, "L2 logistic regression on %s (%d rows, %d features, %d non-zeros, "
          + "lambda %s, %d partitions)", data, train.numRows(), d, train.stats().nnz(), BenchTables.sci(regParam),
          partitions);
      InnerLoops inner = InnerLoops.whenBenchmarked(selected, train, objective, regParam,
          BenchMethods.parseLocalTuned(localTuned), batchSize, repeats, seed);
      BenchReport report = new BenchReport(command(), MachineInfo.collect(spark.version(), spark.sparkContext().master()),
          problem, optimum, selected, summaries, all, loadBefore, MachineInfo.loadAverage(),
          (System.nanoTime() - start) / 1e9, memory, inner);
      System.out.println(BenchTables.gapTable(summaries, MllibLbfgs.ID).render());
      System.out.println(BenchTables.costTable(summaries).render());
      if (inner != null) {
        System.out.println(inner.markdown());
      }
      if (chartDir != null) {
        String name = "gap-vs-time-" + dataName();
        BenchChart.gapVsTime(name, "Relative objective gap vs training time: " + dataName()
            + " (repeat 1 of each method)", selected, all, fStar).write(chartDir.toPath());
        log(start, "chart: " + chartDir.toPath().resolve(name + ".png"));
      }
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

  /** A file-name-safe short name of the data ("a9a", "gen-200kx100kx50"). */
  String dataName() {
    String n = data.startsWith("gen:") ? "gen-" + data.substring(4) : new File(data).getName();
    return n.replaceAll("\\.(libsvm|gz|txt)", "").replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private void validate() {
    Checks.atLeast("--gen-test-rows", genTestRows, 0);
    Checks.finitePositive("--step-size", stepSize);
    Checks.finitePositive("--sync-step-size", syncStepSize);
    Checks.atLeast("--batch-size", batchSize, 1);
    Checks.finitePositive("--async-step-size", asyncStepSize);
    Checks.finitePositive("--hogwild-step-size", hogwildStepSize);
    Checks.inOpenClosedUnit("--hogwild-decay", hogwildDecay);
    Checks.inOpenClosedUnit("--hogwild-fraction", hogwildFraction);
    Checks.finitePositive("--plain-step-size", plainStepSize);
    Checks.inOpenClosedUnit("--plain-decay", plainDecay);
    Checks.atLeast("--plain-epochs", plainEpochs, 1);
    Checks.atLeast("--scaling-rounds", scalingRounds, 1);
    BenchMethods.parseLocalTuned(localTuned);
    Checks.finiteNonNegative("--reg-param", regParam);
    Checks.require(numFeatures >= 0, "--num-features", numFeatures, "must be >= 1");
    Checks.atLeast("--partitions", partitions, 1);
    Checks.atLeast("--repeats", repeats, 1);
    Checks.atLeast("--lbfgs-max-iter", lbfgsMaxIter, 1);
    Checks.require(miniBatchFraction > 0 && miniBatchFraction < 1, "--mini-batch-fraction", miniBatchFraction,
        "must be in (0, 1)");
    Checks.atLeast("--max-rounds", maxRounds, 1);
    Checks.atLeast("--optimum-max-iter", optimumMaxIter, 1);
  }

  String command() {
    StringBuilder sb = new StringBuilder("spark-dtrain-examples/bin/dtrain"); // the arguments start with "bench"
    for (String a : spec.commandLine().getParseResult().originalArgs()) {
      sb.append(' ').append(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }

  static void log(long start, String message) {
    System.err.printf(Locale.ROOT, "[bench %6.1fs] %s%n", (System.nanoTime() - start) / 1e9, message);
  }

  SparkSession session() {
    return masterOption.session("dtrain bench");
  }
}
