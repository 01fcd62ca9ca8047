package io.sparkdtrain.examples.bench;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.SparseVector;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.GradientDescent;
import org.apache.spark.mllib.optimization.LogisticGradient;
import org.apache.spark.mllib.optimization.SquaredL2Updater;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * MLlib's {@code GradientDescent.runMiniBatchSGD} with {@code LogisticGradient} and
 * {@code SquaredL2Updater} (step {@code stepSize / sqrt(t)}, L2 {@code (lambda/2)||w||^2}) on
 * (label, features + constant 1): the appended feature is the intercept, which MLlib's updater
 * therefore also regularises (so its optimum differs slightly from {@code F*}). Convergence
 * tolerance 0, so every fit runs its {@code numIterations}. MLlib gives no per-iteration timing:
 * this is a {@link Sweep} over {@code numIterations}, deterministic (MLlib seeds its mini-batch
 * samples with {@code 42 + t}), re-timed in later repeats at the budgets that matter.
 */
public final class MllibGradientDescent extends MiniBatchMethod {
  /** The family name. */
  public static final String FAMILY = "mllib-sgd";
  private final double stepSize;
  private final int[] budgets;

  /**
   * @param stepSize MLlib's initial step size
   * @param fraction {@code miniBatchFraction}, in (0, 1]
   * @param budgets {@code numIterations} to sweep, increasing
   */
  public MllibGradientDescent(double stepSize, double fraction, int[] budgets) {
    super(FAMILY, "MLlib GradientDescent", checkedFraction(fraction));
    this.stepSize = stepSize;
    this.budgets = budgets.clone();
  }

  private static double checkedFraction(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("Cannot set miniBatchFraction to " + fraction + ", the value must be in (0, 1]");
    }
    return fraction;
  }

  @Override
  public String settings() {
    return "runMiniBatchSGD, stepSize " + stepSize + "/sqrt(t), miniBatchFraction " + fraction
        + ", numIterations swept " + Arrays.toString(budgets) + ", convergenceTol 0";
  }

  @Override
  public MethodRun run(BenchContext ctx, int repeat, MethodRun first) {
    int dim = ctx.objective().shape().dimension();
    Sweep.Fit fit = k -> {
      long t0 = System.nanoTime();
      Tuple2<Vector, double[]> r = GradientDescent.runMiniBatchSGD(ctx.mllibPoints().rdd(),
          new LogisticGradient(), new SquaredL2Updater(), stepSize, k, ctx.regParam(), fraction,
          Vectors.zeros(dim), 0.0);
      double seconds = (System.nanoTime() - t0) / 1e9;
      return ctx.checkpoint(k, r._2().length, seconds, r._1().toArray(), -1);
    };
    List<Checkpoint> points = first == null
        ? Sweep.scan(budgets, fit, ctx.fStar(), ctx.gaps())
        : Sweep.run(Sweep.retimeBudgets(first.trace(), ctx.fStar(), ctx.gaps()), fit);
    return MethodRun.fromCheckpoints(id(), repeat, points, ctx.fStar(), ctx.gaps(), Sweep.secondsPerRound(points));
  }

  /**
   * (label, features + a trailing constant 1) from a DataFrame of {@code label} and ML
   * {@code features}, for {@code runMiniBatchSGD}; not cached.
   */
  public static JavaRDD<Tuple2<Object, Vector>> withInterceptFeature(Dataset<Row> df) {
    return df.select("label", "features").javaRDD().map(row -> {
      double label = row.getDouble(0);
      org.apache.spark.ml.linalg.SparseVector x = ((org.apache.spark.ml.linalg.Vector) row.get(1)).toSparse();
      int nnz = x.indices().length;
      int[] idx = Arrays.copyOf(x.indices(), nnz + 1);
      double[] val = Arrays.copyOf(x.values(), nnz + 1);
      idx[nnz] = x.size();
      val[nnz] = 1.0;
      return new Tuple2<Object, Vector>(label, new SparseVector(x.size() + 1, idx, val));
    });
  }

  @Override
  public String toString() {
    return "MllibGradientDescent(stepSize=" + stepSize + ", fraction=" + fraction + ", budgets="
        + Arrays.toString(budgets) + ")";
  }
}
