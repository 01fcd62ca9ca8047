package io.sparkdtrain.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * The validated, cached training set every strategy shares: one {@link CsrBlock} per partition
 * (partition = worker), persisted in memory, with statistics from the pass that materialised it.
 *
 * <p>Build one with {@link #fromDataFrame} (any DataFrame with a numeric label column and an ML
 * {@code Vector} features column), {@link LibsvmInput#read} or {@link SyntheticData}. Call
 * {@link #close()} when done: it unpersists the cached blocks.
 */
public final class TrainingData implements AutoCloseable, ExampleData<CsrBlock> {
  private final JavaRDD<CsrBlock> blocks;
  private final int numFeatures;
  private final DataStats stats;
  private final DataSource source;
  private final JavaRDD<CsrBlock> cached;

  private TrainingData(JavaRDD<CsrBlock> blocks, int numFeatures, DataStats stats, DataSource source) {
    this(blocks, blocks, numFeatures, stats, source);
  }

  private TrainingData(JavaRDD<CsrBlock> blocks, JavaRDD<CsrBlock> cached, int numFeatures, DataStats stats,
                       DataSource source) {
    this.blocks = blocks;
    this.cached = cached;
    this.numFeatures = numFeatures;
    this.stats = stats;
    this.source = source;
  }

  /**
   * Converts, validates and caches a DataFrame.
   *
   * @param df the input; rows with a null label or features are rejected
   * @param labelCol numeric label column
   * @param featuresCol {@code org.apache.spark.ml.linalg.Vector} column
   * @param weightCol numeric row-weight column, or {@code null} for unit weights
   * @param numFeatures the model's feature count; {@code <= 0} takes it from the first vector
   * @param numPartitions workers; {@code <= 0} keeps the DataFrame's partitioning
   * @param loss labels are checked against it; {@code null} skips the label check
   */
  public static TrainingData fromDataFrame(Dataset<Row> df, String labelCol, String featuresCol,
      String weightCol, int numFeatures, int numPartitions, LabelDomain loss) {
    return fromDataFrame(df, labelCol, featuresCol, weightCol, numFeatures, numPartitions, loss,
        DataSource.dataFrame(labelCol, featuresCol));
  }

  static TrainingData fromDataFrame(Dataset<Row> df, String labelCol, String featuresCol,
      String weightCol, int numFeatures, int numPartitions, LabelDomain loss, DataSource source) {
    checkColumn(df, labelCol, "label", false);
    checkColumn(df, featuresCol, "features", true);
    if (weightCol != null && !weightCol.isEmpty()) {
      checkColumn(df, weightCol, "weight", false);
    }
    boolean weighted = weightCol != null && !weightCol.isEmpty();
    List<Column> cols = new ArrayList<>(List.of(df.col(labelCol), df.col(featuresCol)));
    if (weighted) {
      cols.add(df.col(weightCol));
    }
    Dataset<Row> selected = df.select(cols.toArray(new Column[0]));
    int d = numFeatures > 0 ? numFeatures : inferNumFeatures(selected, source);
    if (numPartitions > 0 && numPartitions != selected.rdd().getNumPartitions()) {
      selected = selected.repartition(numPartitions);
    }
    final int dim = d;
    JavaRDD<CsrBlock> blocks = selected.javaRDD().mapPartitions(
        rows -> Collections.singletonList(toBlock(rows, dim, weighted, source)).iterator());
    return cache(blocks, d, loss, source);
  }

  /** Wraps blocks built elsewhere (generators, tests); validates and caches them. */
  public static TrainingData fromBlocks(JavaRDD<CsrBlock> blocks, int numFeatures, LabelDomain loss,
                                        DataSource source) {
    return cache(blocks, numFeatures, loss, source);
  }

  private static TrainingData cache(JavaRDD<CsrBlock> blocks, int numFeatures, LabelDomain loss,
                                    DataSource source) {
    blocks.persist(StorageLevel.MEMORY_ONLY());
    DataStats stats;
    try {
      stats = scan(blocks, numFeatures, loss, source);
    } catch (RuntimeException e) {
      blocks.unpersist(false);
      throw e;
    }
    return new TrainingData(blocks, numFeatures, stats, source);
  }

  /**
   * Checks every label against {@code loss} (one pass over the cached blocks); throws a
   * {@link DataValidationException} naming the source, the bad labels and their row counts.
   */
  public void checkLabels(LabelDomain loss) {
    scan(blocks, numFeatures, loss, source);
  }

  private static DataStats scan(JavaRDD<CsrBlock> blocks, int numFeatures, LabelDomain loss,
                                DataSource source) {
    DataStats stats;
    try {
      // Per-partition statistics merged on the driver in partition order, not in completion order
      // (treeAggregate): the sums of squared row norms behind a derived step size are then the same
      // in every run, so a resumed run derives bit for bit the step its checkpoint was written with.
      List<DataStats> parts = blocks.mapPartitions(it -> {
        DataStats s = new DataStats();
        while (it.hasNext()) {
          CsrBlock b = it.next();
          if (b.numFeatures() != numFeatures) {
            throw new DataValidationException(source + ": a block has " + b.numFeatures()
                + " features but the model expects numFeatures=" + numFeatures);
          }
          s.merge(DataStats.of(b, loss));
        }
        return List.of(s).iterator();
      }).collect();
      stats = new DataStats();
      for (DataStats p : parts) {
        stats.merge(p);
      }
    } catch (Exception e) { // Spark job failures arrive as (checked) SparkExceptions
      DataValidationException d = DataValidationException.findIn(e);
      if (d != null) {
        throw new DataValidationException(d.getMessage(), e);
      }
      throw e;
    }
    if (stats.rows() == 0) {
      throw new DataValidationException(source + ": the input has no rows");
    }
    if (!(stats.weightSum() > 0)) {
      throw new DataValidationException(source + ": every row has weight 0");
    }
    if (!stats.invalidLabels().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<Double, Long> e : stats.invalidLabels().entrySet()) {
        sb.append(sb.length() == 0 ? "" : ", ").append("label ").append(e.getKey())
            .append(" in ").append(e.getValue()).append(e.getValue() == 1 ? " row" : " rows");
      }
      throw new DataValidationException(source + ": " + sb + " outside the labels the "
          + loss.name() + " objective accepts (" + loss.labelDomain() + ")");
    }
    return stats;
  }

  private static void checkColumn(Dataset<Row> df, String name, String role, boolean vector) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("the " + role + " column name is empty");
    }
    StructField field = Arrays.stream(df.schema().fields()).filter(f -> f.name().equals(name))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("Column '" + name
            + "' (" + role + ") not found; the DataFrame has columns "
            + Arrays.toString(df.schema().fieldNames())));
    DataType t = field.dataType();
    if (vector && !(t instanceof VectorUDT)) {
      throw new IllegalArgumentException("Column '" + name + "' (" + role + ") must be of type"
          + " org.apache.spark.ml.linalg.Vector but is " + t.simpleString());
    }
    if (!vector && !(t instanceof NumericType)) {
      throw new IllegalArgumentException("Column '" + name + "' (" + role + ") must be numeric"
          + " but is " + t.simpleString());
    }
  }

  private static int inferNumFeatures(Dataset<Row> selected, DataSource source) {
    List<Row> first = selected.limit(1).collectAsList();
    if (first.isEmpty()) {
      throw new DataValidationException(source + ": the input has no rows");
    }
    Vector v = first.get(0).getAs(1);
    if (v == null) {
      throw new DataValidationException(source + ": the first row's features are null");
    }
    return v.size();
  }

  static CsrBlock toBlock(Iterator<Row> rows, int numFeatures, boolean weighted, DataSource source) {
    CsrBlockBuilder b = new CsrBlockBuilder(numFeatures, weighted);
    int r = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      try {
        if (row.isNullAt(0) || row.isNullAt(1) || (weighted && row.isNullAt(2))) {
          throw new IllegalArgumentException("null label, features or weight");
        }
        double label = ((Number) row.get(0)).doubleValue();
        double weight = weighted ? ((Number) row.get(2)).doubleValue() : 1.0;
        Vector v = row.getAs(1);
        if (v.size() != numFeatures) {
          throw new IllegalArgumentException("features vector has size " + v.size()
              + " but numFeatures=" + numFeatures);
        }
        if (v instanceof SparseVector s) {
          b.addRow(label, weight, s.indices(), s.values());
        } else {
          b.addDenseRow(label, weight, ((DenseVector) v).values());
        }
      } catch (IllegalArgumentException e) {
        throw new DataValidationException(source + ", row " + r + " of its partition: "
            + e.getMessage().replaceFirst("^row \\d+: ", ""), e);
      }
      r++;
    }
    return b.build();
  }

  /** The cached blocks, one per partition. */
  @Override
  public JavaRDD<CsrBlock> blocks() { return blocks; }
  @Override
  public Class<CsrBlock> blockType() { return CsrBlock.class; }
  public int numFeatures() { return numFeatures; }
  @Override
  public int numPartitions() { return blocks.getNumPartitions(); }
  @Override
  public long numRows() { return stats.rows(); }
  public DataStats stats() { return stats; }
  @Override
  public DataSource source() { return source; }

  /**
   * The same data seen through {@code wrap}, a transformation of the cached blocks that keeps their
   * rows (fault injection: {@link io.sparkdtrain.spark.TaskFailureInjection#applyTo}). Shares this
   * data's cached blocks: close either.
   */
  public TrainingData withWrappedBlocks(java.util.function.UnaryOperator<JavaRDD<CsrBlock>> wrap) {
    return new TrainingData(wrap.apply(blocks), cached, numFeatures, stats, source);
  }

  /** Unpersists the cached blocks. */
  @Override
  public void close() {
    cached.unpersist(false);
  }

  @Override
  public String toString() {
    return "TrainingData(" + source + ", rows=" + numRows() + ", numFeatures=" + numFeatures
        + ", partitions=" + numPartitions() + ", nnz=" + stats.nnz() + ")";
  }
}
