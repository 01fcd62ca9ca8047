package io.sparkdtrain.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The network's params, shared by {@link DtrainMultilayerPerceptronClassifier} and its model, named
 * as MLlib's {@code MultilayerPerceptronClassifier} names them where they mean the same
 * ({@code layers}, {@code blockSize}, {@code initialWeights}, and GBT's {@code validationIndicatorCol}) plus {@code activation} and
 * {@code optimizer}. The Estimator also has the shared {@link DtrainParams} (strategy and strategy
 * settings, {@code maxIter}, {@code stepSize}, {@code seed}, {@code tol}, {@code regParam} as the
 * network's L2 weight decay, {@code weightCol}); the model keeps only these and MLlib's column
 * params (its params travel in the tasks of {@code transform}). Defaults and validators are in
 * {@link MlpParamSet}.
 */
public interface DtrainMultilayerPerceptronParams extends Params {

  /** The network's Param objects (internal; use the accessors below). */
  MlpParamSet mlpParamSet();

  /**
   * Param for the layer sizes as MLlib writes them: the features' size first, hidden sizes, the
   * number of classes last, e.g. {@code [784, 256, 10]}; empty (default) = one hidden layer of
   * {@value MlpParamSet#DEFAULT_HIDDEN} units between the sizes the data gives.
   */
  default IntArrayParam layers() { return mlpParamSet().layers; }
  /** Param for the mini-batch: rows per step and worker (MLlib's name), default 128. */
  default IntParam blockSize() { return mlpParamSet().blockSize; }
  /** Param for the starting weights in the network's flat layout; unset (default) = He/Glorot. */
  default Param<Vector> initialWeights() { return mlpParamSet().initialWeights; }
  /** Param for the hidden activation: "relu" (default) or "tanh". */
  default Param<String> activation() { return mlpParamSet().activation; }
  /** Param for the optimiser: "sgd" (default) or "adam" (sync: the driver's moments; local, async, fedavg: per worker, reset each round, update or client round). */
  default Param<String> optimizer() { return mlpParamSet().optimizer; }
  /**
   * Param for the boolean column marking validation rows (MLlib's name, as {@code GBTClassifier}):
   * true = held out, their accuracy recorded per round in the model's summary; "" (default) = none.
   */
  default Param<String> validationIndicatorCol() { return mlpParamSet().validationIndicatorCol; }

  default int[] getLayers() { return getOrDefault(layers()).clone(); }
  default int getBlockSize() { return (Integer) getOrDefault(blockSize()); }
  default Vector getInitialWeights() { return getOrDefault(initialWeights()); }
  default String getActivation() { return getOrDefault(activation()); }
  default String getOptimizer() { return getOrDefault(optimizer()); }
  default String getValidationIndicatorCol() { return getOrDefault(validationIndicatorCol()); }
}
