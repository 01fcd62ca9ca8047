package io.sparkdtrain.ml;

import io.sparkdtrain.model.word2vec.SkipGramConfig;
import io.sparkdtrain.word2vec.Word2VecResult;
import io.sparkdtrain.word2vec.Word2VecSettings;
import io.sparkdtrain.word2vec.Word2VecTraining;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Word embeddings by skip-gram with negative sampling (Mikolov, Sutskever, Chen, Corrado and Dean,
 * "Distributed Representations of Words and Phrases and their Compositionality", NIPS 2013): an
 * Estimator with the API of MLlib's {@code Word2Vec} ({@code inputCol} of {@code array<string>},
 * {@code outputCol}, {@code vectorSize}, {@code windowSize}, {@code minCount}, {@code maxIter},
 * {@code stepSize}, {@code numPartitions}, {@code seed}, {@code maxSentenceLength}) plus
 * {@code strategy} (hogwild, local, sync), {@code numThreads}, {@code negative} and
 * {@code sample}. Its defaults are {@code dtrain word2vec}'s
 * ({@link io.sparkdtrain.model.word2vec.Word2VecDefaults}), so a user who sets nothing gets the same
 * model from either: 5 epochs ({@code maxIter}; MLlib 1) and the strategy's step size
 * ({@code stepSize} NaN: 0.1 for hogwild, 0.025 for local and sync; MLlib 0.025). The model
 * ({@link DtrainWord2VecModel}) offers {@code getVectors},
 * {@code findSynonyms} and {@code transform} (a document's average word vector) as MLlib's does.
 *
 * <p>{@code fit} checks the schema before any job (the message names the column and its type);
 * null documents and null tokens are skipped; an empty corpus or one where no word reaches
 * {@code minCount} fails with a message naming the column and {@code minCount}. The Estimator is
 * never changed.
 *
 * <pre>{@code
 * DtrainWord2VecModel model = new DtrainWord2Vec().setInputCol("words").setOutputCol("features")
 *     .setVectorSize(100).setNumPartitions(2).fit(documents);
 * model.findSynonyms("church", 5).show();
 * }</pre>
 */
public final class DtrainWord2Vec extends Estimator<DtrainWord2VecModel>
    implements DtrainWord2VecParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Word2VecParamSet params;

  /** An Estimator with a fresh uid. */
  public DtrainWord2Vec() {
    this(Identifiable.randomUID("dtrainW2v"));
  }

  /** An Estimator with the given uid (used by {@code copy} and persistence). */
  public DtrainWord2Vec(String uid) {
    this.uid = uid;
    this.params = new Word2VecParamSet(this);
  }

  @Override
  public String uid() { return uid; }

  @Override
  public Word2VecParamSet word2VecParamSet() { return params; }

  public DtrainWord2Vec setInputCol(String value) { set(inputCol(), value); return this; }
  public DtrainWord2Vec setOutputCol(String value) { set(outputCol(), value); return this; }
  public DtrainWord2Vec setVectorSize(int value) { set(vectorSize(), value); return this; }
  public DtrainWord2Vec setWindowSize(int value) { set(windowSize(), value); return this; }
  public DtrainWord2Vec setMinCount(int value) { set(minCount(), value); return this; }
  public DtrainWord2Vec setMaxIter(int value) { set(maxIter(), value); return this; }
  public DtrainWord2Vec setStepSize(double value) { set(stepSize(), value); return this; }
  public DtrainWord2Vec setNumPartitions(int value) { set(numPartitions(), value); return this; }
  public DtrainWord2Vec setSeed(long value) { set(seed(), value); return this; }
  public DtrainWord2Vec setMaxSentenceLength(int value) { set(maxSentenceLength(), value); return this; }
  public DtrainWord2Vec setStrategy(String value) { set(strategy(), value); return this; }
  public DtrainWord2Vec setNumThreads(int value) { set(numThreads(), value); return this; }
  public DtrainWord2Vec setNegative(int value) { set(negative(), value); return this; }
  public DtrainWord2Vec setSample(double value) { set(sample(), value); return this; }

  @Override
  public StructType transformSchema(StructType schema) {
    return validateAndTransformSchema(this, schema);
  }

  /** The Estimator's and the model's schema check: {@code inputCol} is array<string>, {@code outputCol} is new. */
  static StructType validateAndTransformSchema(DtrainWord2VecParams p, StructType schema) {
    if (!p.isDefined(p.inputCol()) || p.getInputCol().isEmpty()) {
      throw new IllegalArgumentException("The inputCol param is not set; set it to a column of array<string>");
    }
    String col = p.getInputCol();
    StructField field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(col)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Column '" + col + "' (inputCol) not found; the"
            + " DataFrame has columns " + Arrays.toString(schema.fieldNames())));
    DataType t = field.dataType();
    if (!(t instanceof ArrayType) || !((ArrayType) t).elementType().equals(DataTypes.StringType)) {
      throw new IllegalArgumentException("Column '" + col + "' (inputCol) must be of type array<string> but is "
          + t.simpleString());
    }
    return Schemas.append(schema, p.getOutputCol(), "outputCol", SQLDataTypes.VectorType());
  }

  @Override
  public DtrainWord2VecModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String col = getInputCol();
    JavaRDD<String[]> sentences = dataset.toDF().select(col).javaRDD().map(DtrainWord2Vec::tokens)
        .filter(s -> s.length > 0);
    Word2VecSettings settings = settings();
    WordVectorTable vectors;
    try {
      vectors = train(sentences, settings);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot fit DtrainWord2Vec on column '" + col + "' (inputCol): "
          + e.getMessage(), e);
    }
    DtrainWord2VecModel model = new DtrainWord2VecModel(uid, vectors);
    copyValues(model, ParamMap.empty());
    model.setParent(this);
    return model;
  }

  /** The non-null tokens of the document in the row's first column (none for a null document). */
  private static String[] tokens(Row row) {
    if (row.isNullAt(0)) {
      return new String[0];
    }
    List<String> list = row.getList(0);
    List<String> kept = new ArrayList<>(list.size());
    for (String token : list) {
      if (token != null) {
        kept.add(token);
      }
    }
    return kept.toArray(new String[0]);
  }

  /**
   * This Estimator's params as the training settings {@code fit} trains with: {@code numPartitions}
   * partitions, for hogwild {@code numThreads} tasks sharing an executor's tables (0: one per
   * partition), and with {@code stepSize} NaN (the default) no step size given, so the training
   * starts from the strategy's ({@link Word2VecSettings#startStepSize()}), as {@code dtrain word2vec}.
   *
   * @throws IllegalArgumentException naming the params when numThreads does not fit the strategy
   *     or numPartitions
   */
  public Word2VecSettings settings() {
    int threads = getNumThreads();
    if (threads > 0 && !getStrategy().equals("hogwild")) {
      throw new IllegalArgumentException("Cannot set numThreads to " + threads + " with strategy " + getStrategy()
          + ": numThreads is a Hogwild! setting (use numPartitions)");
    }
    if (threads > getNumPartitions()) {
      throw new IllegalArgumentException("Cannot set numThreads to " + threads + ", the value must be <= numPartitions ("
          + getNumPartitions() + ")");
    }
    SkipGramConfig.Builder builder = SkipGramConfig.builder().vectorSize(getVectorSize()).window(getWindowSize())
        .negative(getNegative()).sample(getSample()).minCount(getMinCount()).epochs(getMaxIter())
        .maxSentenceLength(getMaxSentenceLength()).seed(getSeed());
    SkipGramConfig skipGram = (Double.isNaN(getStepSize()) ? builder
        : builder.stepSize((float) getStepSize())).build();
    return Word2VecSettings.builder().skipGram(skipGram).strategy(getStrategy()).partitions(getNumPartitions())
        .threads(threads).trackLoss(false).build();
  }

  /**
   * The words of the corpus that reach {@code minCount} and their trained (input-table) vectors,
   * by {@link Word2VecTraining#fit} (which releases its broadcasts, cached sentences and shared
   * tables when it returns or fails).
   */
  private WordVectorTable train(JavaRDD<String[]> sentences, Word2VecSettings settings) {
    Word2VecResult result = Word2VecTraining.fit(sentences, settings);
    return new WordVectorTable(result.vocabulary().words(), settings.skipGram().vectorSize(),
        result.tables().input());
  }

  @Override
  public DtrainWord2Vec copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Saves the params (no data), so Pipelines holding this Estimator can be saved. */
  @Override
  public MLWriter write() {
    return new DtrainPersistence.ParamsWriter(this);
  }

  /** Reads an Estimator saved with {@code write().save(path)}. */
  public static MLReader<DtrainWord2Vec> read() {
    return new DtrainPersistence.ParamsReader<>(DtrainWord2Vec.class);
  }

  /** {@code read().load(path)}. */
  public static DtrainWord2Vec load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "DtrainWord2Vec: uid=" + uid + ", vectorSize=" + getVectorSize() + ", windowSize=" + getWindowSize()
        + ", minCount=" + getMinCount() + ", maxIter=" + getMaxIter() + ", strategy=" + getStrategy();
  }
}
