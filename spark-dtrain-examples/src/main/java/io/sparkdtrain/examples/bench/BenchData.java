package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.MarginLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.RDDInfo;

/**
 * Where a benchmark's data comes from: a LIBSVM path, or {@code gen:ROWSxFEATURESxNNZ} for seeded
 * sparse binary data from a planted logistic model ({@link SyntheticData}); and what the cached
 * copies cost in memory.
 */
public final class BenchData {
  private BenchData() {}

  /**
   * A parsed {@code gen:ROWSxFEATURESxNNZ} specification, or {@code null} when {@code data} is a
   * path.
   *
   * @throws IllegalArgumentException naming the option and the value when it starts with
   *     {@code gen:} but is malformed
   */
  public static SyntheticData.Spec generated(String data, long seed) {
    if (!data.startsWith("gen:")) {
      return null;
    }
    String[] p = data.substring(4).toLowerCase(Locale.ROOT).split("x");
    try {
      if (p.length == 3) {
        return SyntheticData.Spec.sparseBinary(parseCount(p[0]), (int) parseCount(p[1]), (int) parseCount(p[2]), seed);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value '" + data + "' for option --data: " + e.getMessage());
    }
    throw new IllegalArgumentException("Invalid value '" + data + "' for option --data: generated data is "
        + "gen:ROWSxFEATURESxNNZ, e.g. gen:1000000x100000x100 (k and m suffixes allowed)");
  }

  /** "200k" = 200000, "2m" = 2000000, plain integers as they are. */
  static long parseCount(String s) {
    long mult = 1;
    String t = s.trim();
    if (t.endsWith("k")) {
      mult = 1_000;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      mult = 1_000_000;
      t = t.substring(0, t.length() - 1);
    }
    long v;
    try {
      v = Long.parseLong(t) * mult;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + s + "' is not a count");
    }
    if (v < 1 || v > Integer.MAX_VALUE * (long) 1000) {
      throw new IllegalArgumentException("'" + s + "' must be >= 1");
    }
    return v;
  }

  /** The training set: the LIBSVM file, or generated. */
  public static TrainingData train(SparkSession spark, String data, SyntheticData.Spec gen, int numFeatures,
                                   int partitions, MarginLoss loss) {
    if (gen != null) {
      return SyntheticData.train(JavaSparkContext.fromSparkContext(spark.sparkContext()), gen, partitions, loss);
    }
    return LibsvmInput.read(spark, data, numFeatures, partitions, loss);
  }

  /** The test set: the LIBSVM file, a generated split of {@code testRows} rows, or {@code null}. */
  public static TrainingData test(SparkSession spark, String test, SyntheticData.Spec gen, long testRows,
                                  int numFeatures, int partitions, MarginLoss loss) {
    if (gen != null) {
      return testRows == 0 ? null
          : SyntheticData.test(JavaSparkContext.fromSparkContext(spark.sparkContext()), gen, testRows, partitions, loss);
    }
    return test == null ? null : LibsvmInput.read(spark, test, numFeatures, partitions, loss);
  }

  /**
   * The training rows as MLlib wants them: {@code label} (0/1) and ML {@code features}; read from
   * the LIBSVM file, or converted from the generated blocks. Not cached.
   */
  public static Dataset<Row> mllibFrame(SparkSession spark, String data, SyntheticData.Spec gen, TrainingData train) {
    if (gen == null) {
      return LibsvmInput.dataFrame(spark, data, train.numFeatures())
          .selectExpr("CAST(IF(label > 0, 1.0, 0.0) AS DOUBLE) AS label", "features");
    }
    JavaRDD<Row> rows = train.blocks().flatMap(b -> rowsOf(b).iterator());
    StructType schema = new StructType().add("label", DataTypes.DoubleType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    return spark.createDataFrame(rows, schema);
  }

  private static List<Row> rowsOf(CsrBlock b) {
    List<Row> out = new ArrayList<>(b.numRows());
    for (int i = 0; i < b.numRows(); i++) {
      int s = b.rowStart(i);
      int e = b.rowEnd(i);
      out.add(RowFactory.create(b.label(i) > 0 ? 1.0 : 0.0, new SparseVector(b.numFeatures(),
          Arrays.copyOfRange(b.indices(), s, e), Arrays.copyOfRange(b.values(), s, e))));
    }
    return out;
  }

  /**
   * Memory of the cached copies: the CSR arrays' own bytes ({@link CsrBlock#sizeInBytes()}, summed
   * over the blocks), and Spark's storage size ({@code getRDDStorageInfo}: memory plus disk) of our
   * cached blocks and of the MLlib copies, with the ratio of our blocks' storage to the arrays. The
   * cached DataFrame's RDD has no id we can name, so its size is what is cached besides the RDDs
   * listed in {@code otherCached} (ours, the MLlib points and the test set).
   */
  public static Map<String, Object> memory(SparkSession spark, TrainingData train, int mllibPointsRdd,
                                           List<Integer> otherCached) {
    long csr = train.blocks().map(CsrBlock::sizeInBytes).reduce(Long::sum);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("csr_array_bytes", csr);
    long blocks = storageBytes(spark, train.blocks().id());
    m.put("dtrain_blocks_storage_bytes", blocks);
    m.put("dtrain_blocks_over_csr", blocks > 0 ? blocks / (double) csr : Double.NaN);
    m.put("mllib_points_rdd_storage_bytes", storageBytes(spark, mllibPointsRdd));
    long rest = 0;
    for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
      if (info.id() != train.blocks().id() && info.id() != mllibPointsRdd && !otherCached.contains(info.id())) {
        rest += info.memSize() + info.diskSize();
      }
    }
    m.put("mllib_dataframe_storage_bytes", rest);
    return m;
  }

  /** Spark's storage size (memory plus disk) of RDD {@code id}, or -1 when it is not cached. */
  static long storageBytes(SparkSession spark, int id) {
    for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
      if (info.id() == id) {
        return info.memSize() + info.diskSize();
      }
    }
    return -1;
  }
}
