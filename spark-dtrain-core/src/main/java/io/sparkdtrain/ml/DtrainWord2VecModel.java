package io.sparkdtrain.ml;

import io.sparkdtrain.model.word2vec.WordVectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Word vectors trained by {@link DtrainWord2Vec}, used like MLlib's {@code Word2VecModel}:
 * {@link #getVectors()} ({@code word: string, vector: vector}), {@link #findSynonyms(String, int)}
 * and {@link #findSynonyms(Vector, int)} ({@code word: string, similarity: double}, cosine, the
 * queried word itself excluded) and {@code transform}, which adds {@code outputCol}: the sum of the
 * vectors of a document's words that are in the vocabulary divided by the document's number of
 * tokens, the zero vector for an empty document (MLlib's semantics).
 *
 * <p>Saved with {@code write()}, also inside a {@code PipelineModel}: {@code path/metadata}
 * (params, as {@link DtrainPersistence}), {@code path/data} (one JSON line: the number of words
 * and {@code vectorSize}) and {@code path/vectors}, Parquet rows {@code (word: string, vector:
 * array<float>)} written by the executors from a broadcast of the table, so that no single
 * serialized object holds the whole model (a model larger than Kryo's buffer saves and loads).
 */
public final class DtrainWord2VecModel extends Model<DtrainWord2VecModel>
    implements DtrainWord2VecParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Word2VecParamSet params;
  private final WordVectorTable table;
  private transient WordVectors cosines;
  private transient Broadcast<WordVectorTable> broadcast;
  private transient SparkContext broadcastContext;

  /** A model over trained vectors (not copied). */
  DtrainWord2VecModel(String uid, WordVectorTable table) {
    this.uid = uid;
    this.params = new Word2VecParamSet(this);
    this.table = table;
  }

  /**
   * A model from words and their vectors, for vectors trained elsewhere.
   *
   * @param words the words, without duplicates
   * @param vectorSize d
   * @param vectors {@code words.length x d} values, row-major, copied
   * @throws IllegalArgumentException when the sizes do not match or a word repeats
   */
  public DtrainWord2VecModel(String uid, String[] words, int vectorSize, float[] vectors) {
    this(uid, new WordVectorTable(words.clone(), vectorSize, vectors.clone()));
  }

  @Override
  public String uid() { return uid; }

  @Override
  public Word2VecParamSet word2VecParamSet() { return params; }

  public DtrainWord2VecModel setInputCol(String value) { set(inputCol(), value); return this; }
  public DtrainWord2VecModel setOutputCol(String value) { set(outputCol(), value); return this; }

  /** The number of words in the vocabulary. */
  public int numWords() { return table.size(); }

  /** The table (the model's own, not a copy; internal). */
  WordVectorTable table() { return table; }

  /** One row per vocabulary word: {@code word} (string) and {@code vector} (an MLlib Vector of doubles). */
  public Dataset<Row> getVectors() {
    List<Row> rows = new ArrayList<>(table.size());
    for (int w = 0; w < table.size(); w++) {
      rows.add(RowFactory.create(table.word(w), table.vector(w)));
    }
    StructType schema = new StructType().add("word", DataTypes.StringType, false)
        .add("vector", SQLDataTypes.VectorType(), false);
    return SparkSession.active().createDataFrame(rows, schema);
  }

  /**
   * The {@code num} words most similar to {@code word} by cosine, most similar first, the word itself
   * excluded: columns {@code word}, {@code similarity}.
   *
   * @throws IllegalArgumentException when {@code word} is not in the vocabulary or {@code num < 1}
   */
  public Dataset<Row> findSynonyms(String word, int num) {
    return synonymsFrame(findSynonymsArray(word, num));
  }

  /** The {@code num} words most similar to {@code vector} by cosine (none excluded): columns {@code word}, {@code similarity}. */
  public Dataset<Row> findSynonyms(Vector vector, int num) {
    return synonymsFrame(findSynonymsArray(vector, num));
  }

  /** {@link #findSynonyms(String, int)} as (word, similarity) pairs on the driver. */
  public Tuple2<String, Double>[] findSynonymsArray(String word, int num) {
    if (table.indexOf(word) < 0) {
      throw new IllegalArgumentException("Word '" + word + "' is not in the vocabulary of " + table.size() + " words");
    }
    return pairs(cosines().nearest(word, checkNum(num)));
  }

  /** {@link #findSynonyms(Vector, int)} as (word, similarity) pairs on the driver. */
  public Tuple2<String, Double>[] findSynonymsArray(Vector vector, int num) {
    if (vector.size() != table.vectorSize()) {
      throw new IllegalArgumentException("The query vector has " + vector.size() + " values, vectorSize is "
          + table.vectorSize());
    }
    float[] query = new float[vector.size()];
    for (int k = 0; k < query.length; k++) {
      query[k] = (float) vector.apply(k);
    }
    return pairs(cosines().nearest(query, checkNum(num), -1, -1, -1));
  }

  private static int checkNum(int num) {
    if (num < 1) {
      throw new IllegalArgumentException("Cannot ask for num=" + num + " synonyms, the value must be >= 1");
    }
    return num;
  }

  @SuppressWarnings("unchecked")
  private static Tuple2<String, Double>[] pairs(List<WordVectors.Neighbour> neighbours) {
    Tuple2<String, Double>[] out = new Tuple2[neighbours.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Tuple2<>(neighbours.get(i).word(), neighbours.get(i).cosine());
    }
    return out;
  }

  private static Dataset<Row> synonymsFrame(Tuple2<String, Double>[] pairs) {
    List<Row> rows = new ArrayList<>(pairs.length);
    for (Tuple2<String, Double> p : pairs) {
      rows.add(RowFactory.create(p._1(), p._2()));
    }
    StructType schema = new StructType().add("word", DataTypes.StringType, false)
        .add("similarity", DataTypes.DoubleType, false);
    return SparkSession.active().createDataFrame(rows, schema);
  }

  private synchronized WordVectors cosines() {
    if (cosines == null) {
      cosines = table.toWordVectors();
    }
    return cosines;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return DtrainWord2Vec.validateAndTransformSchema(this, schema);
  }

  /**
   * Adds {@code outputCol}, each document's average word vector. The table is broadcast once per
   * model (on the first {@code transform}) and reused by later calls.
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    Dataset<Row> df = dataset.toDF();
    Broadcast<WordVectorTable> b = broadcast(dataset.sparkSession());
    UDF1<scala.collection.Seq<String>, Vector> average = document -> b.value().average(document);
    return df.withColumn(getOutputCol(), functions.udf(average, SQLDataTypes.VectorType())
        .apply(df.col(getInputCol())));
  }

  /** The table's broadcast in {@code spark}'s context, made on first use (again after a context change). */
  private synchronized Broadcast<WordVectorTable> broadcast(SparkSession spark) {
    if (broadcast == null || broadcastContext != spark.sparkContext()) {
      broadcastContext = spark.sparkContext();
      broadcast = broadcastContext.broadcast(table, scala.reflect.ClassTag$.MODULE$.apply(WordVectorTable.class));
    }
    return broadcast;
  }

  @Override
  public DtrainWord2VecModel copy(ParamMap extra) {
    DtrainWord2VecModel copy = new DtrainWord2VecModel(uid, table);
    copyValues(copy, extra);
    if (hasParent()) {
      copy.setParent(parent());
    }
    return copy;
  }

  @Override
  public MLWriter write() {
    return new WordVectorTableIo.Writer(this);
  }

  /** Reads a model saved with {@code write().save(path)} (also inside a saved PipelineModel). */
  public static MLReader<DtrainWord2VecModel> read() {
    return new WordVectorTableIo.Reader();
  }

  /** {@code read().load(path)}. */
  public static DtrainWord2VecModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "DtrainWord2VecModel: uid=" + uid + ", words=" + table.size() + ", vectorSize=" + table.vectorSize();
  }
}
