package io.sparkdtrain.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Saving and loading {@link DtrainWord2VecModel}: {@code path/metadata} (params, as
 * {@link DtrainPersistence}), {@code path/data} (one JSON line: {@code numWords},
 * {@code vectorSize}) and {@code path/vectors}, Parquet rows {@code (word: string, vector:
 * array<float>)} as MLlib's {@code Word2VecModel} writes them. The rows are made by the executors
 * from a broadcast of the table (a stream, chunked by Spark), one Parquet file per
 * {@link #FLOATS_PER_FILE} values, and read back row by row ({@code toLocalIterator}), so no single
 * serialized object holds the whole model: a model larger than Kryo's 64 MB buffer works.
 */
final class WordVectorTableIo {
  /** Values per Parquet file (32 MB of floats). */
  static final int FLOATS_PER_FILE = 8 << 20;

  private static final StructType SCHEMA = new StructType().add("word", DataTypes.StringType, false)
      .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  private WordVectorTableIo() {}

  /** Writes metadata, sizes and one Parquet row per word; the broadcast is destroyed before returning. */
  static final class Writer extends DtrainPersistence.StageWriter {
    private final DtrainWord2VecModel model;

    Writer(DtrainWord2VecModel model) {
      super(model);
      this.model = model;
    }

    @Override
    void describe(ObjectNode data) {
      data.put("numWords", model.table().size());
      data.put("vectorSize", model.table().vectorSize());
    }

    @Override
    void writeFiles(String path, SparkSession spark) {
      WordVectorTable table = model.table();
      int wordsPerFile = Math.max(1, FLOATS_PER_FILE / table.vectorSize());
      int files = (table.size() + wordsPerFile - 1) / wordsPerFile;
      List<Integer> starts = new ArrayList<>(files);
      for (int f = 0; f < files; f++) {
        starts.add(f * wordsPerFile);
      }
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Broadcast<WordVectorTable> b = sc.broadcast(table);
      try {
        JavaRDD<Row> rows = sc.parallelize(starts, Math.max(1, files))
            .flatMap(start -> rows(b.value(), start, Math.min(b.value().size(), start + wordsPerFile)));
        spark.createDataFrame(rows, SCHEMA).write().parquet(path + "/vectors");
      } finally {
        b.destroy();
      }
    }

    private static Iterator<Row> rows(WordVectorTable t, int from, int to) {
      return new Iterator<>() {
        private int w = from;

        @Override
        public boolean hasNext() { return w < to; }

        @Override
        public Row next() {
          float[] v = new float[t.vectorSize()];
          for (int k = 0; k < v.length; k++) {
            v[k] = t.value(w, k);
          }
          return RowFactory.create(t.word(w++), v);
        }
      };
    }
  }

  /** Reads what {@link Writer} wrote, checking the count of words and the length of every vector. */
  static final class Reader extends DtrainPersistence.StageReader<DtrainWord2VecModel> {
    Reader() {
      super(DtrainWord2VecModel.class);
    }

    @Override
    DtrainWord2VecModel create(String uid, JsonNode data, String path, SparkSession spark) {
      int numWords = data.path("numWords").asInt();
      int d = data.path("vectorSize").asInt();
      String dir = path + "/vectors";
      String[] words = new String[numWords];
      float[] vectors = new float[Math.multiplyExact(numWords, d)];
      int w = 0;
      Iterator<Row> it = spark.read().parquet(dir).select("word", "vector").toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        List<Float> v = r.getList(1);
        if (w >= numWords || r.isNullAt(0) || v.size() != d) {
          throw new IllegalArgumentException("Cannot load " + dir + ": row " + w + " (word '" + r.get(0)
              + "') does not fit " + path + "/data (numWords=" + numWords + ", vectorSize=" + d + ", vector of "
              + v.size() + " values)");
        }
        words[w] = r.getString(0);
        for (int k = 0; k < d; k++) {
          vectors[w * d + k] = v.get(k);
        }
        w++;
      }
      if (w != numWords) {
        throw new IllegalArgumentException("Cannot load " + dir + ": it holds " + w + " words, " + path
            + "/data says numWords=" + numWords);
      }
      return new DtrainWord2VecModel(uid, new WordVectorTable(words, d, vectors));
    }
  }
}
