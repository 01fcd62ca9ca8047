package io.sparkdtrain.ml;

import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.sync.SyncOptimizerDefault;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Instrumentation;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The {@code train} of {@link DtrainClassifier} and {@link DtrainRegressor} (MLlib's
 * {@code Predictor.fit} validates the schema, casts the label to double keeping its metadata, calls
 * {@code train}, then copies the Estimator's params to the model and sets it as parent): params,
 * then an immutable {@link TrainingConfig} and strategy, then the core trainer, then a model.
 *
 * <p>It caches the data once as {@link TrainingData} (labels checked against the objective), trains,
 * and always unpersists the cached data, also when training fails. It never changes the Estimator.
 */
final class LinearTrainer {
  private LinearTrainer() {}

  /** Creates the model of the concrete type from the trained weights (no params, parent or summary). */
  interface ModelFactory<M> {
    M create(double[] weights, ModelShape shape, MarginLoss loss, TrainingResult result);
  }

  /** Checks the input columns (label, features, weight) common to every Estimator. */
  static void validateInput(DtrainParams p, StructType schema) {
    Schemas.requireVector(schema, p.getFeaturesCol(), "featuresCol");
    Schemas.requireNumeric(schema, p.getLabelCol(), "labelCol");
    if (!p.getWeightCol().isEmpty()) {
      Schemas.requireNumeric(schema, p.getWeightCol(), "weightCol");
    }
  }

  /**
   * The shared settings these params stand for (validated by the config's builder), checkpoints
   * included: {@code checkpointDir} with {@code checkpointInterval} N writes one after every N
   * rounds, {@code resumeFromCheckpoint} starts from the newest one (see
   * {@link io.sparkdtrain.checkpoint.CheckpointStore}).
   */
  static TrainingConfig trainingConfig(DtrainLinearParams p) {
    String optimizer = optimizer(p);
    boolean sgd = optimizer.equals("sgd"); // momentum is sgd's only, as on the command line
    TrainingConfig.Builder b = TrainingConfig.builder().stepSize(p.getStepSize()).optimizer(optimizer)
        .momentum(sgd ? p.getMomentum() : 0)
        .learningRateSchedule(DefaultSettings.LEARNING_RATE_SCHEDULE)
        .maxRounds(p.getMaxRounds()).tolerance(p.getTol()).miniBatchFraction(p.getMiniBatchFraction())
        .seed(p.getSeed()).evaluateEvery(DefaultSettings.EVALUATE_EVERY);
    String dir = p.getCheckpointDir().trim();
    if (p.getResumeFromCheckpoint() && dir.isEmpty()) {
      throw new IllegalArgumentException("Cannot set resumeFromCheckpoint to true while checkpointDir is"
          + " empty: set checkpointDir to the directory of the checkpoints to resume from");
    }
    if (!dir.isEmpty()) {
      b.checkpointDir(dir).checkpointEvery(Math.max(0, p.getCheckpointInterval()))
          .resume(p.getResumeFromCheckpoint());
    }
    return b.build();
  }

  /**
   * The optimizer a fit uses: the {@code optimizer} param, or for {@code auto} the rule shared with the
   * command line ({@link SyncOptimizerDefault}; a regressor's objective is squared).
   */
  static String optimizer(DtrainLinearParams p) {
    String objective = p instanceof DtrainClassifierParams c ? c.getObjective() : "squared";
    return SyncOptimizerDefault.resolve(p.getOptimizer(), p.getStrategy(), true, objective, p.getRegType(),
        p.getMiniBatchFraction(), !Double.isNaN(p.getStepSize()));
  }

  /** An Estimator's {@code toString}: class, uid, strategy, rounds and step size. */
  static String describe(DtrainParams p) {
    return p.getClass().getSimpleName() + ": uid=" + p.uid() + ", strategy=" + p.getStrategy() + ", maxRounds="
        + p.getMaxRounds() + ", stepSize=" + p.getStepSize();
  }

  /**
   * The injected straggler scenario of {@code stragglers} and {@code stragglerDelay}, seeded with
   * {@code seed}; every slowed worker must be one of the {@code workers} partitions.
   */
  static StragglerModel stragglers(DtrainParams p, int workers) {
    StragglerModel m = DtrainParamSet.stragglerModel(p.getStragglers(), p.getStragglerDelay(), p.getSeed());
    for (int w : m.slowedWorkers()) {
      if (w >= workers) {
        throw new IllegalArgumentException("Cannot set stragglers to '" + p.getStragglers() + "': worker " + w
            + " does not exist, there are " + workers + " workers (partitions 0.." + (workers - 1) + ")");
      }
    }
    return m;
  }

  static Regularization regularization(DtrainParams p) {
    return p.getRegType().equals("l1") ? Regularization.l1(p.getRegParam()) : Regularization.l2(p.getRegParam());
  }

  /**
   * Trains a model. Logged as MLlib's estimators log a fit, through MLlib's own
   * {@code Instrumentation} (logger {@code org.apache.spark.ml.util.Instrumentation}, lines
   * prefixed with the fit's id): the stage class and uid, the data set's partitions, every param
   * set (JSON), {@code numFeatures}, {@code numExamples}, {@code totalIterations},
   * {@code finalObjective}, then "training finished" (or the failure).
   *
   * @param loss the objective's loss, checked against the params by the caller
   */
  static <M> M train(DtrainLinearParams estimator, Dataset<?> dataset, java.util.function.Supplier<MarginLoss> loss,
                     ModelFactory<M> factory) {
    return Instrumentation.instrumented(instr -> train(estimator, dataset, loss, factory, instr));
  }

  private static <M> M train(DtrainLinearParams estimator, Dataset<?> dataset,
                             java.util.function.Supplier<MarginLoss> lossSupplier, ModelFactory<M> factory,
                             Instrumentation instr) {
    instr.logPipelineStage((org.apache.spark.ml.PipelineStage) estimator);
    instr.logDataset(dataset);
    List<Param<?>> set = new ArrayList<>();
    for (Param<?> p : estimator.params()) {
      if (estimator.isSet(p) && !set.contains(p)) {
        set.add(p);
      }
    }
    instr.logParams(estimator, JavaConverters.asScalaBuffer(set).toList());
    Dataset<Row> df = dataset.toDF();
    SparkSession spark = dataset.sparkSession();
    TrainingConfig config = trainingConfig(estimator); // before the loss, which may run a job
    MarginLoss loss = lossSupplier.get();
    int workers = estimator.getNumWorkers() > 0 ? estimator.getNumWorkers()
        : spark.sparkContext().defaultParallelism();
    String weight = estimator.getWeightCol().isEmpty() ? null : estimator.getWeightCol();
    TrainingData data = TrainingData.fromDataFrame(df, estimator.getLabelCol(), estimator.getFeaturesCol(),
        weight, 0, workers, loss);
    try {
      instr.logNamedValue("numFeatures", data.numFeatures());
      instr.logNamedValue("numExamples", data.numRows());
      Objective objective = new Objective(loss, regularization(estimator),
          new ModelShape(data.numFeatures(), loss.numOutputs(), estimator.getFitIntercept()));
      TrainingContext context = StepSizeDefaults.resolve(estimator.getStrategy(), new TrainingContext(
          JavaSparkContext.fromSparkContext(spark.sparkContext()), data, null, objective, config,
          null, TrainingListener.NONE, stragglers(estimator, workers)));
      TrainingResult result = Strategies.create(estimator).train(context);
      instr.logNamedValue("totalIterations", result.rounds());
      instr.logNamedValue("finalObjective", result.finalObjective());
      return factory.create(result.weights(), objective.shape(), loss, result);
    } finally {
      data.close();
    }
  }
}
