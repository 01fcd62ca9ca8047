package io.sparkdtrain.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkdtrain.math.Softmax;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import java.util.Locale;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;

/**
 * The network a {@link DtrainMultilayerPerceptronClassifier} trained, as an MLlib
 * {@code ProbabilisticClassificationModel}: {@link #predictRaw} gives the log-probabilities (the
 * output layer's logits shifted by their log-sum-exp), {@link #raw2probabilityInPlace} their
 * softmax, and MLlib derives {@code prediction} (argmax, or MLlib's {@code thresholds} rule) and the
 * columns' metadata. Immutable apart from its column params. Saved with {@code write().save(path)}
 * ({@code path/metadata} as {@link DtrainPersistence} writes it, {@code path/data} one line of JSON
 * with {@code layers}, {@code activation} and the flat {@code weights}), also inside a
 * {@code PipelineModel}.
 */
public final class DtrainMultilayerPerceptronClassificationModel
    extends ProbabilisticClassificationModel<Vector, DtrainMultilayerPerceptronClassificationModel>
    implements DtrainMultilayerPerceptronParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final MlpParamSet mlpParams;
  private final MultilayerPerceptron network;
  private final double[] weights;
  private final TrainingSummaryHolder<DtrainMultilayerPerceptronTrainingSummary> summary =
      new TrainingSummaryHolder<>("summaries are not saved, a loaded model has none");

  /** A model of {@code network} with the given flat weights (no params, parent or history yet). */
  DtrainMultilayerPerceptronClassificationModel(String uid, MultilayerPerceptron network, double[] weights) {
    this(StageUid.stash(uid), network, weights, 0);
  }

  private DtrainMultilayerPerceptronClassificationModel(String uid, MultilayerPerceptron network, double[] weights,
                                                        int unused) {
    super(); // MLlib's traits create their params here, reading uid() from the stash
    this.uid = StageUid.taken(uid);
    if (weights.length != network.dimension()) {
      throw new IllegalArgumentException("Cannot set weights to " + weights.length + " values, layers="
          + network.layout().spec() + " has " + network.dimension() + " parameters");
    }
    this.mlpParams = new MlpParamSet(this);
    this.network = network;
    this.weights = weights.clone();
    set(layers(), network.layout().sizes());
    set(activation(), network.activation().name().toLowerCase(Locale.ROOT));
  }

  @Override
  public String uid() { return uid != null ? uid : StageUid.pending(); }

  @Override
  public MlpParamSet mlpParamSet() { return mlpParams; }

  @Override
  public int numClasses() { return network.layout().numClasses(); }

  @Override
  public int numFeatures() { return network.layout().numInputs(); }

  /** The weights, flat: per layer the {@code out x in} weight matrix row-major, then the biases (MlpLayout). */
  public Vector weights() { return Vectors.dense(weights.clone()); }

  /** The training objective after each evaluated round of the {@code fit} (empty for a loaded model). */
  public double[] objectiveHistory() {
    return summary.hasSummary() ? summary.summary(this).objectiveHistory() : new double[0];
  }

  /** Whether this model has the training summary of its {@code fit} (a loaded model has none). */
  public boolean hasSummary() { return summary.hasSummary(); }

  /**
   * What the {@code fit} recorded: per round seconds, bytes communicated, training objective and
   * validation accuracy (MLlib's {@code summary}). Not saved with the model, as MLlib's summaries.
   *
   * @throws IllegalStateException for a model without one (loaded from disk)
   */
  public DtrainMultilayerPerceptronTrainingSummary summary() { return summary.summary(this); }

  void setSummary(DtrainMultilayerPerceptronTrainingSummary value) { summary.setSummary(value); }

  /** The log-probabilities of the classes for one features vector. */
  @Override
  public Vector predictRaw(Vector features) {
    int in = network.layout().numInputs();
    if (features.size() != in) {
      throw new IllegalArgumentException("the features vector has " + features.size() + " entries but layers="
          + network.layout().spec() + " starts with " + in + " inputs (column '" + getFeaturesCol() + "')");
    }
    double[] out = new double[numClasses()];
    network.logProbabilities(features.toArray(), 1, weights, out, network.newWorkspace(1, 0L));
    return Vectors.dense(out);
  }

  /** Softmax of the raw prediction, in place. */
  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    DenseVector dense = Schemas.denseRawPrediction(rawPrediction);
    double[] v = dense.values();
    Softmax.probabilities(v, v.length, v);
    return dense;
  }

  /**
   * MLlib's (package-private in Scala, public in bytecode): Java sees the covariant Scala overrides
   * of {@code ClassificationModel} and {@code ProbabilisticClassificationModel} as a clash, so this
   * class restates the most specific one.
   */
  @Override
  @SuppressWarnings("rawtypes")
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public DtrainMultilayerPerceptronClassificationModel copy(ParamMap extra) {
    DtrainMultilayerPerceptronClassificationModel copy =
        new DtrainMultilayerPerceptronClassificationModel(uid, network, weights);
    return summary.copied(this, copyValues(copy, extra), copy.summary);
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** Reads a model saved with {@code write().save(path)}. */
  public static MLReader<DtrainMultilayerPerceptronClassificationModel> read() {
    return new Reader();
  }

  /** {@code read().load(path)}. */
  public static DtrainMultilayerPerceptronClassificationModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "DtrainMultilayerPerceptronClassificationModel: uid=" + uid + ", layers=" + network.layout().spec()
        + ", activation=" + network.activation().name().toLowerCase(Locale.ROOT);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Writes the params and the network (layers, activation, weights). */
  private static final class Writer extends MLWriter {
    private final DtrainMultilayerPerceptronClassificationModel model;

    Writer(DtrainMultilayerPerceptronClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      DtrainPersistence.writeMetadata(model, path, spark);
      ObjectNode data = JSON.createObjectNode();
      ArrayNode sizes = data.putArray("layers");
      for (int s : model.network.layout().sizes()) {
        sizes.add(s);
      }
      data.put("activation", model.network.activation().name().toLowerCase(Locale.ROOT));
      ArrayNode w = data.putArray("weights");
      for (double v : model.weights) {
        w.add(v);
      }
      DtrainPersistence.writeText(spark, data.toString(), path + "/data");
    }
  }

  /** Reads what {@link Writer} wrote. */
  private static final class Reader extends MLReader<DtrainMultilayerPerceptronClassificationModel> {
    @Override
    public DtrainMultilayerPerceptronClassificationModel load(String path) {
      SparkSession spark = sparkSession();
      JsonNode metadata = DtrainPersistence.readMetadata(path, spark,
          DtrainMultilayerPerceptronClassificationModel.class);
      JsonNode data = DtrainPersistence.readJson(spark, path + "/data");
      JsonNode sizes = data.path("layers");
      int[] layers = new int[sizes.size()];
      for (int i = 0; i < layers.length; i++) {
        layers[i] = sizes.get(i).asInt();
      }
      JsonNode w = data.path("weights");
      double[] weights = new double[w.size()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = w.get(i).asDouble();
      }
      MultilayerPerceptron network = new MultilayerPerceptron(new MlpLayout(layers),
          Activation.parse(data.path("activation").asText()), 0.0, 0.0);
      DtrainMultilayerPerceptronClassificationModel model =
          new DtrainMultilayerPerceptronClassificationModel(metadata.get("uid").asText(), network, weights);
      DtrainPersistence.applyParams(model, metadata, path);
      return model;
    }
  }
}
