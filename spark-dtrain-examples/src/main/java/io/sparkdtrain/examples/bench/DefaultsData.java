package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.IdxInput;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The data sets of the "defaults" table ({@code dtrain bench-defaults}): train and test DataFrames
 * with a {@code label} column (0..K-1) and a {@code features} vector column, cached, as a user of the
 * Estimators and of MLlib would hand them over.
 *
 * @param name the table's row name
 * @param classes K (2 = binary: the metric is test AUC; otherwise test accuracy)
 */
public record DefaultsData(String name, int classes, Dataset<Row> train, Dataset<Row> test) {

  /** The set called {@code name}: a9a, a9a-std, news20, dna, fashion-mnist or imbalanced. */
  public static DefaultsData load(SparkSession spark, String name, String dataDir, String fashionDir,
                                  int fashionRows, int imbalancedRows) {
    switch (name) {
      case "a9a":
        return libsvm(spark, name, 2, dataDir + "/a9a/a9a", dataDir + "/a9a/a9a.t", 123, "IF(label > 0, 1.0, 0.0)");
      case "a9a-std": {
        DefaultsData raw = load(spark, "a9a", dataDir, fashionDir, fashionRows, imbalancedRows);
        StandardScalerModel scaler = new StandardScaler().setInputCol("features").setOutputCol("scaled")
            .setWithMean(true).setWithStd(true).fit(raw.train());
        return cache(name, 2, scaler.transform(raw.train()).selectExpr("label", "scaled AS features"),
            scaler.transform(raw.test()).selectExpr("label", "scaled AS features"));
      }
      case "news20":
        return libsvm(spark, name, 2, dataDir + "/news20-binary/news20.binary.train.libsvm.gz",
            dataDir + "/news20-binary/news20.binary.test.libsvm.gz", 130107, "IF(label > 0, 1.0, 0.0)");
      case "dna":
        return libsvm(spark, name, 3, dataDir + "/dna/dna.scale", dataDir + "/dna/dna.scale.t", 180, "label - 1.0");
      case "fashion-mnist":
        return cache(name, 10, idx(spark, fashionDir + "/train", fashionRows), idx(spark, fashionDir + "/t10k", 10000));
      case "imbalanced":
        return imbalanced(spark, imbalancedRows, 20, 0.03, 11L);
      default:
        throw new IllegalArgumentException("Unknown data set '" + name
            + "'; expected one of a9a, a9a-std, news20, dna, fashion-mnist, imbalanced");
    }
  }

  private static DefaultsData libsvm(SparkSession spark, String name, int classes, String train, String test,
                                     int features, String label) {
    for (String f : new String[] {train, test}) {
      if (!new File(f).isFile()) {
        throw new IllegalArgumentException("data set " + name + ": file " + f + " not found (see --data-dir)");
      }
    }
    return cache(name, classes, read(spark, train, features, label), read(spark, test, features, label));
  }

  private static Dataset<Row> read(SparkSession spark, String path, int features, String label) {
    return spark.read().format("libsvm").option("numFeatures", String.valueOf(features)).load(path)
        .selectExpr("CAST(" + label + " AS DOUBLE) AS label", "features");
  }

  private static DefaultsData cache(String name, int classes, Dataset<Row> train, Dataset<Row> test) {
    Dataset<Row> tr = train.cache();
    Dataset<Row> te = test.cache();
    tr.count();
    te.count();
    return new DefaultsData(name, classes, tr, te);
  }

  private static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());

  /** The first {@code rows} images of {@code PREFIX-images-idx3-ubyte.gz}, pixels / 255. */
  private static Dataset<Row> idx(SparkSession spark, String prefix, int rows) {
    IdxInput.IdxData d = IdxInput.load(prefix);
    int n = Math.min(rows, d.count());
    int f = d.numFeatures();
    List<Row> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] x = new double[f];
      for (int j = 0; j < f; j++) {
        x[j] = (d.pixels()[i * f + j] & 0xFF) / 255.0;
      }
      out.add(RowFactory.create((double) d.label(i), Vectors.dense(x).compressed()));
    }
    return spark.createDataFrame(out, SCHEMA);
  }

  /**
   * Generated, imbalanced: {@code d} standard normal features, a planted model with N(0, 1)
   * weights, labels drawn from the logistic model with the bias that gives {@code positives} of
   * positive labels (found by bisection on the drawn margins). Test set: half as many rows.
   */
  static DefaultsData imbalanced(SparkSession spark, int rows, int d, double positives, long seed) {
    Random rnd = new Random(seed);
    double[] w = new double[d];
    for (int j = 0; j < d; j++) {
      w[j] = rnd.nextGaussian();
    }
    int total = rows + rows / 2;
    double[][] x = new double[total][d];
    double[] margin = new double[total];
    for (int i = 0; i < total; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = rnd.nextGaussian();
        margin[i] += w[j] * x[i][j];
      }
    }
    double lo = -50;
    double hi = 50;
    for (int it = 0; it < 60; it++) {
      double b = (lo + hi) / 2;
      double p = 0;
      for (double m : margin) {
        p += 1 / (1 + Math.exp(-(m + b)));
      }
      if (p / total > positives) {
        hi = b;
      } else {
        lo = b;
      }
    }
    List<Row> train = new ArrayList<>();
    List<Row> test = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      double y = rnd.nextDouble() < 1 / (1 + Math.exp(-(margin[i] + lo))) ? 1.0 : 0.0;
      (i < rows ? train : test).add(RowFactory.create(y, Vectors.dense(x[i])));
    }
    return cache("imbalanced", 2, spark.createDataFrame(train, SCHEMA), spark.createDataFrame(test, SCHEMA));
  }
}
