package io.sparkdtrain.ml;

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
 */
public final class DtrainParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  final Param<String> labelCol;
  final Param<String> featuresCol;
  final Param<String> weightCol;
  final Param<String> predictionCol;
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
  final DoubleParam tol;
  final LongParam seed;
  // classifiers only (null for regressors)
  final Param<String> rawPredictionCol;
  final Param<String> probabilityCol;
  final Param<String> objective;
  final IntParam numClasses;

  /**
   * Creates the params of {@code owner} (whose {@code uid()} must already be set) and registers
   * their defaults on it.
   *
   * @param classifier whether to add the classifier params (objective, numClasses, rawPredictionCol,
   *     probabilityCol)
   */
  DtrainParamSet(Params owner, boolean classifier) {
    labelCol = new Param<>(owner, "labelCol", "label column name");
    featuresCol = new Param<>(owner, "featuresCol", "features column name (an ml Vector)");
    weightCol = new Param<>(owner, "weightCol", "weight column name. If this is not set or empty,"
        + " we treat all instance weights as 1.0");
    predictionCol = new Param<>(owner, "predictionCol", "prediction column name");
    strategy = new Param<>(owner, "strategy", "distributed training strategy: one of "
        + String.join(", ", Strategies.NAMES) + " (sync = synchronous mini-batch SGD, local = Local"
        + " SGD / model averaging, async = asynchronous parameter server, hogwild = Hogwild!, fedavg ="
        + " Federated Averaging)", ParamValidators.inArray(Strategies.NAMES));
    stepSize = new DoubleParam(owner, "stepSize", "learning rate of every SGD step (> 0)",
        ParamValidators.gt(0));
    miniBatchFraction = new DoubleParam(owner, "miniBatchFraction", "share of each partition's rows"
        + " in a mini-batch, in (0, 1]: the batch of sync, and of local when miniBatchSize = 0",
        ParamValidators.inRange(0, 1, false, true));
    miniBatchSize = new IntParam(owner, "miniBatchSize", "rows per local step and worker for local,"
        + " async and fedavg (>= 0; 0 = miniBatchFraction of the partition for local, the strategy's"
        + " default for async and fedavg); not used by sync",
        ParamValidators.gtEq(0));
    localSteps = new IntParam(owner, "localSteps", "local SGD steps per worker between two"
        + " averagings (>= 1); used by local, not by sync", ParamValidators.gtEq(1));
    maxRounds = new IntParam(owner, "maxRounds", "maximum number of rounds (>= 1): steps for sync,"
        + " communication rounds for local", ParamValidators.gtEq(1));
    regParam = new DoubleParam(owner, "regParam", "regularization parameter (>= 0)",
        ParamValidators.gtEq(0));
    regType = new Param<>(owner, "regType", "regularization penalty: l2 ((regParam/2)||w||^2) or l1"
        + " (regParam ||w||_1, applied by soft-thresholding); intercepts are never penalised",
        ParamValidators.inArray(List.of("l2", "l1")));
    fitIntercept = new BooleanParam(owner, "fitIntercept", "whether to fit an intercept term");
    numWorkers = new IntParam(owner, "numWorkers", "number of workers = partitions of the training"
        + " data (>= 0; 0 = the cluster's default parallelism)", ParamValidators.gtEq(0));
    maxStaleness = new IntParam(owner, "maxStaleness", "staleness bound (SSP) of async"
        + " (>= 0); not used by the other strategies", ParamValidators.gtEq(0));
    clientFraction = new DoubleParam(owner, "clientFraction", "share of workers (clients) sampled"
        + " per round by fedavg, in (0, 1]; not used by the other strategies",
        ParamValidators.inRange(0, 1, false, true));
    momentum = new DoubleParam(owner, "momentum", "momentum of the driver's SGD step in [0, 1) for"
        + " sync; local always takes plain SGD steps and does not use it",
        ParamValidators.inRange(0, 1, true, false));
    tol = new DoubleParam(owner, "tol", "stop when the training objective's relative change between"
        + " two rounds is below this, in [0, 1); 0 = run maxRounds",
        ParamValidators.inRange(0, 1, true, false));
    seed = new LongParam(owner, "seed", "random seed of the mini-batch sampling");
    if (classifier) {
      rawPredictionCol = new Param<>(owner, "rawPredictionCol", "raw prediction (a.k.a. confidence)"
          + " column name: the margins, [-z, z] for binary objectives");
      probabilityCol = new Param<>(owner, "probabilityCol", "Column name for predicted class"
          + " conditional probabilities (logistic and softmax only; hinge defines none)");
      objective = new Param<>(owner, "objective", "loss: logistic or hinge (binary, labels 0/1 or"
          + " -1/+1) or softmax (multinomial, labels 0..numClasses-1)",
          ParamValidators.inArray(List.of("logistic", "hinge", "softmax")));
      numClasses = new IntParam(owner, "numClasses", "number of classes for softmax (>= 0; 0 = 1 +"
          + " the largest label, found with one pass); binary objectives need 0 or 2",
          ParamValidators.gtEq(0));
    } else {
      rawPredictionCol = null;
      probabilityCol = null;
      objective = null;
      numClasses = null;
    }

    // Every default, in one place.
    owner.setDefault(labelCol, "label");
    owner.setDefault(featuresCol, "features");
    owner.setDefault(weightCol, "");
    owner.setDefault(predictionCol, "prediction");
    owner.setDefault(strategy, "sync");
    owner.setDefault(stepSize, 1.0);
    owner.setDefault(miniBatchFraction, 1.0);
    owner.setDefault(miniBatchSize, 0);
    owner.setDefault(localSteps, 8);
    owner.setDefault(maxRounds, 100);
    owner.setDefault(regParam, 0.0);
    owner.setDefault(regType, "l2");
    owner.setDefault(fitIntercept, true);
    owner.setDefault(numWorkers, 0);
    owner.setDefault(maxStaleness, 4);
    owner.setDefault(clientFraction, 1.0);
    owner.setDefault(momentum, 0.0);
    owner.setDefault(tol, 1e-6);
    owner.setDefault(seed, 42L);
    if (classifier) {
      owner.setDefault(rawPredictionCol, "rawPrediction");
      owner.setDefault(probabilityCol, "probability");
      owner.setDefault(objective, "logistic");
      owner.setDefault(numClasses, 0);
    }
  }
}
