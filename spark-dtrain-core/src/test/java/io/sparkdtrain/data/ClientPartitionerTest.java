package io.sparkdtrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientPartitioner}: the label distribution of every partitioner (IID near the global mix,
 * shards at most two labels per client, Dirichlet skewed for small alpha and near uniform for
 * large alpha, unequal sizes), determinism, the option checks, and the Spark paths
 * ({@code partition} on TrainingData, {@code withClientColumn} on a DataFrame) agreeing with the
 * pure-Java {@code assign}.
 */
class ClientPartitionerTest {
  static final int LABELS = 10;

  /** {@code perLabel} rows of each of 10 labels, in a shuffled order. */
  static double[] labels(int perLabel) {
    double[] y = new double[LABELS * perLabel];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % LABELS;
    }
    SplittableRandom r = new SplittableRandom(1);
    for (int i = y.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      double t = y[i];
      y[i] = y[j];
      y[j] = t;
    }
    return y;
  }

  /** counts[k][label]. */
  static int[][] histogram(double[] y, int[] client, int k) {
    int[][] h = new int[k][LABELS];
    for (int i = 0; i < y.length; i++) {
      h[client[i]][(int) y[i]]++;
    }
    return h;
  }

  /** Total variation distance of a client's label mix from the uniform (global) mix. */
  static double tv(int[] counts) {
    double n = Arrays.stream(counts).sum();
    return 0.5 * Arrays.stream(counts).mapToDouble(c -> Math.abs(c / n - 1.0 / LABELS)).sum();
  }

  @Test
  void iidGivesEqualSizesAndTheGlobalLabelMix() {
    double[] y = labels(1000);
    int[] c = ClientPartitioner.iid().assign(y, 10, 5);
    for (int[] h : histogram(y, c, 10)) {
      assertEquals(1000, Arrays.stream(h).sum());
      assertTrue(tv(h) < 0.08, "TV " + tv(h) + " " + Arrays.toString(h));
    }
    assertArrayEquals(c, ClientPartitioner.iid().assign(y, 10, 5), "same seed, same split");
    assertFalse(Arrays.equals(c, ClientPartitioner.iid().assign(y, 10, 6)), "other seed, other split");
  }

  @Test
  void shardsGiveEachClientAtMostTwoLabels() {
    double[] y = labels(100);
    int[] c = ClientPartitioner.shards().assign(y, 20, 5);
    int twoLabelClients = 0;
    for (int[] h : histogram(y, c, 20)) {
      long labels = Arrays.stream(h).filter(x -> x > 0).count();
      assertTrue(labels >= 1 && labels <= 2, Arrays.toString(h));
      assertEquals(50, Arrays.stream(h).sum(), "two shards of 25 rows");
      twoLabelClients += labels == 2 ? 1 : 0;
    }
    assertTrue(twoLabelClients >= 10, "most clients hold two labels: " + twoLabelClients);
    // balanced labels: 40 shards, 4 per label, so each label's rows sit on at most 4 clients
    int[][] perClient = histogram(y, c, 20);
    for (int label = 0; label < LABELS; label++) {
      int holders = 0;
      for (int[] client : perClient) {
        holders += client[label] > 0 ? 1 : 0;
      }
      assertTrue(holders >= 2 && holders <= 4, "label " + label + " on " + holders + " clients");
    }
    // unbalanced labels: shards stay single-label, so clients still hold at most 2 labels
    List<Double> skewed = new ArrayList<>();
    for (int label = 0; label < LABELS; label++) {
      for (int i = 0; i < 20 + 37 * label; i++) {
        skewed.add((double) label);
      }
    }
    double[] z = skewed.stream().mapToDouble(Double::doubleValue).toArray();
    int[] cz = ClientPartitioner.shards().assign(z, 30, 1);
    for (int[] h : histogram(z, cz, 30)) {
      assertTrue(Arrays.stream(h).filter(x -> x > 0).count() <= 2, Arrays.toString(h));
    }
  }

  @Test
  void dirichletSkewShrinksAsAlphaGrows() {
    double[] y = labels(1000);
    double skewed = meanMaxShare(y, ClientPartitioner.dirichlet(0.05).assign(y, 10, 5));
    double uniform = meanMaxShare(y, ClientPartitioner.dirichlet(1000).assign(y, 10, 5));
    assertTrue(skewed > 0.6, "alpha 0.05: a client's top label holds on average " + skewed);
    assertTrue(uniform < 0.15, "alpha 1000: a client's top label holds on average " + uniform);
    for (int[] h : histogram(y, ClientPartitioner.dirichlet(1000).assign(y, 10, 5), 10)) {
      assertTrue(tv(h) < 0.1, Arrays.toString(h));
    }
  }

  static double meanMaxShare(double[] y, int[] c) {
    return Arrays.stream(histogram(y, c, 10)).filter(h -> Arrays.stream(h).sum() > 0)
        .mapToDouble(h -> Arrays.stream(h).max().getAsInt() / (double) Arrays.stream(h).sum()).average().orElse(0);
  }

  @Test
  void unequalSizesVaryAndCoverEveryRow() {
    double[] y = labels(500);
    int[] c = ClientPartitioner.unequal(1.0).assign(y, 20, 5);
    int[] sizes = new int[20];
    for (int k : c) {
      sizes[k]++;
    }
    int min = Arrays.stream(sizes).min().getAsInt();
    int max = Arrays.stream(sizes).max().getAsInt();
    assertTrue(min >= 1 && max > 3 * min, Arrays.toString(sizes));
    assertEquals(5000, Arrays.stream(sizes).sum());
    // the contents stay IID: every client of 400+ rows is near the global (uniform) label mix;
    // sampling 400 of 5000 rows gives a TV of about 0.05 (sum of |binomial deviations| / 2)
    int large = 0;
    for (int[] h : histogram(y, c, 20)) {
      if (Arrays.stream(h).sum() >= 400) {
        large++;
        assertTrue(tv(h) < 0.12, "TV " + tv(h) + " " + Arrays.toString(h));
      }
    }
    assertTrue(large >= 2, "some large clients to check: " + Arrays.toString(sizes));
  }

  @Test
  void badSettingsAreRejected() {
    assertEquals("Cannot set alpha to 0.0, the value must be finite and > 0",
        assertThrows(IllegalArgumentException.class, () -> ClientPartitioner.dirichlet(0)).getMessage());
    assertEquals("Cannot set alpha to -1.0, the value must be finite and > 0",
        assertThrows(IllegalArgumentException.class, () -> ClientPartitioner.parse("dirichlet:-1")).getMessage());
    assertEquals("Cannot set alpha to NaN, the value must be finite and > 0",
        assertThrows(IllegalArgumentException.class, () -> ClientPartitioner.dirichlet(Double.NaN)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ClientPartitioner.parse("zipf"))
        .getMessage().contains("iid, shards[:S], dirichlet:ALPHA or unequal:SIGMA"));
    assertEquals("Cannot set clients to 11, the value must be <= the number of rows (10)",
        assertThrows(IllegalArgumentException.class,
            () -> ClientPartitioner.iid().assign(labels(1), 11, 1)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ClientPartitioner.shards().assign(labels(10), 4, 1)).getMessage().contains("8 shards"));
    assertEquals(ClientPartitioner.dirichlet(0.5), ClientPartitioner.parse(ClientPartitioner.dirichlet(0.5).spec()));
    assertEquals("shards:2", ClientPartitioner.parse("shards").spec());
  }

  @Test
  void sparkPathsAgreeWithAssign() {
    double[] y = labels(30);
    int d = 4;
    List<CsrBlock> blocks = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      CsrBlockBuilder b = new CsrBlockBuilder(d, false);
      for (int i = p * 100; i < (p + 1) * 100; i++) {
        b.addRow(y[i], 1.0, new int[] {i % d}, new double[] {i + 1});
        rows.add(RowFactory.create(y[i], Vectors.sparse(d, new int[] {i % d}, new double[] {i})));
      }
      blocks.add(b.build());
    }
    ClientPartitioner shards = ClientPartitioner.shards();
    int[] expected = shards.assign(y, 5, 3);
    try (TrainingData data = TrainingData.fromBlocks(SharedSpark.context().parallelize(blocks, 3), d, null,
        DataSource.generated("ClientPartitionerTest"));
         TrainingData clients = shards.partition(data, 5, 3)) {
      assertEquals(5, clients.numPartitions());
      assertEquals(300, clients.numRows());
      List<CsrBlock> parts = clients.blocks().collect();
      for (int k = 0; k < 5; k++) {
        CsrBlock b = parts.get(k);
        List<Double> values = new ArrayList<>();
        for (int r = 0; r < b.numRows(); r++) {
          values.add(b.values()[b.rowStart(r)] - 1); // the row's original position
        }
        List<Double> want = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
          if (expected[i] == k) {
            want.add((double) i);
          }
        }
        assertEquals(want, values, "client " + k + ": its rows, in input order");
      }
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", new VectorUDT());
    Dataset<Row> df = SharedSpark.session().createDataFrame(rows, schema).coalesce(1);
    List<Row> tagged = shards.withClientColumn(df, "label", "client", 5, 3).collectAsList();
    assertEquals(300, tagged.size());
    for (int i = 0; i < tagged.size(); i++) {
      assertEquals(expected[i], tagged.get(i).getInt(2), "row " + i);
    }
  }
}
