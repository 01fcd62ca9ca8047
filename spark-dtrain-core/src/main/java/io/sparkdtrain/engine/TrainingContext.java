package io.sparkdtrain.engine;

import io.sparkdtrain.data.ExampleData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.straggler.StragglerModel;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Everything a strategy needs for one run: Spark, the cached training (and optional held-out) data,
 * the {@link Model}, the shared settings, the initial model, a listener and the straggler scenario.
 * Built by the caller (command line, Estimator, test); strategies do not own the data and do not
 * close it.
 *
 * <p>Any model: {@link #model()} with {@link #trainData()} / {@link #testData()} of the model's block
 * type (checked here), or typed through {@link #typed()}. Linear models keep their accessors
 * {@link #objective()}, {@link #train()} and {@link #test()}, which reject another model family by
 * name.
 *
 * @param testData held-out data, or {@code null}
 * @param initialWeights starting model ({@code null} = the model's {@link Model#initialParameters})
 * @param stragglers the injected straggler scenario every strategy honours ({@code null} =
 *     {@link StragglerModel#NONE})
 */
public record TrainingContext(JavaSparkContext sparkContext, ExampleData<?> trainData, ExampleData<?> testData,
                              Model<?> model, TrainingConfig config, double[] initialWeights,
                              TrainingListener listener, StragglerModel stragglers) {

  /** A linear model's context. */
  public TrainingContext(JavaSparkContext sparkContext, TrainingData train, TrainingData test,
                         Objective objective, TrainingConfig config, double[] initialWeights,
                         TrainingListener listener, StragglerModel stragglers) {
    this(sparkContext, (ExampleData<?>) train, test, (Model<?>) objective, config, initialWeights, listener,
        stragglers);
  }

  /** A linear model's context without injected stragglers ({@link StragglerModel#NONE}). */
  public TrainingContext(JavaSparkContext sparkContext, TrainingData train, TrainingData test,
                         Objective objective, TrainingConfig config, double[] initialWeights,
                         TrainingListener listener) {
    this(sparkContext, train, test, objective, config, initialWeights, listener, StragglerModel.NONE);
  }

  public TrainingContext {
    if (trainData.blockType() != model.blockType()) {
      throw new IllegalArgumentException("the " + model.family() + " model reads " + model.blockType().getSimpleName()
          + " blocks but the training data holds " + trainData.blockType().getSimpleName() + " blocks");
    }
    if (testData != null && testData.blockType() != model.blockType()) {
      throw new IllegalArgumentException("the " + model.family() + " model reads " + model.blockType().getSimpleName()
          + " blocks but the test data holds " + testData.blockType().getSimpleName() + " blocks");
    }
    if (model instanceof Objective objective) {
      if (((TrainingData) trainData).numFeatures() != objective.shape().numFeatures()) {
        throw new IllegalArgumentException("training data has " + ((TrainingData) trainData).numFeatures()
            + " features but the objective's model has " + objective.shape().numFeatures());
      }
      if (testData != null && ((TrainingData) testData).numFeatures() != objective.shape().numFeatures()) {
        throw new IllegalArgumentException("test data has " + ((TrainingData) testData).numFeatures()
            + " features but the model has " + objective.shape().numFeatures()
            + " (declare the same numFeatures for both)");
      }
    }
    if (initialWeights != null && initialWeights.length != model.dimension()) {
      throw new IllegalArgumentException("initial model has " + initialWeights.length
          + " parameters but " + (model instanceof Objective o ? o.shape() : model) + " needs " + model.dimension());
    }
    if (!Double.isNaN(config.targetAccuracy()) && testData == null) {
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

  /** The model and data with their common block type (checked by the constructor). */
  public record Typed<B extends ExampleBlock>(Model<B> model, ExampleData<B> train, ExampleData<B> test) {}

  /** {@link #model()}, {@link #trainData()} and {@link #testData()} typed by their block type. */
  @SuppressWarnings("unchecked")
  public <B extends ExampleBlock> Typed<B> typed() {
    return new Typed<>((Model<B>) model, (ExampleData<B>) trainData, (ExampleData<B>) testData);
  }

  /** The linear objective; throws {@link IllegalArgumentException} for another model family. */
  public Objective objective() {
    return linear("objective() is the linear model's (use model())");
  }

  /** The linear model's training data; throws for another model family. */
  public TrainingData train() {
    linear("train() is the linear model's data (use trainData())");
    return (TrainingData) trainData;
  }

  /** The linear model's held-out data ({@code null} if none); throws for another model family. */
  public TrainingData test() {
    linear("test() is the linear model's data (use testData())");
    return (TrainingData) testData;
  }

  private Objective linear(String what) {
    if (model instanceof Objective o) {
      return o;
    }
    throw new IllegalArgumentException(what + ", but the model is " + model.family() + " (" + model + ")");
  }

  /** This context with another listener (everything else kept, the straggler scenario included). */
  public TrainingContext withListener(TrainingListener other) {
    return new TrainingContext(sparkContext, trainData, testData, model, config, initialWeights, other, stragglers);
  }

  /** This context with another straggler scenario. */
  public TrainingContext withStragglers(StragglerModel other) {
    return new TrainingContext(sparkContext, trainData, testData, model, config, initialWeights, listener, other);
  }

  /** A fresh copy of the starting model. */
  public double[] startingWeights() {
    return initialWeights == null ? model.initialParameters(config.seed()) : initialWeights.clone();
  }
}
