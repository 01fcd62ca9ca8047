package io.sparkdtrain.engine;

import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.objective.Objective;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Everything a strategy needs for one run: Spark, the cached training (and optional test) data,
 * the objective, the shared settings, the initial model and a listener. Built by the caller
 * (command line, Estimator, test); strategies do not own the data and do not close it.
 *
 * @param test held-out data, or {@code null}
 * @param initialWeights starting model ({@code null} = zeros)
 */
public record TrainingContext(JavaSparkContext sparkContext, TrainingData train, TrainingData test,
                              Objective objective, TrainingConfig config, double[] initialWeights,
                              TrainingListener listener) {

  public TrainingContext {
    if (train.numFeatures() != objective.shape().numFeatures()) {
      throw new IllegalArgumentException("training data has " + train.numFeatures()
          + " features but the objective's model has " + objective.shape().numFeatures());
    }
    if (test != null && test.numFeatures() != objective.shape().numFeatures()) {
      throw new IllegalArgumentException("test data has " + test.numFeatures()
          + " features but the model has " + objective.shape().numFeatures()
          + " (declare the same numFeatures for both)");
    }
    if (initialWeights != null && initialWeights.length != objective.shape().dimension()) {
      throw new IllegalArgumentException("initial model has " + initialWeights.length
          + " parameters but " + objective.shape() + " needs " + objective.shape().dimension());
    }
    if (!Double.isNaN(config.targetAccuracy()) && test == null) {
      throw new IllegalArgumentException("targetAccuracy=" + config.targetAccuracy()
          + " needs held-out data, but no test set was given");
    }
    if (listener == null) {
      listener = TrainingListener.NONE;
    }
  }

  /** A fresh copy of the starting model. */
  public double[] startingWeights() {
    return initialWeights == null ? new double[objective.shape().dimension()] : initialWeights.clone();
  }
}
