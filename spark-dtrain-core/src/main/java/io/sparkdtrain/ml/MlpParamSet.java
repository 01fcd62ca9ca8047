package io.sparkdtrain.ml;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The network's {@code Param} objects of one {@link DtrainMultilayerPerceptronParams} instance,
 * created with that instance as their parent, and their defaults; the validators are serializable
 * (the model's params travel in the tasks of MLlib's {@code transform}). The Estimator changes two
 * defaults of the shared params for a network: plain SGD ({@code momentum} 0) and a
 * {@code stepSize} that, unset, means {@value #SGD_STEP} for sgd and {@value #ADAM_STEP} for adam
 * (the linear models' data-derived step does not apply to a network). Internal: users reach the
 * params through the interface's accessors.
 */
public final class MlpParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Hidden units of the default network (scikit-learn's MLPClassifier default, one layer of 100). */
  public static final int DEFAULT_HIDDEN = 100;
  /** The step of plain SGD when stepSize is unset: the step MlpPlainLoop learns Fashion-MNIST with. */
  public static final double SGD_STEP = 0.1;
  /** Adam's step when stepSize is unset (Kingma and Ba 2015's default). */
  public static final double ADAM_STEP = 0.001;

  final IntArrayParam layers;
  final IntParam blockSize;
  final Param<Vector> initialWeights;
  final Param<String> activation;
  final Param<String> optimizer;
  final Param<String> validationIndicatorCol;

  /** Creates the network's params of {@code owner} with their defaults. */
  @SuppressWarnings("unchecked")
  MlpParamSet(Params owner) {
    layers = new IntArrayParam(owner, "layers", "sizes of the layers, input first: the features'"
        + " size, hidden sizes, the number of classes (each >= 1, at least 2 entries); empty = one"
        + " hidden layer of " + DEFAULT_HIDDEN + " units",
        (scala.Function1<int[], Object> & Serializable) MlpParamSet::validLayers);
    blockSize = new IntParam(owner, "blockSize", "mini-batch: rows per step and worker (>= 1); sync"
        + " samples this share of each partition per step, local, async and fedavg take this many"
        + " rows per local step, hogwild steps row by row", ParamValidators.gtEq(1));
    initialWeights = new Param<>(owner, "initialWeights", "the starting weights, flat, per layer the"
        + " out x in weight matrix row-major then the biases; unset = He (relu) or Glorot (tanh)"
        + " initialisation from seed");
    activation = new Param<>(owner, "activation", "hidden activation: relu or tanh",
        ParamValidators.inArray(List.of("relu", "tanh")));
    optimizer = new Param<>(owner, "optimizer", "sgd (momentum as the momentum param) or adam"
        + " (Kingma and Ba 2015: sync, the driver's moments; local, async and fedavg, per worker and reset each"
        + " round, update or client round)",
        ParamValidators.inArray(List.of("sgd", "adam")));
    validationIndicatorCol = new Param<>(owner, "validationIndicatorCol", "name of the boolean column"
        + " that marks validation rows (true) apart from training rows (false), as MLlib's GBTs name it;"
        + " validation rows are not trained on, their accuracy is recorded per evaluated round in the"
        + " model's summary; empty = no validation rows");

    owner.setDefault(layers, new int[0]);
    owner.setDefault(blockSize, 128);
    owner.setDefault(activation, "relu");
    owner.setDefault(optimizer, "sgd");
    owner.setDefault(validationIndicatorCol, "");
  }

  /** Validator of {@code layers}: empty, or at least two sizes, each >= 1. */
  static boolean validLayers(int[] sizes) {
    if (sizes.length == 0) {
      return true;
    }
    if (sizes.length < 2) {
      return false;
    }
    for (int s : sizes) {
      if (s < 1) {
        return false;
      }
    }
    return true;
  }
}
