package io.sparkdtrain.ml;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The {@code Param} objects of one {@link DtrainMatrixFactorizationParams} instance, created with
 * that instance as their parent, and every default in one place. Names follow MLlib's {@code ALS}
 * where the meaning is the same ({@code userCol}, {@code itemCol}, {@code ratingCol},
 * {@code predictionCol}, {@code rank}, {@code regParam}, {@code maxIter}, {@code seed},
 * {@code coldStartStrategy}); {@code stepSize} and {@code numThreads} are Hogwild!'s. Internal:
 * users reach the params through the interface's accessors.
 */
public final class MfParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Accepted values of {@code coldStartStrategy}, as MLlib's ALS. */
  static final List<String> COLD_START = List.of("nan", "drop");

  final Param<String> userCol;
  final Param<String> itemCol;
  final Param<String> ratingCol;
  final Param<String> predictionCol;
  final IntParam rank;
  final DoubleParam regParam;
  final DoubleParam stepSize;
  final IntParam maxIter;
  final IntParam numThreads;
  final LongParam seed;
  final Param<String> coldStartStrategy;
  final Param<String> validationIndicatorCol;

  /** Creates the params of {@code owner} (whose {@code uid()} must already be set) with their defaults. */
  MfParamSet(Params owner) {
    userCol = new Param<>(owner, "userCol", "column of user ids: numeric, holding non-negative"
        + " integers (they index the factor arrays)");
    itemCol = new Param<>(owner, "itemCol", "column of item ids: numeric, holding non-negative"
        + " integers (they index the factor arrays)");
    ratingCol = new Param<>(owner, "ratingCol", "column of ratings (numeric, finite)");
    predictionCol = new Param<>(owner, "predictionCol", "prediction column name");
    rank = new IntParam(owner, "rank", "rank K of the user and item factors (>= 1)",
        ParamValidators.gtEq(1));
    regParam = new DoubleParam(owner, "regParam", "L2 regularization lambda on the factors and"
        + " biases of each rating's user and item (>= 0)", ParamValidators.gtEq(0));
    stepSize = new DoubleParam(owner, "stepSize", "learning rate of every rating's SGD step (> 0; NaN,"
        + " the default, = derived from the ratings: 1 / (2 (2 + 2 spread + regParam)), spread = the"
        + " ratings' RMS deviation from their mean)",
        DtrainParamSet.valid((Object v) -> (Double) v > 0 || Double.isNaN((Double) v)));
    maxIter = new IntParam(owner, "maxIter", "epochs: passes over the training ratings (>= 1)",
        ParamValidators.gtEq(1));
    numThreads = new IntParam(owner, "numThreads", "Hogwild! threads: concurrent tasks sharing one"
        + " executor's factors; the ratings are coalesced to this many partitions (>= 0; 0 = the"
        + " cluster's default parallelism)", ParamValidators.gtEq(0));
    seed = new LongParam(owner, "seed", "random seed of the initial factors and the rating order");
    coldStartStrategy = new Param<>(owner, "coldStartStrategy", "what transform does with a user or"
        + " item not seen in training (or a null id): nan (prediction NaN) or drop (the row is"
        + " dropped), as MLlib's ALS", ParamValidators.inArray(COLD_START));
    validationIndicatorCol = new Param<>(owner, "validationIndicatorCol", "name of the boolean column"
        + " that marks held-out ratings (true) apart from training ratings (false), as MLlib's GBTs name"
        + " it: held-out ratings are not trained on, their RMSE is recorded after every epoch in the"
        + " model's summary; empty (the default) = every rating is trained on");

    // Every default, in one place.
    owner.setDefault(userCol, "user");
    owner.setDefault(itemCol, "item");
    owner.setDefault(ratingCol, "rating");
    owner.setDefault(predictionCol, "prediction");
    owner.setDefault(rank, 10);
    owner.setDefault(regParam, 0.05);
    owner.setDefault(stepSize, Double.NaN); // derived from the ratings
    owner.setDefault(maxIter, 10);
    owner.setDefault(numThreads, 0);
    owner.setDefault(seed, 42L);
    owner.setDefault(coldStartStrategy, "nan");
    owner.setDefault(validationIndicatorCol, "");
  }
}
