package io.sparkdtrain.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Seeded synthetic data from a planted linear model, generated on the executors (nothing large is
 * shipped): sparse or dense rows, binary (logistic), regression or multiclass labels, with a train
 * and a test split drawn from the same planted model. The same spec, seed and partition count give
 * the same rows on every run and cluster.
 *
 * <p>Rows: {@code nnzPerRow} distinct feature indices drawn uniformly (all features when dense),
 * values N(0, 1). Planted weights w* ~ N(0, 4 / nnzPerRow) per output, so margins have standard
 * deviation 2 whatever the sparsity. Binary labels are Bernoulli(sigmoid(w* . x)) in {0, 1}; regression labels w* . x + N(0, noise^2);
 * multiclass labels are drawn from softmax(W* x).
 */
public final class SyntheticData {
  private SyntheticData() {}

  /** What to generate. */
  public enum Kind { BINARY, REGRESSION, MULTICLASS }

  /** An immutable, validated generator specification. */
  public record Spec(Kind kind, long rows, int numFeatures, int nnzPerRow, int numClasses,
                     double noise, long seed) implements Serializable {
    public Spec {
      if (rows < 1) {
        throw new IllegalArgumentException("Cannot set rows to " + rows + ", the value must be >= 1");
      }
      if (numFeatures < 1) {
        throw new IllegalArgumentException("Cannot set numFeatures to " + numFeatures + ", the value must be >= 1");
      }
      if (nnzPerRow < 1 || nnzPerRow > numFeatures) {
        throw new IllegalArgumentException("Cannot set nnzPerRow to " + nnzPerRow
            + ", the value must be in [1, numFeatures=" + numFeatures + "]");
      }
      if (kind == Kind.MULTICLASS && numClasses < 2) {
        throw new IllegalArgumentException("Cannot set numClasses to " + numClasses + ", the value must be >= 2");
      }
      if (!(noise >= 0)) {
        throw new IllegalArgumentException("Cannot set noise to " + noise + ", the value must be >= 0");
      }
    }

    /** Sparse binary data: n rows, d features, nnz non-zeros per row. */
    public static Spec sparseBinary(long rows, int numFeatures, int nnzPerRow, long seed) {
      return new Spec(Kind.BINARY, rows, numFeatures, nnzPerRow, 2, 0.0, seed);
    }

    /** Dense binary data. */
    public static Spec denseBinary(long rows, int numFeatures, long seed) {
      return new Spec(Kind.BINARY, rows, numFeatures, numFeatures, 2, 0.0, seed);
    }

    public int outputs() {
      return kind == Kind.MULTICLASS ? numClasses : 1;
    }
  }

  /** Generates the training split, {@code partitions} blocks, validated and cached. */
  public static TrainingData train(JavaSparkContext sc, Spec spec, int partitions, LabelDomain loss) {
    return generate(sc, spec, partitions, 0, loss);
  }

  /** Generates a test split of {@code rows} rows from the same planted model. */
  public static TrainingData test(JavaSparkContext sc, Spec spec, long rows, int partitions, LabelDomain loss) {
    Spec t = new Spec(spec.kind(), rows, spec.numFeatures(), spec.nnzPerRow(), spec.numClasses(),
        spec.noise(), spec.seed());
    return generate(sc, t, partitions, 1, loss);
  }

  private static TrainingData generate(JavaSparkContext sc, Spec spec, int partitions, int split,
                                       LabelDomain loss) {
    int p = partitions > 0 ? partitions : sc.defaultParallelism();
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      ids.add(i);
    }
    JavaRDD<CsrBlock> blocks = sc.parallelize(ids, p).map(i -> block(spec, i, p, split));
    return TrainingData.fromBlocks(blocks, spec.numFeatures(), loss,
        DataSource.generated(spec.kind() + " data (" + spec.rows() + " rows, seed " + spec.seed() + ")"));
  }

  /** The planted weights (outputs x features, row-major). */
  public static double[] plantedWeights(Spec spec) {
    SplittableRandom r = new SplittableRandom(spec.seed());
    double[] w = new double[spec.outputs() * spec.numFeatures()];
    for (int i = 0; i < w.length; i++) {
      w[i] = 2.0 / Math.sqrt(spec.nnzPerRow()) * gaussian(r);
    }
    return w;
  }

  /** Rows of one partition (pure: no Spark), split 0 = train, 1 = test. */
  public static CsrBlock block(Spec spec, int partition, int partitions, int split) {
    long start = spec.rows() * partition / partitions;
    long end = spec.rows() * (partition + 1) / partitions;
    double[] planted = plantedWeights(spec);
    SplittableRandom r = new SplittableRandom(spec.seed() * 1_000_003L + split * 7919L + partition + 1);
    CsrBlockBuilder b = new CsrBlockBuilder(spec.numFeatures(), false);
    int nnz = spec.nnzPerRow();
    int d = spec.numFeatures();
    int k = spec.outputs();
    double[] margins = new double[k];
    for (long row = start; row < end; row++) {
      int[] idx = nnz == d ? allIndices(d) : sampleSorted(r, d, nnz);
      double[] val = new double[nnz];
      for (int j = 0; j < nnz; j++) {
        val[j] = gaussian(r);
      }
      for (int c = 0; c < k; c++) {
        double z = 0;
        for (int j = 0; j < nnz; j++) {
          z += planted[c * d + idx[j]] * val[j];
        }
        margins[c] = z;
      }
      b.addRow(label(spec, margins, r), 1.0, idx, val);
    }
    return b.build();
  }

  private static double label(Spec spec, double[] margins, SplittableRandom r) {
    switch (spec.kind()) {
      case BINARY:
        return r.nextDouble() < 1.0 / (1.0 + Math.exp(-margins[0])) ? 1.0 : 0.0;
      case REGRESSION:
        return margins[0] + spec.noise() * gaussian(r);
      default:
        double max = Double.NEGATIVE_INFINITY;
        for (double m : margins) {
          max = Math.max(max, m);
        }
        double sum = 0;
        for (double m : margins) {
          sum += Math.exp(m - max);
        }
        double u = r.nextDouble() * sum;
        for (int c = 0; c < margins.length; c++) {
          u -= Math.exp(margins[c] - max);
          if (u <= 0) {
            return c;
          }
        }
        return margins.length - 1;
    }
  }

  private static int[] allIndices(int d) {
    int[] idx = new int[d];
    for (int j = 0; j < d; j++) {
      idx[j] = j;
    }
    return idx;
  }

  /** {@code k} distinct sorted indices in [0, d) (Floyd's algorithm, then sort). */
  static int[] sampleSorted(SplittableRandom r, int d, int k) {
    java.util.HashSet<Integer> chosen = new java.util.HashSet<>(k * 2);
    int[] out = new int[k];
    int n = 0;
    for (int j = d - k; j < d; j++) {
      int t = r.nextInt(j + 1);
      int pick = chosen.add(t) ? t : j;
      if (pick == j) {
        chosen.add(j);
      }
      out[n++] = pick;
    }
    java.util.Arrays.sort(out);
    return out;
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }
}
