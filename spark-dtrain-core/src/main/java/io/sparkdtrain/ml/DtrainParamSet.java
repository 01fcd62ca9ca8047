package io.sparkdtrain.ml;

import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.fedavg.FederatedConfig;
import io.sparkdtrain.strategy.sync.SyncOptimizerDefault;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The {@code Param} objects of one {@link DtrainParams} instance, created with that instance as
 * their parent (the way Spark's {@code JavaTestParams} does), and every default in one place
 * ({@link #DtrainParamSet}). Internal: users reach the params through {@link DtrainParams}'s
 * accessors ({@code strategy()}, {@code getStrategy()}, ...).
 *
 * <p>The params MLlib's base classes declare are not here: {@code labelCol}, {@code featuresCol} and
 * {@code predictionCol} ({@code Predictor}, {@code PredictionModel}), and a classifier's
 * {@code rawPredictionCol}, {@code probabilityCol} and {@code thresholds}
 * ({@code ProbabilisticClassifier}, {@code ProbabilisticClassificationModel}). Each param is declared
 * once, by MLlib, with MLlib's name, default and doc, so saved files are unchanged (a param is saved
 * by name).
 */
public final class DtrainParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  // labelCol, featuresCol and predictionCol are MLlib's (Predictor and PredictionModel declare them)
  final Param<String> weightCol;
  final Param<String> strategy;
  final DoubleParam stepSize;
  final DoubleParam miniBatchFraction;
  final IntParam miniBatchSize;
  final IntParam localSteps;
  final IntParam maxRounds;
  final DoubleParam regParam;
  final Param<String> regType;
  final BooleanParam fitIntercept;
  final IntParam numWorkers;
  final IntParam maxStaleness;
  final DoubleParam clientFraction;
  final DoubleParam momentum;
  // linear Estimators and models only (null for the network, whose optimizer param is MlpParamSet's)
  final Param<String> optimizer;
  final DoubleParam tol;
  final LongParam seed;
  // strategy settings beyond the shared ones (each read by one strategy)
  final Param<String> aggregation;
  final Param<String> outerOptimizer;
  final DoubleParam outerLr;
  final DoubleParam outerMomentum;
  final Param<String> localStepsSchedule;
  final IntParam topK;
  final Param<String> stalenessLr;
  final DoubleParam dcLambda;
  final IntParam dropStaleness;
  final IntParam numThreads;
  final IntParam numClients;
  final Param<String> partition;
  final IntParam localEpochs;
  final DoubleParam proxMu;
  final DoubleParam clipNorm;
  final DoubleParam noiseMultiplier;
  // checkpoints (every strategy)
  final Param<String> checkpointDir;
  final IntParam checkpointInterval;
  final BooleanParam resumeFromCheckpoint;
  // injected stragglers (every strategy; for experiments)
  final Param<String> stragglers;
  final Param<String> stragglerDelay;
  // classifiers only (null for regressors); rawPredictionCol, probabilityCol and thresholds are
  // MLlib's (ProbabilisticClassifier and ProbabilisticClassificationModel declare them)
  final Param<String> objective;
  final IntParam numClasses;
  final DoubleParam threshold;

  /**
   * Creates the params of {@code owner} (whose {@code uid()} must already be set) and registers
   * their defaults on it.
   *
   * @param classifier whether to add the classifier params (objective, numClasses, threshold)
   */
  DtrainParamSet(Params owner, boolean classifier) {
    weightCol = new Param<>(owner, "weightCol", "weight column name. If this is not set or empty,"
        + " we treat all instance weights as 1.0");
    strategy = new Param<>(owner, "strategy", "distributed training strategy: one of "
        + String.join(", ", Strategies.names()) + " (sync = synchronous mini-batch SGD, local = Local"
        + " SGD / model averaging, async = asynchronous parameter server, hogwild = Hogwild!, fedavg ="
        + " Federated Averaging)", valid((String v) -> Strategies.validStrategy(v)));
    stepSize = new DoubleParam(owner, "stepSize", "learning rate of every SGD step (> 0; NaN, the"
        + " default, = derived from the data: 1/L for full-batch sync, 1/(2L) for the stochastic"
        + " strategies, with L the smoothness bound from the mean squared row norm)",
        valid((Object v) -> (Double) v > 0 || Double.isNaN((Double) v)));
    miniBatchFraction = new DoubleParam(owner, "miniBatchFraction", "share of each partition's rows"
        + " in a mini-batch, in (0, 1]: the batch of sync, and of local when miniBatchSize = 0",
        ParamValidators.inRange(0, 1, false, true));
    miniBatchSize = new IntParam(owner, "miniBatchSize", "rows per local step and worker for local,"
        + " async and fedavg (>= 0; unset = miniBatchFraction of the partition for local, the strategy's"
        + " default for async and fedavg (10 rows); set to 0: the same for local and async, the whole client"
        + " (FedSGD) for fedavg, as dtrain train --batch-size 0); not used by sync",
        ParamValidators.gtEq(0));
    localSteps = new IntParam(owner, "localSteps", "local SGD steps per worker between two"
        + " averagings (>= 0; 0 = one pass over the partition per round: 10-row steps, or miniBatchSize, with the"
        + " step size derived from the data, 8 steps with an explicit one); used by local and async, not by sync",
        ParamValidators.gtEq(0));
    maxRounds = new IntParam(owner, "maxIter", "maximum number of rounds (>= 1): steps for sync,"
        + " communication rounds for local; MLlib's name, also set and read as maxRounds (one param)",
        ParamValidators.gtEq(1));
    regParam = new DoubleParam(owner, "regParam", "regularization parameter (>= 0)",
        ParamValidators.gtEq(0));
    regType = new Param<>(owner, "regType", "regularization penalty: l2 ((regParam/2)||w||^2) or l1"
        + " (regParam ||w||_1, applied by soft-thresholding); intercepts are never penalised",
        ParamValidators.inArray(List.of("l2", "l1")));
    fitIntercept = new BooleanParam(owner, "fitIntercept", "whether to fit an intercept term");
    numWorkers = new IntParam(owner, "numWorkers", "number of workers = partitions of the training"
        + " data (>= 0; 0 = the cluster's default parallelism)", ParamValidators.gtEq(0));
    maxStaleness = new IntParam(owner, "maxStaleness", "staleness bound (SSP) of async: a worker"
        + " runs at most this many updates ahead of the slowest (>= 0; -1 = unbounded); not used by"
        + " the other strategies", ParamValidators.gtEq(-1));
    clientFraction = new DoubleParam(owner, "clientFraction", "share of workers (clients) sampled"
        + " per round by fedavg, in (0, 1]: max(floor(C K), 1) of K clients (default 0.1, McMahan et al. 2017);"
        + " not used by the other strategies",
        ParamValidators.inRange(0, 1, false, true));
    momentum = new DoubleParam(owner, "momentum", "heavy-ball momentum of the driver's SGD step (optimizer sgd) in"
        + " [0, 1) for sync (default 0.9); local always takes plain SGD steps and does not use it",
        ParamValidators.inRange(0, 1, true, false));
    optimizer = owner instanceof DtrainLinearParams ? new Param<>(owner, "optimizer", "optimiser of the"
        + " update, as dtrain train --optimizer: auto (default: lbfgs for sync with objective logistic, squared"
        + " or softmax, l2, miniBatchFraction 1 and no stepSize set; sgd otherwise), sgd (momentum as the"
        + " momentum param), adagrad, adam or lbfgs; sync takes the driver's step with it (momentum unused with"
        + " adagrad and adam; lbfgs: full-batch L-BFGS with a line search, no step size, l2 only), the other"
        + " strategies take plain SGD steps and reject adagrad, adam and lbfgs",
        ParamValidators.inArray(List.of(SyncOptimizerDefault.AUTO, "sgd", "adagrad", "adam", "lbfgs"))) : null;
    tol = new DoubleParam(owner, "tol", "stop when the training objective's relative change between"
        + " two rounds is below this, in [0, 1); 0 = run maxRounds; with lbfgs also MLlib's test on every"
        + " iteration (objective decrease or gradient norm below tol)",
        ParamValidators.inRange(0, 1, true, false));
    seed = new LongParam(owner, "seed", "random seed of the mini-batch sampling");
    aggregation = new Param<>(owner, "aggregation", "local: how the workers' updates are summed,"
        + " tree (ordered treeAggregate) or driver (collected and merged in partition order)",
        ParamValidators.inArray(List.of("tree", "driver")));
    outerOptimizer = new Param<>(owner, "outerOptimizer", "local: the step on the averaged"
        + " pseudo-gradient, avg (model averaging) or nesterov (DiLoCo, Douillard et al. 2023)",
        ParamValidators.inArray(List.of("avg", "nesterov")));
    outerLr = new DoubleParam(owner, "outerLr", "local: outer learning rate (>= 0; 0 = the"
        + " optimizer's default, 1.0 for avg, 0.7 for nesterov)", ParamValidators.gtEq(0));
    outerMomentum = new DoubleParam(owner, "outerMomentum", "local: outer Nesterov momentum in"
        + " (0, 1), used with outerOptimizer nesterov", ParamValidators.inRange(0, 1, false, false));
    localStepsSchedule = new Param<>(owner, "localStepsSchedule", "local: how H = localSteps varies"
        + " over rounds: fixed, post-local:ROUND (H = 1 before ROUND, Lin et al. 2020) or adaptive"
        + " (shrinks as the objective falls, ADACOMM)", valid((String v) -> Strategies.validSchedule(v)));
    topK = new IntParam(owner, "topK", "local: ship only the k largest-magnitude coordinates of each"
        + " update, with error feedback (>= 0; 0 = off; at most the model dimension)",
        ParamValidators.gtEq(0));
    stalenessLr = new Param<>(owner, "stalenessLr", "async: inverse (the default: an update of"
        + " staleness tau is scaled by 1/tau, Zhang et al. 2016) or none",
        ParamValidators.inArray(List.of("none", "inverse")));
    dcLambda = new DoubleParam(owner, "dcLambda", "async: DC-ASGD delay compensation strength"
        + " (Zheng et al. 2017; >= 0, 0 = off)", ParamValidators.gtEq(0));
    dropStaleness = new IntParam(owner, "dropStaleness", "async: drop (and count) updates with"
        + " staleness above this (>= 0; -1 = keep all)", ParamValidators.gtEq(-1));
    numThreads = new IntParam(owner, "numThreads", "hogwild: concurrent task threads sharing one"
        + " executor's weights; the data is coalesced to this many partitions (>= 0; 0 = one per"
        + " partition)", ParamValidators.gtEq(0));
    numClients = new IntParam(owner, "numClients", "fedavg: split the rows into this many clients"
        + " with the partition param (>= 0; 0 = the data's partitions are the clients)",
        ParamValidators.gtEq(0));
    partition = new Param<>(owner, "partition", "fedavg: how numClients splits the rows: iid,"
        + " shards (2 label shards per client), dirichlet:ALPHA (label skew) or unequal:SIGMA"
        + " (log-normal sizes)", valid((String v) -> Strategies.validPartition(v)));
    localEpochs = new IntParam(owner, "localEpochs", "fedavg: local epochs per sampled client and"
        + " round (>= 1)", ParamValidators.gtEq(1));
    proxMu = new DoubleParam(owner, "proxMu", "fedavg: FedProx proximal term (mu/2)||w - w_t||^2"
        + " (Li et al. 2020; >= 0, 0 = FedAvg)", ParamValidators.gtEq(0));
    clipNorm = new DoubleParam(owner, "clipNorm", "fedavg: clip each client's update to this L2"
        + " norm (>= 0; 0 = off)", ParamValidators.gtEq(0));
    noiseMultiplier = new DoubleParam(owner, "noiseMultiplier", "fedavg: Gaussian noise of std"
        + " noiseMultiplier x clipNorm / clients on the averaged update (>= 0; needs clipNorm > 0;"
        + " not a privacy guarantee without an accountant)", ParamValidators.gtEq(0));
    checkpointDir = new Param<>(owner, "checkpointDir", "Hadoop path (local, file:, hdfs:, s3a:) where"
        + " fit writes checkpoints of the model and the strategy's state; empty (the default) = none."
        + " Use one directory per fit: a fit overwrites the checkpoints of another fit there");
    checkpointInterval = new IntParam(owner, "checkpointInterval", "write a checkpoint after every"
        + " this many rounds (>= 1), or -1 = never; used only when checkpointDir is set",
        valid((Object v) -> (Integer) v == -1 || (Integer) v >= 1));
    resumeFromCheckpoint = new BooleanParam(owner, "resumeFromCheckpoint", "start fit from the newest"
        + " checkpoint in checkpointDir (written by a fit with the same data and settings; maxRounds may"
        + " grow) instead of round 0; fails, naming the directory, when there is none");
    stragglers = new Param<>(owner, "stragglers", "injected slow workers, for experiments: comma-separated"
        + " WORKER:FACTOR (worker WORKER is FACTOR times slower) or WORKER:+MSms (it sleeps MS ms more per"
        + " step), as dtrain --straggler; empty (the default) = none", valid(DtrainParamSet::validStragglers));
    stragglerDelay = new Param<>(owner, "stragglerDelay", "injected random extra delay of every worker"
        + " step, seeded by seed: none (the default) or exp:MEAN_MS, as dtrain --straggler-delay",
        valid(DtrainParamSet::validStragglerDelay));
    if (classifier) {
      objective = new Param<>(owner, "objective", "loss: logistic or hinge (binary, labels 0/1 or"
          + " -1/+1) or softmax (multinomial, labels 0..numClasses-1)",
          ParamValidators.inArray(List.of("logistic", "hinge", "softmax")));
      // an Estimator's param only: a model's numClasses() is MLlib's count of the classes it predicts
      numClasses = owner instanceof org.apache.spark.ml.Model ? null : new IntParam(owner, "numClasses", "number of classes for softmax (>= 0; 0 = 1 +"
          + " the largest label, found with one pass); binary objectives need 0 or 2",
          ParamValidators.gtEq(0));
      threshold = new DoubleParam(owner, "threshold", "decision threshold t of binary models, in"
          + " [0, 1]: predict 1 when the margin z > ln(t / (1 - t)); for logistic that is P(y=1) > t"
          + " (MLlib's LogisticRegression threshold), for hinge it moves the margin cut the same way"
          + " (t = 0.5: z > 0, LinearSVC's default)", ParamValidators.inRange(0, 1));
    } else {
      objective = null;
      numClasses = null;
      threshold = null;
    }

    // Every default, in one place.
    owner.setDefault(weightCol, "");
    owner.setDefault(strategy, "sync");
    owner.setDefault(stepSize, DefaultSettings.STEP_SIZE); // NaN: derived from the data
    owner.setDefault(miniBatchFraction, 1.0);
    owner.setDefault(miniBatchSize, 0);
    owner.setDefault(localSteps, StepSizeDefaults.ONE_PASS);
    owner.setDefault(maxRounds, DefaultSettings.MAX_ROUNDS);
    owner.setDefault(regParam, 0.0);
    owner.setDefault(regType, "l2");
    owner.setDefault(fitIntercept, true);
    owner.setDefault(numWorkers, 0);
    owner.setDefault(maxStaleness, DefaultSettings.MAX_STALENESS);
    owner.setDefault(clientFraction, FederatedConfig.DEFAULT_FRACTION); // as dtrain train --fraction
    owner.setDefault(momentum, DefaultSettings.MOMENTUM);
    if (optimizer != null) {
      owner.setDefault(optimizer, SyncOptimizerDefault.AUTO);
    }
    owner.setDefault(tol, 1e-6);
    owner.setDefault(seed, 42L);
    owner.setDefault(aggregation, "tree");
    owner.setDefault(outerOptimizer, "avg");
    owner.setDefault(outerLr, 0.0);
    owner.setDefault(outerMomentum, 0.9);
    owner.setDefault(localStepsSchedule, "fixed");
    owner.setDefault(topK, 0);
    owner.setDefault(stalenessLr, DefaultSettings.STALENESS_LR);
    owner.setDefault(dcLambda, 0.0);
    owner.setDefault(dropStaleness, -1);
    owner.setDefault(numThreads, 0);
    owner.setDefault(numClients, 0);
    owner.setDefault(partition, "iid");
    owner.setDefault(localEpochs, 1);
    owner.setDefault(proxMu, 0.0);
    owner.setDefault(clipNorm, 0.0);
    owner.setDefault(noiseMultiplier, 0.0);
    owner.setDefault(checkpointDir, "");
    owner.setDefault(checkpointInterval, 10);
    owner.setDefault(resumeFromCheckpoint, false);
    owner.setDefault(stragglers, "");
    owner.setDefault(stragglerDelay, "none");
    if (classifier) {
      owner.setDefault(objective, "logistic");
      if (numClasses != null) {
        owner.setDefault(numClasses, 0);
      }
      owner.setDefault(threshold, 0.5);
    }
  }

  /** A param validator as a serializable Scala function. */
  interface Validator<T> extends Serializable {
    boolean isValid(T value);
  }

  /**
   * {@code rule} as the {@code Function1} a {@code Param} takes, serializable: MLlib's
   * {@code transform} ships the model, its params and their validators, inside its UDFs.
   */
  static <T> scala.Function1<T, Object> valid(Validator<T> rule) {
    return (scala.Function1<T, Object> & Serializable) rule::isValid;
  }

  /**
   * The scenario {@code stragglers} and {@code stragglerDelay} describe (see
   * {@link StragglerModel.Builder#slow(String)} and {@link StragglerModel.Builder#delay(String)}).
   */
  static StragglerModel stragglerModel(String stragglers, String delay, long seed) {
    StragglerModel.Builder b = StragglerModel.builder().seed(seed).delay(delay);
    for (String spec : stragglers.split(",")) {
      if (!spec.isBlank()) {
        b.slow(spec);
      }
    }
    StragglerModel m = b.build();
    return m.isNone() ? StragglerModel.NONE : m;
  }

  private static boolean validStragglers(String spec) {
    try {
      return spec != null && stragglerModel(spec, "none", 0L) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean validStragglerDelay(String spec) {
    try {
      return spec != null && stragglerModel("", spec, 0L) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
