package io.sparkdtrain.examples;

import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.Evaluator;
import io.sparkdtrain.examples.bench.BenchContext;
import io.sparkdtrain.examples.bench.BenchMethod;
import io.sparkdtrain.examples.bench.EpochTimed;
import io.sparkdtrain.examples.bench.MachineInfo;
import io.sparkdtrain.examples.bench.MarkdownTable;
import io.sparkdtrain.examples.bench.ScalingFit;
import io.sparkdtrain.examples.bench.Spread;
import io.sparkdtrain.model.linear.Losses;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code dtrain bench --scaling 1,2,4,8}: time per epoch of each selected method on generated data
 * whose rows grow by the given multipliers at a fixed number of non-zeros per row, repeated
 * {@code --repeats} times (median, min, max), and the exponent of time against nnz fitted by
 * log-log least squares ({@link ScalingFit}); 1 is linear. Each method first runs one untimed round
 * on the smallest size (warm-up). MLlib methods are skipped (they are not {@link EpochTimed}).
 */
final class ScalingCommand {
  private ScalingCommand() {}

  static int run(BenchCommand c, List<BenchMethod> selected, SyntheticData.Spec base) throws IOException {
    Checks.require(base != null, "--data", c.data, "the scaling sweep needs generated data: gen:ROWSxFEATURESxNNZ");
    int[] multipliers = io.sparkdtrain.examples.bench.Sweep.parseBudgets("--scaling", c.scaling);
    Checks.require(multipliers.length >= 2, "--scaling", c.scaling, "needs at least two multipliers");
    List<BenchMethod> timed = selected.stream().filter(m -> m instanceof EpochTimed).toList();
    Checks.require(!timed.isEmpty(), "--methods", c.methods, "name at least one of our strategies or plain");
    String loadBefore = MachineInfo.loadAverage();
    long start = System.nanoTime();
    SparkSession spark = c.session();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    MarginLoss loss = Losses.byName("logistic", 2);
    Map<String, double[][]> seconds = new LinkedHashMap<>(); // method -> [multiplier][repeat]
    timed.forEach(m -> seconds.put(m.id(), new double[multipliers.length][c.repeats]));
    double[] nnz = new double[multipliers.length];
    long[] rows = new long[multipliers.length];
    for (int i = 0; i < multipliers.length; i++) {
      SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(base.rows() * multipliers[i], base.numFeatures(),
          base.nnzPerRow(), base.seed());
      try (TrainingData train = SyntheticData.train(sc, spec, c.partitions, loss)) {
        rows[i] = train.numRows();
        nnz[i] = train.stats().nnz();
        Objective objective = new Objective(loss, Regularization.l2(c.regParam), new ModelShape(spec.numFeatures(), 1, true));
        BenchContext ctx = new BenchContext(spark, train, null, null, null, objective, new Evaluator(objective, 2),
            Double.NaN, List.of(1e-2), c.regParam, c.seed);
        BenchCommand.log(start, "scaling x" + multipliers[i] + ": " + train);
        if (i == 0) { // warm-up (JIT, Spark's first jobs), discarded, so the smallest size is not penalised
          for (BenchMethod m : timed) {
            ((EpochTimed) m).secondsPerEpoch(ctx, 1);
          }
        }
        for (int r = 0; r < c.repeats; r++) {
          for (BenchMethod m : timed) {
            double s = ((EpochTimed) m).secondsPerEpoch(ctx, c.scalingRounds);
            seconds.get(m.id())[i][r] = s;
            BenchCommand.log(start, String.format(Locale.ROOT, "  %s repeat %d: %.4f s per epoch", m.id(), r + 1, s));
          }
        }
      }
    }
    MarkdownTable table = table(timed, multipliers, rows, seconds, nnz);
    String loadAfter = MachineInfo.loadAverage();
    double total = (System.nanoTime() - start) / 1e9;
    System.out.println(table.render());
    if (c.outputMd != null) {
      StringBuilder sb = new StringBuilder();
      sb.append("## Scaling: time per epoch as rows grow (").append(base.nnzPerRow()).append(" non-zeros per row, ")
          .append(base.numFeatures()).append(" features)\n\nCommand:\n\n```\n").append(c.command()).append("\n```\n\n");
      sb.append("Machine:\n\n").append(MachineInfo.collect(spark.version(), spark.sparkContext().master()).markdown());
      sb.append("- Load average (1, 5, 15 min): ").append(loadBefore).append(" before, ").append(loadAfter)
          .append(String.format(Locale.ROOT, " after; the sweep took %.0f s%n%n", total));
      sb.append(table.render()).append('\n');
      ReportFiles.writeText(c.outputMd, sb, "--output-md");
    }
    if (c.outputJson != null) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("command", c.command());
      json.put("load_average_before", loadBefore);
      json.put("load_average_after", loadAfter);
      json.put("multipliers", multipliers);
      json.put("rows", rows);
      json.put("nnz", nnz);
      json.put("seconds_per_epoch", seconds);
      ReportFiles.writeJson(c.outputJson, json, "--output-json");
    }
    return 0;
  }

  static MarkdownTable table(List<BenchMethod> methods, int[] multipliers, long[] rows, Map<String, double[][]> seconds,
                             double[] nnz) {
    List<String> header = new ArrayList<>(List.of("Method"));
    for (int i = 0; i < multipliers.length; i++) {
      header.add(String.format(Locale.ROOT, "%dx (%d rows), s/epoch", multipliers[i], rows[i]));
    }
    header.add("Exponent (time ~ nnz^b)");
    MarkdownTable t = new MarkdownTable(header.toArray(new String[0]));
    for (BenchMethod m : methods) {
      List<String> row = new ArrayList<>(List.of(m.label()));
      double[] medians = new double[multipliers.length];
      for (int i = 0; i < multipliers.length; i++) {
        Spread s = Spread.of(seconds.get(m.id())[i]);
        medians[i] = s.median();
        row.add(String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", s.median(), s.min(), s.max()));
      }
      row.add(String.format(Locale.ROOT, "%.2f", ScalingFit.exponent(nnz, medians)));
      t.row(row.toArray(new String[0]));
    }
    return t;
  }
}
