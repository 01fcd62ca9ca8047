package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.Evaluator;
import io.sparkdtrain.model.linear.Objective;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * What every method of one benchmark shares: the same training set, cached three ways (our blocks,
 * a DataFrame with 0/1 labels for {@code LogisticRegression}, an RDD of (label, features + constant 1)
 * for {@code GradientDescent}), the test set, the objective and its {@link Evaluator}, the optimum
 * {@code fStar} and the gaps. Every model is measured with the same evaluator.
 *
 * @param test held-out data, or {@code null}
 * @param mllibTrain cached DataFrame of {@code label} (0/1) and {@code features}
 * @param mllibPoints cached RDD of (0/1 label, features with a trailing constant-1 feature)
 */
public record BenchContext(SparkSession spark, TrainingData train, TrainingData test,
                           Dataset<Row> mllibTrain, JavaRDD<Tuple2<Object, Vector>> mllibPoints,
                           Objective objective, Evaluator evaluator, double fStar, List<Double> gaps,
                           double regParam, long seed) {

  public BenchContext {
    gaps = List.copyOf(gaps);
  }

  /** The Java Spark context. */
  public JavaSparkContext sparkContext() {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  /** The smallest gap (the one that takes longest to reach). */
  public double smallestGap() {
    return gaps.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  /** Evaluates {@code w} (training objective, test accuracy) into a checkpoint. */
  public Checkpoint checkpoint(int budget, long rounds, double seconds, double[] w, long bytes) {
    double f = evaluator.objective(train, w);
    double acc = test == null ? Double.NaN : evaluator.metrics(test, w).accuracy();
    return new Checkpoint(budget, rounds, seconds, f, acc, bytes);
  }
}
