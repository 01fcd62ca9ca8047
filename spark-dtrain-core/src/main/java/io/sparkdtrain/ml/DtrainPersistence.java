package io.sparkdtrain.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkdtrain.model.linear.ModelShape;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Saving and loading, in the layout of Spark's {@code DefaultParamsWriter}/{@code Reader} so that
 * {@code PipelineModel}, {@code CrossValidatorModel} and friends can hold our stages:
 * <ul>
 *   <li>{@code path/metadata}: one line of JSON in a text file with {@code class}, {@code timestamp},
 *       {@code sparkVersion}, {@code uid}, {@code paramMap} (the params set explicitly) and
 *       {@code defaultParamMap}, each value encoded by its {@code Param.jsonEncode};
 *   <li>{@code path/data} (models only): one line of JSON in a text file with {@code objective},
 *       {@code numFeatures}, {@code numOutputs}, {@code fitIntercept} and the flat {@code weights}
 *       (doubles written in their shortest round-trip form, so loading is exact).
 * </ul>
 * Written here rather than through Spark's {@code private[ml]} helpers, whose signatures differ
 * between Spark 3.5 and 4.0. Both files are text written through the writer's session (JSON rather
 * than Parquet: a Parquet write ships Spark SQL types through the configured serializer, which
 * fails under {@code spark.kryo.registrationRequired=true} unless the application registers them).
 */
final class DtrainPersistence {
  private static final ObjectMapper JSON = new ObjectMapper();
  private DtrainPersistence() {}

  /**
   * Writes a stage: its params ({@link #writeMetadata}), then the JSON its {@link #describe} fills
   * as {@code path/data} (none when it adds nothing), then the files of {@link #writeFiles}.
   */
  abstract static class StageWriter extends MLWriter {
    private final Params stage;

    StageWriter(Params stage) {
      this.stage = stage;
    }

    /** Adds the stage's sizes and settings to {@code data}; nothing by default. */
    void describe(ObjectNode data) {}

    /** Writes the stage's other files under {@code path}; nothing by default. */
    void writeFiles(String path, SparkSession spark) {}

    @Override
    public final void saveImpl(String path) {
      SparkSession spark = sparkSession();
      writeMetadata(stage, path, spark);
      ObjectNode data = JSON.createObjectNode();
      describe(data);
      if (!data.isEmpty()) {
        writeText(spark, data.toString(), path + "/data");
      }
      writeFiles(path, spark);
    }
  }

  /** Writes the params of any {@link Params} (Estimators). */
  static final class ParamsWriter extends StageWriter {
    ParamsWriter(Params instance) {
      super(instance);
    }
  }

  /** Writes the params and the weights of a model. */
  static final class ModelWriter extends StageWriter {
    private final DtrainModel model;

    ModelWriter(DtrainModel model) {
      super(model);
      this.model = model;
    }

    @Override
    void describe(ObjectNode data) {
      ModelShape s = model.shape();
      data.put("objective", model.lossName());
      data.put("numFeatures", s.numFeatures());
      data.put("numOutputs", s.numOutputs());
      data.put("fitIntercept", s.fitIntercept());
      ArrayNode weights = data.putArray("weights");
      for (double w : model.weights().toArray()) {
        weights.add(w);
      }
    }
  }

  /** Reads an Estimator saved by {@link ParamsWriter}: its {@code (String uid)} constructor, then the params. */
  static final class ParamsReader<T extends Params> extends MLReader<T> {
    private final Class<T> cls;

    ParamsReader(Class<T> cls) {
      this.cls = cls;
    }

    @Override
    public T load(String path) {
      JsonNode metadata = readMetadata(path, sparkSession(), cls);
      T instance;
      try {
        instance = cls.getConstructor(String.class).newInstance(metadata.get("uid").asText());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create " + cls.getName() + " from " + path, e);
      }
      applyParams(instance, metadata, path);
      return instance;
    }
  }

  /** Creates a model of the concrete type from its saved data. */
  interface ModelFactory<M> {
    M create(String uid, double[] weights, ModelShape shape, String objective);
  }

  /**
   * Reads what a {@link StageWriter} wrote: the params' metadata (checked against the class), the
   * {@code data} JSON, the stage {@link #create} builds from them and its files, then the saved
   * params set on it.
   */
  abstract static class StageReader<M extends Params> extends MLReader<M> {
    private final Class<M> cls;

    StageReader(Class<M> cls) {
      this.cls = cls;
    }

    /** The stage {@code uid} from its {@code data} and its files under {@code path}. */
    abstract M create(String uid, JsonNode data, String path, SparkSession spark);

    @Override
    public final M load(String path) {
      SparkSession spark = sparkSession();
      JsonNode metadata = readMetadata(path, spark, cls);
      JsonNode data = readJson(spark, path + "/data");
      M model = create(metadata.get("uid").asText(), data, path, spark);
      applyParams(model, metadata, path);
      return model;
    }
  }

  /** Reads a model saved by {@link ModelWriter}. */
  static final class ModelReader<M extends DtrainModel> extends StageReader<M> {
    private final ModelFactory<M> factory;

    ModelReader(Class<M> cls, ModelFactory<M> factory) {
      super(cls);
      this.factory = factory;
    }

    @Override
    M create(String uid, JsonNode data, String path, SparkSession spark) {
      ModelShape shape = new ModelShape(data.path("numFeatures").asInt(), data.path("numOutputs").asInt(),
          data.path("fitIntercept").asBoolean());
      JsonNode weights = data.path("weights");
      double[] w = new double[weights.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = weights.get(i).asDouble();
      }
      return factory.create(uid, w, shape, data.path("objective").asText());
    }
  }

  static void writeMetadata(Params instance, String path, SparkSession spark) {
    ObjectNode root = JSON.createObjectNode();
    root.put("class", instance.getClass().getName());
    root.put("timestamp", System.currentTimeMillis());
    root.put("sparkVersion", spark.version());
    root.put("uid", instance.uid());
    ObjectNode set = root.putObject("paramMap");
    ObjectNode defaults = root.putObject("defaultParamMap");
    for (Param<?> p : instance.params()) {
      @SuppressWarnings("unchecked")
      Param<Object> param = (Param<Object>) p;
      if (instance.isSet(param)) {
        set.set(param.name(), parse(param.jsonEncode(instance.getOrDefault(param))));
      }
      if (instance.hasDefault(param)) {
        defaults.set(param.name(), parse(param.jsonEncode(instance.getDefault(param).get())));
      }
    }
    writeText(spark, root.toString(), path + "/metadata");
  }

  static void writeText(SparkSession spark, String line, String dir) {
    spark.createDataset(List.of(line), Encoders.STRING()).coalesce(1).write().text(dir);
  }

  static JsonNode readJson(SparkSession spark, String dir) {
    String text = spark.read().text(dir).first().getString(0);
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  static JsonNode readMetadata(String path, SparkSession spark, Class<?> expected) {
    JsonNode metadata = readJson(spark, path + "/metadata");
    String cls = metadata.path("class").asText();
    if (!cls.equals(expected.getName())) {
      throw new IllegalArgumentException("Cannot load " + expected.getName() + " from " + path
          + ": it holds a " + (cls.isEmpty() ? "stage without a class name" : cls));
    }
    return metadata;
  }

  /**
   * Sets the saved params and defaults on {@code instance}. Files written by earlier versions load:
   * {@code maxRounds} is read as {@code maxIter} (one param since MLlib's name was added), and a
   * model's {@code numClasses} setting (now an Estimator-only param; the model counts its classes)
   * is dropped; so is {@code thresholds} when empty or a default (before MLlib's param replaced
   * ours, an empty array stood for "not set": MLlib's has no default and no empty value).
   */
  static void applyParams(Params instance, JsonNode metadata, String path) {
    Iterator<Map.Entry<String, JsonNode>> set = metadata.path("paramMap").fields();
    while (set.hasNext()) {
      Map.Entry<String, JsonNode> e = set.next();
      String name = currentName(e.getKey());
      if (name.equals("numClasses") && instance instanceof org.apache.spark.ml.Model) {
        continue;
      }
      if (name.equals("thresholds") && e.getValue().size() == 0) {
        continue; // an empty array meant "not set" before thresholds became MLlib's param
      }
      if (!instance.hasParam(name)) {
        throw new IllegalArgumentException("Cannot load " + path + ": " + instance.getClass().getName()
            + " has no param '" + e.getKey() + "'");
      }
      Param<Object> param = instance.getParam(name);
      instance.set(param, param.jsonDecode(e.getValue().toString()));
    }
    Iterator<Map.Entry<String, JsonNode>> defaults = metadata.path("defaultParamMap").fields();
    while (defaults.hasNext()) {
      Map.Entry<String, JsonNode> e = defaults.next();
      String name = currentName(e.getKey());
      boolean noLongerDefault = name.equals("thresholds"); // MLlib's thresholds has no default
      if (instance.hasParam(name) && !noLongerDefault) { // a default this version lacks is dropped
        Param<Object> param = instance.getParam(name);
        instance.setDefault(param, param.jsonDecode(e.getValue().toString()));
      }
    }
  }

  /** The param's name in this version for a name found in a saved file. */
  private static String currentName(String saved) {
    return saved.equals("maxRounds") ? "maxIter" : saved;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a param encoded invalid JSON: " + json, e);
    }
  }
}
