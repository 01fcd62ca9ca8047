package io.sparkdtrain.testing;

import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;

/**
 * The real a9a data set ({@code ../shared/data/a9a}: 123 features, labels -1/+1) as the strategies'
 * a9a tests use it: read into a given number of partitions, the L2 logistic objective with an
 * intercept, and its reference optimum from MLlib ({@link MllibReference}).
 */
public final class A9a {
  /** The number of features of a9a. */
  public static final int FEATURES = 123;

  private A9a() {}

  /**
   * One of the LIBSVM files, cached as blocks.
   *
   * @param file "a9a" (training) or "a9a.t" (test)
   */
  public static TrainingData read(String file, int partitions) {
    return LibsvmInput.read(SharedSpark.session(), SharedSpark.data("a9a/" + file), FEATURES, partitions,
        new LogisticLoss());
  }

  /** L2 logistic regression with strength {@code lambda} and an intercept. */
  public static Objective objective(double lambda) {
    return new Objective(new LogisticLoss(), Regularization.l2(lambda), new ModelShape(FEATURES, 1, true));
  }

  /** {@code objective} (strength {@code lambda}) at MLlib's optimum of the training file, over {@code train}. */
  public static double mllibOptimum(double lambda, Objective objective, TrainingData train) {
    return MllibReference.optimum(SharedSpark.data("a9a/a9a"), FEATURES, lambda, objective, train);
  }
}
