package io.sparkdtrain.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import scala.Tuple2;

/**
 * The Spark side of {@link ClientPartitioner}. Rows are enumerated in (partition, position) order;
 * one pass counts the labels per partition, the driver builds the plan and the per-group tables
 * ({@link ClientPartitioner#tables}), and a second pass gives the j-th row of label group g the
 * client {@code tables[g][j]}. For {@link TrainingData} the rows then move, as one block per
 * (input partition, client), through one shuffle into partition k = client k, in input order.
 */
final class ClientPartitioning {
  private ClientPartitioning() {}

  static TrainingData partition(ClientPartitioner p, TrainingData data, int clients, long seed) {
    boolean byLabel = p.usesLabels();
    List<TreeMap<Double, Long>> counts = data.blocks().mapPartitions(
        it -> Collections.singletonList(countBlocks(it, byLabel)).iterator()).collect();
    Plan plan = Plan.of(p, counts, clients, seed);
    int d = data.numFeatures();
    JavaPairRDD<Long, CsrBlock> pieces = JavaPairRDD.fromJavaRDD(
        data.blocks().mapPartitionsWithIndex((pi, it) -> split(it, pi, plan, d), true));
    JavaRDD<CsrBlock> blocks = pieces.repartitionAndSortWithinPartitions(new ClientKeys(clients))
        .mapPartitions(it -> Collections.singletonList(concat(it, d)).iterator(), true);
    DataSource source = new DataSource(data.source().description() + ", " + clients + " clients ("
        + p.spec() + ", seed " + seed + ")");
    return TrainingData.fromBlocks(blocks, d, null, source);
  }

  static Dataset<Row> withClientColumn(ClientPartitioner p, Dataset<Row> df, String labelCol,
                                       String outputCol, int clients, long seed) {
    int li = Arrays.asList(df.schema().fieldNames()).indexOf(labelCol);
    if (li < 0 || !(df.schema().fields()[li].dataType() instanceof NumericType)) {
      throw new IllegalArgumentException("Column '" + labelCol + "' (label) must be a numeric column; the"
          + " DataFrame has columns " + Arrays.toString(df.schema().fieldNames()));
    }
    if (Arrays.asList(df.schema().fieldNames()).contains(outputCol)) {
      throw new IllegalArgumentException("Column '" + outputCol + "' (client) already exists");
    }
    boolean byLabel = p.usesLabels();
    JavaRDD<Row> rows = df.javaRDD();
    List<TreeMap<Double, Long>> counts = rows.mapPartitions(it -> {
      TreeMap<Double, Long> m = new TreeMap<>();
      it.forEachRemaining(r -> m.merge(groupKey(r, li, byLabel), 1L, Long::sum));
      return Collections.singletonList(m).iterator();
    }).collect();
    Plan plan = Plan.of(p, counts, clients, seed);
    JavaRDD<Row> tagged = rows.mapPartitionsWithIndex((pi, it) -> {
      long[] seen = new long[plan.tables.length];
      List<Row> out = new ArrayList<>();
      while (it.hasNext()) {
        Row r = it.next();
        Object[] values = new Object[r.length() + 1];
        for (int i = 0; i < r.length(); i++) {
          values[i] = r.get(i);
        }
        values[r.length()] = plan.client(pi, groupKey(r, li, byLabel), seen);
        out.add(RowFactory.create(values));
      }
      return out.iterator();
    }, true);
    return df.sparkSession().createDataFrame(tagged, df.schema().add(outputCol, DataTypes.IntegerType, false));
  }

  private static double groupKey(Row r, int li, boolean byLabel) {
    if (!byLabel) {
      return 0.0;
    }
    if (r.isNullAt(li)) {
      throw new DataValidationException("a row has a null label; the label-based client partitioners need every label");
    }
    return ((Number) r.get(li)).doubleValue();
  }

  private static TreeMap<Double, Long> countBlocks(Iterator<CsrBlock> it, boolean byLabel) {
    TreeMap<Double, Long> m = new TreeMap<>();
    it.forEachRemaining(b -> {
      for (int r = 0; r < b.numRows(); r++) {
        m.merge(byLabel ? b.label(r) : 0.0, 1L, Long::sum);
      }
    });
    return m;
  }

  private static Iterator<Tuple2<Long, CsrBlock>> split(Iterator<CsrBlock> it, int pi, Plan plan, int d) {
    List<CsrBlock> blocks = new ArrayList<>();
    it.forEachRemaining(blocks::add);
    boolean weighted = blocks.stream().anyMatch(CsrBlock::hasWeights);
    long[] seen = new long[plan.tables.length];
    Map<Integer, CsrBlockBuilder> builders = new TreeMap<>();
    for (CsrBlock b : blocks) {
      for (int r = 0; r < b.numRows(); r++) {
        int client = plan.client(pi, plan.byLabel ? b.label(r) : 0.0, seen);
        builders.computeIfAbsent(client, k -> new CsrBlockBuilder(d, weighted)).addRow(b.label(r), b.weight(r),
            Arrays.copyOfRange(b.indices(), b.rowStart(r), b.rowEnd(r)),
            Arrays.copyOfRange(b.values(), b.rowStart(r), b.rowEnd(r)));
      }
    }
    List<Tuple2<Long, CsrBlock>> out = new ArrayList<>();
    builders.forEach((client, builder) -> out.add(new Tuple2<>(((long) client << 32) | pi, builder.build())));
    return out.iterator();
  }

  private static CsrBlock concat(Iterator<Tuple2<Long, CsrBlock>> it, int d) {
    List<CsrBlock> parts = new ArrayList<>();
    it.forEachRemaining(t -> parts.add(t._2()));
    if (parts.size() == 1) {
      return parts.get(0);
    }
    boolean weighted = parts.stream().anyMatch(CsrBlock::hasWeights);
    CsrBlockBuilder b = new CsrBlockBuilder(d, weighted);
    for (CsrBlock part : parts) {
      for (int r = 0; r < part.numRows(); r++) {
        b.addRow(part.label(r), part.weight(r), Arrays.copyOfRange(part.indices(), part.rowStart(r), part.rowEnd(r)),
            Arrays.copyOfRange(part.values(), part.rowStart(r), part.rowEnd(r)));
      }
    }
    return b.build();
  }

  /** Shuffle keys {@code client << 32 | input partition} go to partition {@code client}. */
  private static final class ClientKeys extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int clients;

    ClientKeys(int clients) {
      this.clients = clients;
    }

    @Override
    public int numPartitions() {
      return clients;
    }

    @Override
    public int getPartition(Object key) {
      return (int) (((Long) key) >>> 32);
    }
  }

  /** The driver's plan, shipped in the task closures: per-group tables and per-partition offsets. */
  private static final class Plan implements Serializable {
    private static final long serialVersionUID = 1L;
    final boolean byLabel;
    final double[] groups;
    final int[][] tables;
    final long[][] offsets;

    private Plan(boolean byLabel, double[] groups, int[][] tables, long[][] offsets) {
      this.byLabel = byLabel;
      this.groups = groups;
      this.tables = tables;
      this.offsets = offsets;
    }

    static Plan of(ClientPartitioner p, List<TreeMap<Double, Long>> perPartition, int clients, long seed) {
      TreeMap<Double, Long> total = new TreeMap<>();
      perPartition.forEach(m -> m.forEach((k, v) -> total.merge(k, v, Long::sum)));
      double[] groups = total.keySet().stream().mapToDouble(Double::doubleValue).toArray();
      long[] sizes = total.values().stream().mapToLong(Long::longValue).toArray();
      if (sizes.length == 0) {
        sizes = new long[] {0};
        groups = new double[] {0.0};
      }
      int[][] tables = ClientSplitSampling.tables(p.plan(sizes, clients, seed), seed);
      long[][] offsets = new long[perPartition.size()][groups.length];
      long[] running = new long[groups.length];
      for (int pi = 0; pi < perPartition.size(); pi++) {
        offsets[pi] = running.clone();
        for (Map.Entry<Double, Long> e : perPartition.get(pi).entrySet()) {
          running[Arrays.binarySearch(groups, e.getKey())] += e.getValue();
        }
      }
      return new Plan(p.usesLabels(), groups, tables, offsets);
    }

    int client(int partition, double key, long[] seen) {
      int g = Arrays.binarySearch(groups, key);
      return tables[g][(int) (offsets[partition][g] + seen[g]++)];
    }
  }
}
