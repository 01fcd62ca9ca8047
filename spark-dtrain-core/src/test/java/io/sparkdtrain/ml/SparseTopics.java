package io.sparkdtrain.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A seeded generated stand-in for 20-class sparse text (no such set is in {@code ../shared/data}):
 * documents of {@value #CLASSES} topics over a vocabulary of {@code vocabulary} words, each word drawn
 * with probability {@code topicShare} from its topic's own {@value #TOPIC_WORDS} words (Zipf within
 * them) and otherwise from the shared Zipf background over the whole vocabulary; 40-160 words a
 * document; features are term frequencies, each row L2-normalised (as news20's tf rows are).
 */
final class SparseTopics {
  static final int CLASSES = 20;
  static final int TOPIC_WORDS = 60;

  private SparseTopics() {}

  /** {@code rows} documents (label 0..19, features) from the stream {@code seed} of the corpus {@code corpusSeed}. */
  static Dataset<Row> documents(SparkSession spark, int rows, int vocabulary, double topicShare, long corpusSeed,
                                long seed) {
    SplittableRandom corpus = new SplittableRandom(corpusSeed);
    int[][] topicWords = new int[CLASSES][TOPIC_WORDS];
    for (int[] words : topicWords) {
      for (int j = 0; j < words.length; j++) {
        words[j] = corpus.nextInt(vocabulary);
      }
    }
    double[] background = zipfCumulative(vocabulary);
    double[] topic = zipfCumulative(TOPIC_WORDS);
    SplittableRandom r = new SplittableRandom(seed);
    List<Row> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      int label = r.nextInt(CLASSES);
      int length = 40 + r.nextInt(121);
      TreeMap<Integer, Double> tf = new TreeMap<>();
      for (int t = 0; t < length; t++) {
        int word = r.nextDouble() < topicShare ? topicWords[label][draw(topic, r)] : draw(background, r);
        tf.merge(word, 1.0, Double::sum);
      }
      double norm = Math.sqrt(tf.values().stream().mapToDouble(v -> v * v).sum());
      int[] idx = tf.keySet().stream().mapToInt(Integer::intValue).toArray();
      double[] val = tf.values().stream().mapToDouble(v -> v / norm).toArray();
      out.add(RowFactory.create((double) label, Vectors.sparse(vocabulary, idx, val)));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
    return spark.createDataFrame(out, schema).repartition(2);
  }

  private static double[] zipfCumulative(int n) {
    double[] c = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1.0 / (k + 1);
      c[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      c[k] /= sum;
    }
    return c;
  }

  private static int draw(double[] cumulative, SplittableRandom r) {
    double u = r.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
