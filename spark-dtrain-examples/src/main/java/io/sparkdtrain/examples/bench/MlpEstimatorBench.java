package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.IdxInput;
import io.sparkdtrain.ml.DtrainMultilayerPerceptronClassificationModel;
import io.sparkdtrain.ml.DtrainMultilayerPerceptronClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code DtrainMultilayerPerceptronClassifier} on IDX data (Fashion-MNIST) as a user calls it: with
 * every default (sync, layers = features, 100, classes), and with the settings given. Prints one
 * line per fit: seconds, rounds, final training objective and test accuracy, next to the test rows'
 * majority-class rate.
 *
 * <pre>
 * mvn -q -pl spark-dtrain-core dependency:build-classpath -Dmdep.outputFile=/tmp/core-cp.txt
 * java -Xmx5g $FLAGS -cp spark-dtrain-examples/target/classes:spark-dtrain-core/target/classes:$(cat /tmp/core-cp.txt) \
 *   io.sparkdtrain.examples.bench.MlpEstimatorBench /usr/share/datasets/fashion-mnist/train \
 *   /usr/share/datasets/fashion-mnist/t10k "" "local:8:30"
 * </pre>
 *
 * with {@code $FLAGS} the pom's {@code spark.jvm.flags} (docs/neural-networks.md has the full command).
 *
 * Arguments: train prefix, test prefix, then fits as {@code STRATEGY:LOCAL_STEPS:MAX_ITER} (an empty
 * argument = every default).
 */
public final class MlpEstimatorBench {
  private MlpEstimatorBench() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("MlpEstimatorBench")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> train = frame(spark, IdxInput.load(args[0])).repartition(2).cache();
    Dataset<Row> test = frame(spark, IdxInput.load(args[1])).cache();
    long n = train.count();
    long m = test.count();
    double majority = test.groupBy("label").count().orderBy(org.apache.spark.sql.functions.desc("count"))
        .first().getLong(1) / (double) m;
    System.out.printf(Locale.ROOT, "train %d rows, test %d rows, majority-class rate %.4f%n", n, m, majority);
    for (int i = 2; i < args.length; i++) {
      DtrainMultilayerPerceptronClassifier clf = new DtrainMultilayerPerceptronClassifier();
      if (!args[i].isEmpty()) {
        String[] f = args[i].split(":");
        clf.setStrategy(f[0]).setLocalSteps(Integer.parseInt(f[1])).setMaxIter(Integer.parseInt(f[2]));
      }
      long t0 = System.nanoTime();
      DtrainMultilayerPerceptronClassificationModel model = clf.fit(train);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double accuracy = model.transform(test).filter("prediction = label").count() / (double) m;
      double[] history = model.objectiveHistory();
      System.out.printf(Locale.ROOT, "%-12s %7.1f s  objective %.4f -> %.4f  test accuracy %.4f%n",
          args[i].isEmpty() ? "defaults" : args[i], seconds, history[0], history[history.length - 1], accuracy);
    }
    spark.stop();
  }

  /** Rows (label, features) with pixels scaled to [0, 1], as {@code IdxInput} reads them (also for MlpMllibBench). */
  static Dataset<Row> frame(SparkSession spark, IdxInput.IdxData d) {
    int features = d.numFeatures();
    List<Row> rows = new ArrayList<>(d.count());
    for (int r = 0; r < d.count(); r++) {
      double[] x = new double[features];
      for (int j = 0; j < features; j++) {
        x[j] = (d.pixels()[r * features + j] & 0xFF) / 255.0;
      }
      rows.add(RowFactory.create((double) (d.labels()[r] & 0xFF), Vectors.dense(x).compressed()));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType());
    return spark.createDataFrame(rows, schema);
  }
}
