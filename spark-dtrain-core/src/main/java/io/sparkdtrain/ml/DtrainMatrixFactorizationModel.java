package io.sparkdtrain.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkdtrain.model.mf.MatrixFactorization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A factorisation produced by {@link DtrainMatrixFactorization}, used like MLlib's {@code ALSModel}:
 * {@code transform} adds {@code predictionCol} = {@code mu + b_u + c_i + p_u . q_i} for each
 * (userCol, itemCol) row. A user or item without training ratings (or a null id) is cold: with
 * {@code coldStartStrategy} "nan" its prediction is NaN, with "drop" the row is dropped. An id that
 * is not a non-negative integer fails the job with a message naming the column and the value.
 * {@link #userFactors()} and {@link #itemFactors()} hold the learned factors of the ids seen in
 * training. Saved with {@code write()}, also inside a {@code PipelineModel}: {@code path/metadata}
 * (params, as {@link DtrainPersistence}), {@code path/data} (one JSON line: sizes, rank, regParam,
 * mean) and {@code path/factors} (one text line per seen id: {@code u|i id bias f_1 .. f_K}, doubles
 * in their shortest exact form).
 */
public final class DtrainMatrixFactorizationModel extends Model<DtrainMatrixFactorizationModel>
    implements DtrainMatrixFactorizationParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final MfParamSet params;
  private final MfPredictor predictor;
  private final TrainingSummaryHolder<DtrainMatrixFactorizationSummary> summary =
      new TrainingSummaryHolder<>("only a model returned by fit has one");

  /**
   * A model from its parameters ({@code mf}'s layout) and the ids that had training ratings.
   *
   * @throws IllegalArgumentException when the sizes do not match {@code mf}
   */
  public DtrainMatrixFactorizationModel(String uid, MatrixFactorization mf, double[] weights,
                                        boolean[] seenUsers, boolean[] seenItems) {
    this.uid = uid;
    this.params = new MfParamSet(this);
    this.predictor = new MfPredictor(mf, weights, seenUsers, seenItems);
  }

  @Override
  public String uid() { return uid; }

  @Override
  public MfParamSet mfParamSet() { return params; }

  public DtrainMatrixFactorizationModel setUserCol(String value) { set(userCol(), value); return this; }
  public DtrainMatrixFactorizationModel setItemCol(String value) { set(itemCol(), value); return this; }
  public DtrainMatrixFactorizationModel setPredictionCol(String value) { set(predictionCol(), value); return this; }
  public DtrainMatrixFactorizationModel setColdStartStrategy(String value) { set(coldStartStrategy(), value); return this; }

  /** The factor rank K. */
  public int modelRank() { return predictor.model().rank(); }

  /** The global mean rating mu of the training data. */
  public double globalMean() { return predictor.model().mean(); }

  /** The predicted rating of (user, item); NaN when either had no training rating. */
  public double predict(int user, int item) {
    MfPredictor.id(user, "user", "user argument");
    MfPredictor.id(item, "item", "item argument");
    return predictor.predict(user, item);
  }

  /** Columns {@code id} (int), {@code features} (array of K doubles), {@code bias} (double) of the seen users. */
  public Dataset<Row> userFactors() { return factors(false); }

  /** Columns {@code id}, {@code features}, {@code bias} of the items seen in training. */
  public Dataset<Row> itemFactors() { return factors(true); }

  private Dataset<Row> factors(boolean items) {
    MatrixFactorization mf = predictor.model();
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < (items ? mf.numItems() : mf.numUsers()); id++) {
      if (items ? predictor.seenItem(id) : predictor.seenUser(id)) {
        double[] r = predictor.row(id, items);
        rows.add(RowFactory.create(id, Arrays.copyOf(r, mf.rank()), r[mf.rank()]));
      }
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
        .add("bias", DataTypes.DoubleType, false);
    return SparkSession.active().createDataFrame(rows, schema);
  }

  /** Whether {@link #summary()} is available (true after {@code fit}, false after load). */
  public boolean hasSummary() { return summary.hasSummary(); }

  /**
   * The training summary of the {@code fit} that produced this model.
   *
   * @throws IllegalStateException for a model loaded from disk
   */
  public DtrainMatrixFactorizationSummary summary() { return summary.summary(this); }

  void setSummary(DtrainMatrixFactorizationSummary value) { summary.setSummary(value); }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.requireNumeric(schema, getUserCol(), "userCol");
    Schemas.requireNumeric(schema, getItemCol(), "itemCol");
    return Schemas.append(schema, getPredictionCol(), "predictionCol", DataTypes.DoubleType);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    Dataset<Row> df = dataset.toDF();
    MfPredictor p = predictor;
    String userCol = getUserCol();
    String itemCol = getItemCol();
    UDF2<Double, Double, Double> predict = (u, i) -> p.predict(u, i, userCol, itemCol);
    Dataset<Row> out = df.withColumn(getPredictionCol(), functions.udf(predict, DataTypes.DoubleType)
        .apply(df.col(userCol).cast(DataTypes.DoubleType), df.col(itemCol).cast(DataTypes.DoubleType)));
    return getColdStartStrategy().equals("drop") ? out.na().drop(new String[] {getPredictionCol()}) : out;
  }

  @Override
  public DtrainMatrixFactorizationModel copy(ParamMap extra) {
    DtrainMatrixFactorizationModel copy = new DtrainMatrixFactorizationModel(uid, predictor.model(),
        predictor.weights(), predictor.seenUsers(), predictor.seenItems());
    return summary.copied(this, copyValues(copy, extra), copy.summary);
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** Reads a model saved with {@code write().save(path)} (also inside a saved PipelineModel). */
  public static MLReader<DtrainMatrixFactorizationModel> read() {
    return new Reader();
  }

  /** {@code read().load(path)}. */
  public static DtrainMatrixFactorizationModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    MatrixFactorization mf = predictor.model();
    return "DtrainMatrixFactorizationModel: uid=" + uid + ", rank=" + mf.rank() + ", users=" + mf.numUsers()
        + ", items=" + mf.numItems();
  }

  /** Writes metadata, the sizes and one line per seen id. */
  private static final class Writer extends DtrainPersistence.StageWriter {
    private final DtrainMatrixFactorizationModel model;

    Writer(DtrainMatrixFactorizationModel model) {
      super(model);
      this.model = model;
    }

    @Override
    void describe(ObjectNode data) {
      MatrixFactorization mf = model.predictor.model();
      data.put("numUsers", mf.numUsers());
      data.put("numItems", mf.numItems());
      data.put("rank", mf.rank());
      data.put("regParam", mf.lambda());
      data.put("mean", mf.mean());
    }

    @Override
    void writeFiles(String path, SparkSession spark) {
      MfPredictor p = model.predictor;
      MatrixFactorization mf = p.model();
      List<String> lines = new ArrayList<>();
      for (int u = 0; u < mf.numUsers(); u++) {
        if (p.seenUser(u)) {
          lines.add(line("u", u, p.row(u, false)));
        }
      }
      for (int i = 0; i < mf.numItems(); i++) {
        if (p.seenItem(i)) {
          lines.add(line("i", i, p.row(i, true)));
        }
      }
      spark.createDataset(lines, Encoders.STRING()).coalesce(1).write().text(path + "/factors");
    }

    /** {@code kind id bias f_1 .. f_K}: the bias is the last element of {@code row}. */
    private static String line(String kind, int id, double[] row) {
      StringBuilder b = new StringBuilder(kind).append(' ').append(id).append(' ').append(row[row.length - 1]);
      for (int k = 0; k < row.length - 1; k++) {
        b.append(' ').append(row[k]);
      }
      return b.toString();
    }
  }

  /** Reads what {@link Writer} wrote; ids without a line are cold (never seen in training). */
  private static final class Reader extends DtrainPersistence.StageReader<DtrainMatrixFactorizationModel> {
    Reader() {
      super(DtrainMatrixFactorizationModel.class);
    }

    @Override
    DtrainMatrixFactorizationModel create(String uid, JsonNode data, String path, SparkSession spark) {
      MatrixFactorization mf = new MatrixFactorization(data.path("numUsers").asInt(),
          data.path("numItems").asInt(), data.path("rank").asInt(), data.path("regParam").asDouble(),
          data.path("mean").asDouble());
      double[] w = new double[mf.dimension()];
      boolean[] users = new boolean[mf.numUsers()];
      boolean[] items = new boolean[mf.numItems()];
      for (Row r : spark.read().text(path + "/factors").collectAsList()) {
        String[] f = r.getString(0).split(" ");
        boolean item = f[0].equals("i");
        int id = Integer.parseInt(f[1]);
        if (f.length != mf.rank() + 3 || !(item || f[0].equals("u"))) {
          throw new IllegalArgumentException("Cannot load " + path + "/factors: bad line for id " + id
              + " (expected u|i, the id, the bias and " + mf.rank() + " factors)");
        }
        int offset = item ? mf.itemOffset(id) : mf.userOffset(id);
        w[offset + mf.rank()] = Double.parseDouble(f[2]);
        for (int k = 0; k < mf.rank(); k++) {
          w[offset + k] = Double.parseDouble(f[3 + k]);
        }
        (item ? items : users)[id] = true;
      }
      return new DtrainMatrixFactorizationModel(uid, mf, w, users, items);
    }
  }
}
