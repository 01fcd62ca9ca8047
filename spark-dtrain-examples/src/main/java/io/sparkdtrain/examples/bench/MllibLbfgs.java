package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.Evaluator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * MLlib's {@code LogisticRegression} (L-BFGS) with the benchmark's objective: {@code regParam =
 * lambda}, {@code elasticNetParam = 0}, {@code standardization = false}, an unregularised intercept.
 * MLlib reports no per-iteration timing, so this is a {@link Sweep}: fits with {@code maxIter = 1, 2,
 * 3, ...} on the cached DataFrame, each timed from {@code fit} to the returned model; the time to a
 * gap is the time of the first fit whose model reaches it. L-BFGS is deterministic, so later repeats
 * re-time only those fits. Each fit pays MLlib's set-up (a summary pass over the data) again, as a
 * user of {@code fit} would.
 */
public final class MllibLbfgs extends NamedBenchMethod {
  /** The id and family name. */
  public static final String ID = "mllib-lbfgs";
  private final int maxIter;

  /** Sweeps {@code maxIter} from 1 up to {@code maxIter} at most (stopping once every gap is reached). */
  public MllibLbfgs(int maxIter) {
    super(ID, ID, "MLlib LogisticRegression (L-BFGS)");
    if (maxIter < 1) {
      throw new IllegalArgumentException("Cannot set maxIter to " + maxIter + ", the value must be >= 1");
    }
    this.maxIter = maxIter;
  }

  @Override
  public String settings() {
    return "maxIter swept 1.." + maxIter + ", tol 1e-6 (default), standardization off";
  }

  @Override
  public MethodRun run(BenchContext ctx, int repeat, MethodRun first) {
    Sweep.Fit fit = k -> {
      long t0 = System.nanoTime();
      LogisticRegressionModel model = fit(ctx.mllibTrain(), ctx.regParam(), k, 1e-6);
      double seconds = (System.nanoTime() - t0) / 1e9;
      return ctx.checkpoint(k, model.summary().totalIterations(), seconds, weights(model), -1);
    };
    List<Checkpoint> points = first == null
        ? Sweep.scan(Sweep.upTo(maxIter), fit, ctx.fStar(), ctx.gaps())
        : Sweep.run(Sweep.retimeBudgets(first.trace(), ctx.fStar(), ctx.gaps()), fit);
    return MethodRun.fromCheckpoints(ID, repeat, points, ctx.fStar(), ctx.gaps(), Sweep.secondsPerRound(points));
  }

  /** A binomial L2 fit on {@code label} (0/1) and {@code features}, no standardisation, with intercept. */
  public static LogisticRegressionModel fit(Dataset<Row> df, double regParam, int maxIter, double tol) {
    return new LogisticRegression().setRegParam(regParam).setElasticNetParam(0.0)
        .setStandardization(false).setFitIntercept(true).setFamily("binomial")
        .setMaxIter(maxIter).setTol(tol).fit(df);
  }

  /** The model in our layout: the coefficients followed by the intercept. */
  /**
   * The optimum F*: MLlib L-BFGS run long ({@code maxIter}, tol 1e-12) on {@code mllibTrain}, its
   * model's objective as dtrain's {@code evaluator} computes it on {@code train}; with how it was
   * found, the iterations, seconds and (when {@code test} is given) the model's test accuracy.
   */
  public static Map<String, Object> optimum(Dataset<Row> mllibTrain, double regParam, int maxIter,
                                            Evaluator evaluator, TrainingData train, TrainingData test) {
    long t0 = System.nanoTime();
    LogisticRegressionModel opt = fit(mllibTrain, regParam, maxIter, 1e-12);
    double optSeconds = (System.nanoTime() - t0) / 1e9;
    double[] wStar = weights(opt);
    Map<String, Object> optimum = new LinkedHashMap<>();
    optimum.put("objective", evaluator.objective(train, wStar));
    optimum.put("iterations", opt.summary().totalIterations());
    optimum.put("seconds", optSeconds);
    optimum.put("test_accuracy", test == null ? null : evaluator.metrics(test, wStar).accuracy());
    optimum.put("how", String.format(Locale.ROOT, "MLlib LogisticRegression, L-BFGS, %d iterations, tol 1e-12, "
        + "%.1f s; objective evaluated by dtrain's Evaluator%s", opt.summary().totalIterations(), optSeconds,
        test == null ? "" : String.format(Locale.ROOT, "; its test accuracy %.4f", optimum.get("test_accuracy"))));
    return optimum;
  }

  /** A known optimum ({@code --optimum}), recorded as not computed in this run. */
  public static Map<String, Object> givenOptimum(double fStar) {
    Map<String, Object> optimum = new LinkedHashMap<>();
    optimum.put("objective", fStar);
    optimum.put("how", "given with --optimum, not computed in this run");
    return optimum;
  }

  public static double[] weights(LogisticRegressionModel model) {
    double[] c = model.coefficients().toArray();
    double[] w = new double[c.length + 1];
    System.arraycopy(c, 0, w, 0, c.length);
    w[c.length] = model.intercept();
    return w;
  }

  @Override
  public String toString() {
    return "MllibLbfgs(maxIter=" + maxIter + ")";
  }
}
