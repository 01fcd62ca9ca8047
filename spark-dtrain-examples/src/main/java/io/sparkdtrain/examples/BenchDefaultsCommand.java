package io.sparkdtrain.examples;

import io.sparkdtrain.examples.bench.DefaultsData;
import io.sparkdtrain.examples.bench.MachineInfo;
import io.sparkdtrain.ml.DtrainClassificationModel;
import io.sparkdtrain.ml.DtrainClassifier;
import io.sparkdtrain.strategy.sync.SyncOptimizerDefault;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dtrain bench-defaults}: the "defaults" table of docs/benchmarks.md. For every data set, MLlib's
 * {@code LogisticRegression} with its defaults, then every strategy through {@link DtrainClassifier}
 * with its defaults (only the strategy set, and {@code objective = softmax} for more than two
 * classes), in the same run: test AUC (binary) or accuracy (multiclass), and the final training
 * objective's gap to MLlib's (both minimise the unregularised mean log-loss, regParam 0 being both
 * defaults). A cell misses when the metric is more than 0.01 below MLlib's, diverges when the objective
 * ends above the zero model's ln K.
 */
@Command(name = "bench-defaults", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Every strategy with default settings next to MLlib's LogisticRegression with its defaults;"
        + " prints the markdown table of docs/benchmarks.md (\"defaults\").")
final class BenchDefaultsCommand implements Callable<Integer> {

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--data-dir", defaultValue = "../shared/data",
      description = "The real data sets' folder (default ${DEFAULT-VALUE}).")
  String dataDir;

  @Option(names = "--fashion-mnist-dir", defaultValue = "/usr/share/datasets/fashion-mnist",
      description = "Fashion-MNIST IDX files (apt-get install dataset-fashion-mnist; default ${DEFAULT-VALUE}).")
  String fashionDir;

  @Option(names = "--sets", split = ",", defaultValue = "a9a,a9a-std,news20,dna,fashion-mnist,imbalanced",
      description = "Data sets (default ${DEFAULT-VALUE}).")
  List<String> sets;

  @Option(names = "--strategies", split = ",", defaultValue = "sync,local,async,hogwild,fedavg",
      description = "Strategies (default ${DEFAULT-VALUE}).")
  List<String> strategies;

  @Option(names = "--max-rounds", paramLabel = "R", defaultValue = "0",
      description = "Rounds of every strategy (default 0 = the Estimators' default, 100).")
  int maxRounds;

  @Option(names = "--sync-optimizer", paramLabel = "NAME", defaultValue = SyncOptimizerDefault.AUTO,
      description = "The sync column's optimizer: auto (the Estimator's default, L-BFGS on these smooth full-batch"
          + " sets), sgd or lbfgs (default ${DEFAULT-VALUE}).")
  String syncOptimizer;

  @Option(names = "--fashion-mnist-rows", paramLabel = "N", defaultValue = "60000",
      description = "Training images of Fashion-MNIST used (default ${DEFAULT-VALUE}, all).")
  int fashionRows;

  @Option(names = "--imbalanced-rows", paramLabel = "N", defaultValue = "20000",
      description = "Training rows of the generated imbalanced set, 3%% positives (default ${DEFAULT-VALUE}).")
  int imbalancedRows;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the table here.")
  File out;

  @Override
  public Integer call() throws IOException {
    Checks.require(maxRounds >= 0, "--max-rounds", maxRounds, "must be >= 1 (or 0 = the default)");
    Checks.atLeast("--fashion-mnist-rows", fashionRows, 1);
    Checks.require(syncOptimizer.equals(SyncOptimizerDefault.AUTO) || syncOptimizer.equals("sgd")
        || syncOptimizer.equals("lbfgs"), "--sync-optimizer", syncOptimizer, "must be auto, sgd or lbfgs");
    Checks.atLeast("--imbalanced-rows", imbalancedRows, 100);
    SparkSession spark = Sessions.session(master, "dtrain bench-defaults");
    long start = System.nanoTime();
    StringBuilder table = new StringBuilder();
    table.append("| data (train/test rows, metric) | MLlib LR defaults |");
    for (String s : strategies) {
      table.append(' ').append(s).append(" |");
    }
    table.append("\n|---|---|").append("---|".repeat(strategies.size())).append('\n');
    List<String> misses = new ArrayList<>();
    for (String set : sets) {
      DefaultsData d = DefaultsData.load(spark, set, dataDir, fashionDir, fashionRows, imbalancedRows);
      String metricName = d.classes() == 2 ? "AUC" : "accuracy";
      double zero = Math.log(d.classes());
      LogisticRegressionModel ref = new LogisticRegression().fit(d.train());
      double[] hist = ref.summary().objectiveHistory();
      double refObjective = hist[hist.length - 1];
      double refMetric = metric(d, ref.transform(d.test()));
      table.append(String.format(Locale.ROOT, "| %s (%d/%d, %s) | %.4f (obj %.4f) |", d.name(), d.train().count(),
          d.test().count(), metricName, refMetric, refObjective));
      System.err.printf(Locale.ROOT, "bench-defaults: %s MLlib %s %.4f objective %.4f%n", set, metricName, refMetric,
          refObjective);
      for (String s : strategies) {
        long t0 = System.nanoTime();
        DtrainClassifier clf = new DtrainClassifier().setStrategy(s);
        if (s.equals("sync") && !syncOptimizer.equals(SyncOptimizerDefault.AUTO)) {
          clf.setOptimizer(syncOptimizer);
        }
        if (d.classes() > 2) {
          clf.setObjective("softmax");
        }
        if (maxRounds > 0) {
          clf.setMaxRounds(maxRounds);
        }
        String cell;
        try {
          DtrainClassificationModel m = clf.fit(d.train());
          double objective = m.summary().finalObjective();
          double value = metric(d, m.transform(d.test()));
          boolean miss = value < refMetric - 0.01;
          boolean diverged = !(objective < zero);
          cell = String.format(Locale.ROOT, "%.4f (gap %+.4f)%s%s%s", value, objective - refObjective,
              miss ? " miss" : "", diverged ? " DIVERGED" : "", s.equals("sync") ? " " + m.summary().report()
                  .get("optimizer") + ", " + m.summary().totalRounds() + " rounds, " + m.summary().stopReason() : "");
          if (miss || diverged) {
            misses.add(set + "/" + s);
          }
        } catch (RuntimeException e) {
          cell = "failed: " + e.getMessage();
          misses.add(set + "/" + s);
        }
        System.err.printf(Locale.ROOT, "bench-defaults: %s %s %s (%.1f s)%n", set, s, cell, (System.nanoTime() - t0) / 1e9);
        table.append(' ').append(cell).append(" |");
      }
      table.append('\n');
      d.train().unpersist();
      d.test().unpersist();
    }
    MachineInfo machine = MachineInfo.collect(spark.version(), spark.sparkContext().master());
    table.append(String.format(Locale.ROOT, "%nMachine: %d CPUs (%s), %s, Java %s, Spark %s, master %s, %s;"
        + " run took %.0f s. Rounds: %s. sync's optimizer: %s. Cells: test metric (gap = final training objective minus MLlib's);"
        + " miss = more than 0.01 below MLlib; misses: %s.%n", machine.cpus(), machine.cpuModel(), machine.memory(),
        machine.javaVersion(), machine.sparkVersion(), machine.master(), machine.date(),
        (System.nanoTime() - start) / 1e9, maxRounds > 0 ? String.valueOf(maxRounds) : "default (100)", syncOptimizer,
        misses.isEmpty() ? "none" : String.join(", ", misses)));
    System.out.print(table);
    if (out != null) {
      ReportFiles.writeText(out, table, "--out");
    }
    return 0;
  }

  private static double metric(DefaultsData d, Dataset<Row> predictions) {
    if (d.classes() == 2) {
      return new BinaryClassificationEvaluator().setMetricName("areaUnderROC").evaluate(predictions);
    }
    return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
  }
}
