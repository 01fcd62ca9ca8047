package io.sparkdtrain.ml;

import io.sparkdtrain.data.RatingsBlock;
import io.sparkdtrain.data.RatingsData;
import io.sparkdtrain.data.RatingsInput;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.model.mf.MatrixFactorization;
import io.sparkdtrain.strategy.hogwild.HogwildConfig;
import io.sparkdtrain.strategy.hogwild.HogwildMf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Matrix factorisation of ratings trained with Hogwild! ({@link HogwildMf}; Niu et al. 2011,
 * Section 5): an Estimator with the API of MLlib's {@code ALS} ({@code userCol}, {@code itemCol},
 * {@code ratingCol}, {@code rank}, {@code regParam}, {@code maxIter}, {@code coldStartStrategy})
 * plus Hogwild!'s {@code stepSize} and {@code numThreads}. The model is biased MF (Koren, Bell and
 * Volinsky 2009): {@code mu + b_u + c_i + p_u . q_i} ({@link MatrixFactorization}).
 *
 * <p>{@code fit} checks the schema (numeric id and rating columns) before any job; ids must be
 * non-negative integers and ratings finite, checked while the ratings are cached, with errors that
 * name the column and the value. Every given rating is trained on, except those a boolean
 * {@code validationIndicatorCol} marks true: they are held out, and the summary records their RMSE
 * after every epoch ({@link DtrainMatrixFactorizationSummary#validationRmseHistory()}, as MLlib's GBTs
 * and {@link DtrainMultilayerPerceptronClassifier} do with that param); the cached ratings are released when {@code fit}
 * returns or fails, and the Estimator is never changed.
 *
 * <pre>{@code
 * DtrainMatrixFactorizationModel model = new DtrainMatrixFactorization().setUserCol("userId")
 *     .setItemCol("movieId").setRank(8).setMaxIter(20).setNumThreads(2).fit(ratings);
 * model.setColdStartStrategy("drop").transform(test);
 * }</pre>
 */
public final class DtrainMatrixFactorization extends Estimator<DtrainMatrixFactorizationModel>
    implements DtrainMatrixFactorizationParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final MfParamSet params;

  /** An Estimator with a fresh uid. */
  public DtrainMatrixFactorization() {
    this(Identifiable.randomUID("dtrainMf"));
  }

  /** An Estimator with the given uid (used by {@code copy} and persistence). */
  public DtrainMatrixFactorization(String uid) {
    this.uid = uid;
    this.params = new MfParamSet(this);
  }

  @Override
  public String uid() { return uid; }

  @Override
  public MfParamSet mfParamSet() { return params; }

  public DtrainMatrixFactorization setUserCol(String value) { set(userCol(), value); return this; }
  public DtrainMatrixFactorization setItemCol(String value) { set(itemCol(), value); return this; }
  public DtrainMatrixFactorization setRatingCol(String value) { set(ratingCol(), value); return this; }
  public DtrainMatrixFactorization setPredictionCol(String value) { set(predictionCol(), value); return this; }
  public DtrainMatrixFactorization setRank(int value) { set(rank(), value); return this; }
  public DtrainMatrixFactorization setRegParam(double value) { set(regParam(), value); return this; }
  public DtrainMatrixFactorization setStepSize(double value) { set(stepSize(), value); return this; }
  public DtrainMatrixFactorization setMaxIter(int value) { set(maxIter(), value); return this; }
  public DtrainMatrixFactorization setNumThreads(int value) { set(numThreads(), value); return this; }
  public DtrainMatrixFactorization setSeed(long value) { set(seed(), value); return this; }
  public DtrainMatrixFactorization setColdStartStrategy(String value) { set(coldStartStrategy(), value); return this; }
  /** Held-out ratings where this boolean column is true; see {@link #validationIndicatorCol()}. */
  public DtrainMatrixFactorization setValidationIndicatorCol(String value) {
    set(validationIndicatorCol(), value);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.requireNumeric(schema, getUserCol(), "userCol");
    Schemas.requireNumeric(schema, getItemCol(), "itemCol");
    Schemas.requireNumeric(schema, getRatingCol(), "ratingCol");
    if (!getValidationIndicatorCol().isEmpty()) {
      Schemas.requireBoolean(schema, getValidationIndicatorCol(), "validationIndicatorCol");
    }
    return Schemas.append(schema, getPredictionCol(), "predictionCol", DataTypes.DoubleType);
  }

  @Override
  public DtrainMatrixFactorizationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    Dataset<Row> df = dataset.toDF();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    int threads = getNumThreads();
    int partitions = threads > 0 ? threads : sc.defaultParallelism();
    String heldOut = getValidationIndicatorCol();
    RatingsData data = heldOut.isEmpty()
        ? RatingsInput.fromDataFrame(df, getUserCol(), getItemCol(), getRatingCol(), partitions, 0.0, getSeed())
        : RatingsInput.fromDataFrame(df, getUserCol(), getItemCol(), getRatingCol(), heldOut, partitions);
    try {
      double step = Double.isNaN(getStepSize()) ? StepSizeDefaults.matrixFactorization("hogwild",
          data.trainSpread(), getRegParam(), data.numTrain(), data.maxRatingsPerId()) : getStepSize();
      TrainingConfig config = TrainingConfig.builder().stepSize(step).maxRounds(getMaxIter())
          .seed(getSeed()).build();
      MatrixFactorization mf = new MatrixFactorization(data.numUsers(), data.numItems(), getRank(),
          getRegParam(), data.trainMean());
      HogwildConfig hogwild = HogwildConfig.builder().threads(threads).build();
      HogwildMf.Result result = new HogwildMf(hogwild).train(sc, data, mf, config);
      boolean[][] seen = seenIds(data);
      DtrainMatrixFactorizationModel model = new DtrainMatrixFactorizationModel(uid, mf,
          result.weights(), seen[0], seen[1]);
      copyValues(model, ParamMap.empty());
      model.setParent(this);
      model.setSummary(new DtrainMatrixFactorizationSummary(result, mf, hogwild));
      return model;
    } finally {
      data.close();
    }
  }

  /** {users with a training rating, items with a training rating} (one job; bit words travel). */
  private static boolean[][] seenIds(RatingsData data) {
    int users = data.numUsers();
    int items = data.numItems();
    int userWords = (users + 63) / 64;
    int words = userWords + (items + 63) / 64;
    long[] bits = data.blocks().map((RatingsBlock b) -> {
      long[] w = new long[words];
      for (int i = 0; i < b.numTrain(); i++) {
        w[b.user(i) >>> 6] |= 1L << b.user(i);
        w[userWords + (b.item(i) >>> 6)] |= 1L << b.item(i);
      }
      return w;
    }).reduce((a, b) -> {
      long[] c = a.clone();
      for (int i = 0; i < c.length; i++) {
        c[i] |= b[i];
      }
      return c;
    });
    boolean[] u = new boolean[users];
    for (int i = 0; i < users; i++) {
      u[i] = (bits[i >>> 6] & (1L << i)) != 0;
    }
    boolean[] it = new boolean[items];
    for (int i = 0; i < items; i++) {
      it[i] = (bits[userWords + (i >>> 6)] & (1L << i)) != 0;
    }
    return new boolean[][] {u, it};
  }

  @Override
  public DtrainMatrixFactorization copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Saves the params (no data), so Pipelines and tuning models holding this Estimator can be saved. */
  @Override
  public MLWriter write() {
    return new DtrainPersistence.ParamsWriter(this);
  }

  /** Reads an Estimator saved with {@code write().save(path)}. */
  public static MLReader<DtrainMatrixFactorization> read() {
    return new DtrainPersistence.ParamsReader<>(DtrainMatrixFactorization.class);
  }

  /** {@code read().load(path)}. */
  public static DtrainMatrixFactorization load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "DtrainMatrixFactorization: uid=" + uid + ", rank=" + getRank() + ", maxIter=" + getMaxIter()
        + ", stepSize=" + getStepSize() + ", regParam=" + getRegParam();
  }
}
