package io.sparkdtrain.ml;

import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A feed-forward network classifier (softmax output, cross-entropy; {@link MultilayerPerceptron},
 * back-propagation of Rumelhart, Hinton and Williams 1986) trained by a distributed strategy:
 * MLlib's {@code MultilayerPerceptronClassifier} API ({@code layers} with the input and output
 * sizes, {@code blockSize}, {@code maxIter}, {@code stepSize}, {@code seed}, {@code initialWeights},
 * {@code tol}) plus {@code strategy} and the strategy params of {@link DtrainParams}, the hidden
 * {@code activation} and the {@code optimizer}. An MLlib {@code ProbabilisticClassifier}: the
 * {@code rawPrediction} (log-probabilities), {@code probability} and {@code prediction} columns and
 * their metadata come from MLlib.
 *
 * <p>Defaults converge for a user who sets nothing: one hidden ReLU layer of
 * {@value MlpParamSet#DEFAULT_HIDDEN} units, plain mini-batch SGD with step
 * {@value MlpParamSet#SGD_STEP} on {@code blockSize} 128 rows per worker, sync, and with
 * {@code maxIter} unset the rounds that make {@value #DEFAULT_EPOCHS} passes over the training rows
 * (at least 100, see {@link #rounds}); a {@code maxIter} that is set is the number of rounds.
 * {@code validationIndicatorCol} (MLlib's, as {@code GBTClassifier}) holds rows out of training;
 * the model's {@code summary()} records their accuracy with the objective, seconds and bytes of
 * every round.
 * {@code regParam} is the L2 weight decay (biases are not penalised); {@code regType} l1,
 * {@code fitIntercept} false, {@code miniBatchSize} and {@code miniBatchFraction} are rejected
 * ({@code blockSize} is the mini-batch). Labels are class indices 0..K-1 (K from the label
 * column's metadata, else 1 + the largest label).
 *
 * <pre>{@code
 * DtrainMultilayerPerceptronClassificationModel model = new DtrainMultilayerPerceptronClassifier()
 *     .setLayers(new int[] {784, 256, 10}).setStrategy("local").setLocalSteps(16).fit(training);
 * }</pre>
 */
public final class DtrainMultilayerPerceptronClassifier
    extends ProbabilisticClassifier<Vector, DtrainMultilayerPerceptronClassifier,
        DtrainMultilayerPerceptronClassificationModel>
    implements DtrainParams, DtrainMultilayerPerceptronParams, MLWritable {
  private static final long serialVersionUID = 1L;
  /** The most classes {@code getNumClasses} accepts from the labels. */
  static final int MAX_CLASSES = 100_000;
  /** Passes over the training rows when {@code maxIter} is unset (see {@link #rounds}). */
  public static final int DEFAULT_EPOCHS = 10;

  private final String uid;
  private final DtrainParamSet params;
  private final MlpParamSet mlpParams;

  /** A classifier with a fresh uid. */
  public DtrainMultilayerPerceptronClassifier() {
    this(Identifiable.randomUID("dtrainMlpc"));
  }

  /** A classifier with the given uid (used by {@code copy} and persistence). */
  public DtrainMultilayerPerceptronClassifier(String uid) {
    this(StageUid.stash(uid), 0);
  }

  private DtrainMultilayerPerceptronClassifier(String uid, int unused) {
    super(); // MLlib's traits create their params here, reading uid() from the stash
    this.uid = StageUid.taken(uid);
    this.params = new DtrainParamSet(this, false);
    this.mlpParams = new MlpParamSet(this);
    setDefault(momentum(), 0.0); // plain SGD; stepSize NaN = MlpParamSet's step for the optimizer
    // the network's step is never derived from the data, so the linear models' one-pass default (0)
    // would stand for 8 anyway; kept explicit so that rounds() counts the steps as before
    setDefault(localSteps(), StepSizeDefaults.EXPLICIT_STEP_LOCAL_STEPS);
  }

  @Override
  public String uid() { return uid != null ? uid : StageUid.pending(); }

  @Override
  public DtrainParamSet paramSet() { return params; }

  @Override
  public MlpParamSet mlpParamSet() { return mlpParams; }

  public DtrainMultilayerPerceptronClassifier setLayers(int[] value) { set(layers(), value.clone()); return this; }
  public DtrainMultilayerPerceptronClassifier setBlockSize(int value) { set(blockSize(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setInitialWeights(Vector value) { set(initialWeights(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setActivation(String value) { set(activation(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setOptimizer(String value) { set(optimizer(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setValidationIndicatorCol(String value) {
    set(validationIndicatorCol(), value);
    return this;
  }
  public DtrainMultilayerPerceptronClassifier setMaxIter(int value) { set(maxIter(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setStepSize(double value) { set(stepSize(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setSeed(long value) { set(seed(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setTol(double value) { set(tol(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setRegParam(double value) { set(regParam(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setWeightCol(String value) { set(weightCol(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setStrategy(String value) { set(strategy(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setNumWorkers(int value) { set(numWorkers(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setMomentum(double value) { set(momentum(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setLocalSteps(int value) { set(localSteps(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setAggregation(String value) { set(aggregation(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setOuterOptimizer(String value) { set(outerOptimizer(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setOuterLr(double value) { set(outerLr(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setOuterMomentum(double value) { set(outerMomentum(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setMaxStaleness(int value) { set(maxStaleness(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setNumThreads(int value) { set(numThreads(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setNumClients(int value) { set(numClients(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setClientFraction(double value) { set(clientFraction(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setLocalEpochs(int value) { set(localEpochs(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setCheckpointDir(String value) { set(checkpointDir(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setCheckpointInterval(int value) { set(checkpointInterval(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setStragglers(String value) { set(stragglers(), value); return this; }
  public DtrainMultilayerPerceptronClassifier setStragglerDelay(String value) { set(stragglerDelay(), value); return this; }

  /** Trains the network (called by MLlib's {@code fit}, which checked the schema and cast the label). */
  @Override
  public DtrainMultilayerPerceptronClassificationModel train(Dataset<?> dataset) {
    rejectLinearSettings();
    Dataset<Row> df = dataset.toDF();
    String weight = getWeightCol().isEmpty() ? null : getWeightCol();
    if (weight != null) {
      Schemas.requireNumeric(df.schema(), weight, "weightCol");
    }
    int classes = getNumClasses(dataset, MAX_CLASSES);
    int[] sizes = getLayers();
    if (sizes.length > 0 && sizes[sizes.length - 1] != classes) {
      throw new IllegalArgumentException("Cannot set layers to " + Arrays.toString(sizes) + ", the last size"
          + " must be the number of classes, " + classes + " (from column '" + getLabelCol() + "': its"
          + " metadata, else 1 + the largest label)");
    }
    String indicator = getValidationIndicatorCol();
    Dataset<Row> trainRows = indicator.isEmpty() ? df : rowsMarked(df, indicator, false);
    Dataset<Row> validRows = indicator.isEmpty() ? null : rowsMarked(df, indicator, true);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    int workers = getNumWorkers() > 0 ? getNumWorkers() : jsc.defaultParallelism();
    TrainingData data = TrainingData.fromDataFrame(trainRows, getLabelCol(), getFeaturesCol(), weight, 0, workers,
        new SoftmaxLoss(classes));
    TrainingData validation = null;
    try {
      if (!indicator.isEmpty()) {
        validation = TrainingData.fromDataFrame(validRows, getLabelCol(), getFeaturesCol(), weight,
            data.numFeatures(), workers, new SoftmaxLoss(classes));
      }
      MlpLayout layout = layout(sizes, data.numFeatures(), classes);
      MlpModel model = new MlpModel(new MultilayerPerceptron(layout, Activation.parse(getActivation()),
          getRegParam(), 0.0));
      double fraction = Math.min(1.0, getBlockSize() * (double) workers / Math.max(1, data.numRows()));
      TrainingContext context = new TrainingContext(jsc, data, validation, model,
          trainingConfig(fraction, rounds(data.numRows(), workers)), initialWeights(layout), TrainingListener.NONE,
          LinearTrainer.stragglers(this, workers));
      TrainingResult result = Strategies.create(strategyParams(fraction)).train(context);
      DtrainMultilayerPerceptronClassificationModel fitted = new DtrainMultilayerPerceptronClassificationModel(
          uid, model.network(), result.weights());
      fitted.set(fitted.layers(), layout.sizes());
      fitted.setSummary(new DtrainMultilayerPerceptronTrainingSummary(result, validation != null, fitted,
          indicator.isEmpty() ? dataset : trainRows, getLabelCol(), getWeightCol(), getPredictionCol(),
          getRawPredictionCol()));
      return fitted;
    } finally {
      data.close();
      if (validation != null) {
        validation.close();
      }
    }
  }

  /** The rows whose boolean column {@code col} (validationIndicatorCol; null = false) is {@code value}. */
  private static Dataset<Row> rowsMarked(Dataset<Row> df, String col, boolean value) {
    if (!Arrays.asList(df.columns()).contains(col)) {
      throw new IllegalArgumentException("Column '" + col + "' (validationIndicatorCol) not found; the"
          + " DataFrame has columns " + Arrays.toString(df.columns()));
    }
    DataType type = df.schema().apply(col).dataType();
    if (!type.equals(DataTypes.BooleanType)) {
      throw new IllegalArgumentException("Column '" + col + "' (validationIndicatorCol) must be boolean"
          + " (true = validation row) but is " + type.simpleString());
    }
    Dataset<Row> rows = df.filter(functions.coalesce(df.col(col), functions.lit(false)).equalTo(value));
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("No row has " + col + " (validationIndicatorCol) " + value
          + (value ? " (validation rows)" : " (training rows)") + "; unset validationIndicatorCol to train"
          + " on every row");
    }
    return rows;
  }

  /**
   * {@code maxIter} when set; unset, the rounds in which the strategy's mini-batch steps see
   * {@value #DEFAULT_EPOCHS} passes over the training rows, at least {@link DefaultSettings#MAX_ROUNDS}
   * (the former default, and MLlib's {@code maxIter}): a round of sync is one step of
   * {@code blockSize} rows per worker, of local one averaging after {@code localSteps} such steps
   * per worker, of async {@code numWorkers} updates of {@code localSteps} steps. Hogwild! (an epoch
   * per round) and fedavg (local epochs per round) keep the 100 rounds.
   */
  int rounds(long rows, int workers) {
    if (isSet(maxIter())) {
      return getMaxIter();
    }
    long rowsPerRound = switch (getStrategy()) {
      case "sync" -> (long) getBlockSize() * workers;
      case "local", "async" -> (long) getBlockSize() * workers * getLocalSteps();
      default -> 0;
    };
    if (rowsPerRound == 0) {
      return DefaultSettings.MAX_ROUNDS;
    }
    long derived = (DEFAULT_EPOCHS * rows + rowsPerRound - 1) / rowsPerRound;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(DefaultSettings.MAX_ROUNDS, derived));
  }

  /** The settings a linear model reads and a network cannot honour, rejected by name. */
  private void rejectLinearSettings() {
    if (getRegType().equals("l1")) {
      throw new IllegalArgumentException("Cannot set regType to l1 for a network: regParam is its L2 weight decay");
    }
    if (!getFitIntercept()) {
      throw new IllegalArgumentException("Cannot set fitIntercept to false for a network: every layer has biases");
    }
    if (isSet(miniBatchSize()) || isSet(miniBatchFraction())) {
      throw new IllegalArgumentException("Cannot set " + (isSet(miniBatchSize()) ? "miniBatchSize" : "miniBatchFraction")
          + " for a network: set blockSize, its mini-batch (rows per step and worker)");
    }
  }

  /** {@code layers}, or the default network, checked against the features' size. */
  private MlpLayout layout(int[] sizes, int features, int classes) {
    if (sizes.length == 0) {
      return new MlpLayout(features, MlpParamSet.DEFAULT_HIDDEN, classes);
    }
    if (sizes[0] != features) {
      throw new IllegalArgumentException("Cannot set layers to " + Arrays.toString(sizes) + ", the first size"
          + " must be the features' size, " + features + " (column '" + getFeaturesCol() + "')");
    }
    return new MlpLayout(sizes);
  }

  private double[] initialWeights(MlpLayout layout) {
    if (!isDefined(initialWeights())) {
      return null;
    }
    double[] w = getInitialWeights().toArray();
    if (w.length != layout.dimension()) {
      throw new IllegalArgumentException("Cannot set initialWeights to a vector of " + w.length + " values, layers="
          + layout.spec() + " has " + layout.dimension() + " parameters (per layer the out x in weights, then"
          + " the out biases)");
    }
    return w;
  }

  /** The shared settings: the network's default step, blockSize as sync's fraction, checkpoints. */
  private TrainingConfig trainingConfig(double fraction, int rounds) {
    boolean adam = getOptimizer().equals("adam");
    double step = Double.isNaN(getStepSize()) ? (adam ? MlpParamSet.ADAM_STEP : MlpParamSet.SGD_STEP) : getStepSize();
    TrainingConfig.Builder b = TrainingConfig.builder().stepSize(step).momentum(getMomentum())
        .optimizer(getOptimizer()).learningRateSchedule(StepSizeDefaults.schedule(getStrategy(), false))
        .maxRounds(rounds).tolerance(getTol()).miniBatchFraction(fraction).seed(getSeed())
        .evaluateEvery(DefaultSettings.EVALUATE_EVERY);
    String dir = getCheckpointDir().trim();
    if (!dir.isEmpty()) {
      b.checkpointDir(dir).checkpointEvery(Math.max(0, getCheckpointInterval()))
          .resume(getResumeFromCheckpoint());
    } else if (getResumeFromCheckpoint()) {
      throw new IllegalArgumentException("Cannot set resumeFromCheckpoint to true while checkpointDir is empty");
    }
    return b.build();
  }

  /** A copy whose miniBatchSize and miniBatchFraction stand for blockSize, for the strategy registry. */
  private DtrainMultilayerPerceptronClassifier strategyParams(double fraction) {
    DtrainMultilayerPerceptronClassifier p = copy(ParamMap.empty());
    p.set(p.miniBatchSize(), getBlockSize());
    p.set(p.miniBatchFraction(), fraction);
    return p;
  }

  @Override
  public DtrainMultilayerPerceptronClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Saves the params (no data), so Pipelines and tuning models holding this Estimator can be saved. */
  @Override
  public MLWriter write() {
    return new DtrainPersistence.ParamsWriter(this);
  }

  /** Reads a classifier (params only) saved with {@code write().save(path)}. */
  public static MLReader<DtrainMultilayerPerceptronClassifier> read() {
    return new DtrainPersistence.ParamsReader<>(DtrainMultilayerPerceptronClassifier.class);
  }

  /** {@code read().load(path)}. */
  public static DtrainMultilayerPerceptronClassifier load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "DtrainMultilayerPerceptronClassifier: uid=" + uid + ", layers=" + Arrays.toString(getLayers())
        + ", strategy=" + getStrategy() + ", maxIter=" + getMaxIter();
  }
}
