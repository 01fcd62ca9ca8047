package io.sparkdtrain.engine;

import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.straggler.StragglerModel;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Everything a strategy needs for one run: Spark, the cached training (and optional test) data,
 * the objective, the shared settings, the initial model, a listener and the straggler scenario.
 * Built by the caller (command line, Estimator, test); strategies do not own the data and do not
 * close it.
 *
 * @param test held-out data, or {@code null}
 * @param initialWeights starting model ({@code null} = zeros)
 * @param stragglers the injected straggler scenario every strategy honours ({@code null} =
 *     {@link StragglerModel#NONE})
 */
public record TrainingContext(JavaSparkContext sparkContext, TrainingData train, TrainingData test,
                              Objective objective, TrainingConfig config, double[] initialWeights,
                              TrainingListener listener, StragglerModel stragglers) {

  /** A context without injected stragglers ({@link StragglerModel#NONE}). */
  public TrainingContext(JavaSparkContext sparkContext, TrainingData train, TrainingData test,
                         Objective objective, TrainingConfig config, double[] initialWeights,
                         TrainingListener listener) {
    this(sparkContext, train, test, objective, config, initialWeights, listener, StragglerModel.NONE);
  }

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
    if (stragglers == null) {
      stragglers = StragglerModel.NONE;
    }
  }

  /** This context with another listener (everything else kept, the straggler scenario included). */
  public TrainingContext withListener(TrainingListener other) {
    return new TrainingContext(sparkContext, train, test, objective, config, initialWeights, other, stragglers);
  }

  /** This context with another straggler scenario. */
  public TrainingContext withStragglers(StragglerModel other) {
    return new TrainingContext(sparkContext, train, test, objective, config, initialWeights, listener, other);
  }

  /** A fresh copy of the starting model. */
  public double[] startingWeights() {
    return initialWeights == null ? new double[objective.shape().dimension()] : initialWeights.clone();
  }
}
