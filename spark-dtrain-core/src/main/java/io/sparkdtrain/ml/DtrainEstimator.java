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
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Instrumentation;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * What {@link DtrainClassifier} and {@link DtrainRegressor} share: the setters, and {@code fit}:
 * params, then an immutable {@link TrainingConfig} and strategy, then the core trainer, then a model.
 *
 * <p>{@code fit} validates the schema (missing or mistyped columns fail before any job), caches the
 * data once as {@link TrainingData} (labels checked against the objective), trains, and always
 * unpersists the cached data, also when training fails. It never changes the Estimator:
 * {@code fit(dataset, paramMap)} works on Spark's copy. The model gets this Estimator's param
 * values, its uid and this Estimator as parent.
 *
 * @param <M> the model type
 * @param <S> the concrete Estimator type, returned by the setters
 */
public abstract class DtrainEstimator<M extends DtrainModel<M>, S extends DtrainEstimator<M, S>>
    extends Estimator<M> implements DtrainParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final DtrainParamSet params;

  /** An Estimator with the given uid; {@code classifier} adds the classifier params. */
  protected DtrainEstimator(String uid, boolean classifier) {
    this.uid = uid;
    this.params = new DtrainParamSet(this, classifier);
  }

  @Override
  public String uid() { return uid; }

  @Override
  public DtrainParamSet paramSet() { return params; }

  @SuppressWarnings("unchecked")
  private S self() { return (S) this; }

  public S setLabelCol(String value) { set(labelCol(), value); return self(); }
  public S setFeaturesCol(String value) { set(featuresCol(), value); return self(); }
  public S setWeightCol(String value) { set(weightCol(), value); return self(); }
  public S setPredictionCol(String value) { set(predictionCol(), value); return self(); }
  public S setStrategy(String value) { set(strategy(), value); return self(); }
  public S setStepSize(double value) { set(stepSize(), value); return self(); }
  public S setMiniBatchFraction(double value) { set(miniBatchFraction(), value); return self(); }
  public S setMiniBatchSize(int value) { set(miniBatchSize(), value); return self(); }
  public S setLocalSteps(int value) { set(localSteps(), value); return self(); }
  public S setMaxRounds(int value) { set(maxRounds(), value); return self(); }
  /** MLlib's name: sets the same param as {@link #setMaxRounds}. */
  public S setMaxIter(int value) { set(maxIter(), value); return self(); }
  public S setRegParam(double value) { set(regParam(), value); return self(); }
  public S setRegType(String value) { set(regType(), value); return self(); }
  public S setFitIntercept(boolean value) { set(fitIntercept(), value); return self(); }
  public S setNumWorkers(int value) { set(numWorkers(), value); return self(); }
  public S setMaxStaleness(int value) { set(maxStaleness(), value); return self(); }
  public S setClientFraction(double value) { set(clientFraction(), value); return self(); }
  public S setMomentum(double value) { set(momentum(), value); return self(); }
  public S setTol(double value) { set(tol(), value); return self(); }
  public S setSeed(long value) { set(seed(), value); return self(); }
  public S setAggregation(String value) { set(aggregation(), value); return self(); }
  public S setOuterOptimizer(String value) { set(outerOptimizer(), value); return self(); }
  public S setOuterLr(double value) { set(outerLr(), value); return self(); }
  public S setOuterMomentum(double value) { set(outerMomentum(), value); return self(); }
  public S setLocalStepsSchedule(String value) { set(localStepsSchedule(), value); return self(); }
  public S setTopK(int value) { set(topK(), value); return self(); }
  public S setStalenessLr(String value) { set(stalenessLr(), value); return self(); }
  public S setDcLambda(double value) { set(dcLambda(), value); return self(); }
  public S setDropStaleness(int value) { set(dropStaleness(), value); return self(); }
  public S setNumThreads(int value) { set(numThreads(), value); return self(); }
  public S setNumClients(int value) { set(numClients(), value); return self(); }
  public S setPartition(String value) { set(partition(), value); return self(); }
  public S setLocalEpochs(int value) { set(localEpochs(), value); return self(); }
  public S setProxMu(double value) { set(proxMu(), value); return self(); }
  public S setClipNorm(double value) { set(clipNorm(), value); return self(); }
  public S setNoiseMultiplier(double value) { set(noiseMultiplier(), value); return self(); }
  public S setCheckpointDir(String value) { set(checkpointDir(), value); return self(); }
  public S setCheckpointInterval(int value) { set(checkpointInterval(), value); return self(); }
  public S setResumeFromCheckpoint(boolean value) { set(resumeFromCheckpoint(), value); return self(); }

  /** The loss to train, checked against the params (may run a job, e.g. to count classes). */
  protected abstract MarginLoss createLoss(Dataset<Row> df);

  /** A model of the concrete type (no params, parent or summary yet). */
  protected abstract M createModel(String uid, double[] weights, ModelShape shape, MarginLoss loss);

  /** Checks the input columns (label, features, weight) common to every Estimator. */
  protected void validateInput(StructType schema) {
    Schemas.requireVector(schema, getFeaturesCol(), "featuresCol");
    Schemas.requireNumeric(schema, getLabelCol(), "labelCol");
    if (!getWeightCol().isEmpty()) {
      Schemas.requireNumeric(schema, getWeightCol(), "weightCol");
    }
  }

  /**
   * The shared settings these params stand for (validated by the config's builder), checkpoints
   * included: {@code checkpointDir} with {@code checkpointInterval} N writes one after every N
   * rounds, {@code resumeFromCheckpoint} starts from the newest one (see
   * {@link io.sparkdtrain.checkpoint.CheckpointStore}).
   */
  TrainingConfig trainingConfig() {
    TrainingConfig.Builder b = TrainingConfig.builder().stepSize(getStepSize()).momentum(getMomentum())
        .learningRateSchedule(DefaultSettings.LEARNING_RATE_SCHEDULE)
        .maxRounds(getMaxRounds()).tolerance(getTol()).miniBatchFraction(getMiniBatchFraction())
        .seed(getSeed()).evaluateEvery(DefaultSettings.EVALUATE_EVERY);
    String dir = getCheckpointDir().trim();
    if (getResumeFromCheckpoint() && dir.isEmpty()) {
      throw new IllegalArgumentException("Cannot set resumeFromCheckpoint to true while checkpointDir is"
          + " empty: set checkpointDir to the directory of the checkpoints to resume from");
    }
    if (!dir.isEmpty()) {
      b.checkpointDir(dir).checkpointEvery(Math.max(0, getCheckpointInterval()))
          .resume(getResumeFromCheckpoint());
    }
    return b.build();
  }

  Regularization regularization() {
    return getRegType().equals("l1") ? Regularization.l1(getRegParam()) : Regularization.l2(getRegParam());
  }

  /**
   * Trains a model. Logged as MLlib's estimators log a fit, through MLlib's own
   * {@code Instrumentation} (logger {@code org.apache.spark.ml.util.Instrumentation}, lines
   * prefixed with the fit's id): the stage class and uid, the data set's partitions, every param
   * set (JSON), {@code numFeatures}, {@code numExamples}, {@code totalIterations},
   * {@code finalObjective}, then "training finished" (or the failure).
   */
  @Override
  public M fit(Dataset<?> dataset) {
    return Instrumentation.instrumented(instr -> fit(dataset, instr));
  }

  private M fit(Dataset<?> dataset, Instrumentation instr) {
    instr.logPipelineStage(this);
    instr.logDataset(dataset);
    List<Param<?>> set = new ArrayList<>();
    for (Param<?> p : params()) {
      if (isSet(p) && !set.contains(p)) {
        set.add(p);
      }
    }
    instr.logParams(this, JavaConverters.asScalaBuffer(set).toList());
    transformSchema(dataset.schema(), true);
    Dataset<Row> df = dataset.toDF();
    SparkSession spark = dataset.sparkSession();
    TrainingConfig config = trainingConfig(); // before createLoss, which may run a job
    MarginLoss loss = createLoss(df);
    int workers = getNumWorkers() > 0 ? getNumWorkers() : spark.sparkContext().defaultParallelism();
    String weight = getWeightCol().isEmpty() ? null : getWeightCol();
    TrainingData data = TrainingData.fromDataFrame(df, getLabelCol(), getFeaturesCol(), weight, 0,
        workers, loss);
    try {
      instr.logNamedValue("numFeatures", data.numFeatures());
      instr.logNamedValue("numExamples", data.numRows());
      Objective objective = new Objective(loss, regularization(),
          new ModelShape(data.numFeatures(), loss.numOutputs(), getFitIntercept()));
      TrainingContext context = StepSizeDefaults.resolve(getStrategy(), new TrainingContext(
          JavaSparkContext.fromSparkContext(spark.sparkContext()), data, null, objective, config,
          null, TrainingListener.NONE));
      TrainingResult result = Strategies.create(this).train(context);
      instr.logNamedValue("totalIterations", result.rounds());
      instr.logNamedValue("finalObjective", result.finalObjective());
      M model = createModel(uid, result.weights(), objective.shape(), loss);
      copyValues(model, ParamMap.empty());
      model.setParent(this);
      model.setSummary(new DtrainTrainingSummary(result, model, dataset));
      return model;
    } finally {
      data.close();
    }
  }

  @Override
  public S copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Saves the params (no data), so Pipelines and tuning models holding this Estimator can be saved. */
  @Override
  public MLWriter write() {
    return new DtrainPersistence.ParamsWriter(this);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + ": uid=" + uid + ", strategy=" + getStrategy()
        + ", maxRounds=" + getMaxRounds() + ", stepSize=" + getStepSize();
  }
}
