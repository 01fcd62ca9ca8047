package io.sparkdtrain.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How rows are split into federated clients: the non-IID partitioners of the federated-learning
 * literature, usable on a {@link TrainingData} ({@link #partition}) or on any
 * DataFrame ({@link #withClientColumn}). Immutable; seeded: the same rows in the
 * same order, the same K and the same seed give the same split.
 *
 * <ul>
 *   <li>{@link #iid()}: a uniformly random split into K clients of equal size (+-1 row), as McMahan
 *       et al. 2017 shuffle MNIST into 100 clients of 600 examples.
 *   <li>{@link #shards(int)} (default 2 per client, "pathological non-IID" of McMahan et al. 2017):
 *       the rows sorted by label are cut into {@code s K} shards and each client gets s random
 *       shards. Here every shard holds one label (each label gets a share of the shards proportional
 *       to its row count, at least one), so a client with 2 shards has at most 2 labels; shards of
 *       one label differ in size by at most one row. Needs {@code s K >= } the number of labels.
 *   <li>{@link #dirichlet(double)}: label skew of Hsu, Qi and Brown (2019): for every label c a
 *       proportion vector {@code p_c ~ Dir(alpha 1_K)} splits that label's rows among the clients.
 *       Small alpha (0.1) gives clients dominated by one or two labels, large alpha (100) nearly
 *       the global label mix. Clients may receive no rows (FedAvg then skips them).
 *   <li>{@link #unequal(double)}: IID contents with client sizes proportional to
 *       {@code exp(sigma N(0,1))} (log-normal, as in Li et al. 2020), each at least one row.
 * </ul>
 *
 * <p>The plan (how many rows of each label go to each client) is computed here, on the driver, from
 * the label counts; {@link ClientPartitioning} turns it into a per-row assignment that costs 4 bytes
 * per row on the driver.
 */
public final class ClientPartitioner implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The kind of split. */
  public enum Kind { IID, SHARDS, DIRICHLET, UNEQUAL }

  private final Kind kind;
  private final double parameter;

  private ClientPartitioner(Kind kind, double parameter) {
    this.kind = kind;
    this.parameter = parameter;
  }

  /** Uniformly random, equal sizes. */
  public static ClientPartitioner iid() {
    return new ClientPartitioner(Kind.IID, 0);
  }

  /** Label-sorted shards, two per client (McMahan et al. 2017). */
  public static ClientPartitioner shards() {
    return shards(2);
  }

  /** Label-sorted shards, {@code perClient} per client. */
  public static ClientPartitioner shards(int perClient) {
    if (perClient < 1) {
      throw new IllegalArgumentException("Cannot set shardsPerClient to " + perClient + ", the value must be >= 1");
    }
    return new ClientPartitioner(Kind.SHARDS, perClient);
  }

  /** Dirichlet(alpha) label skew; alpha > 0. */
  public static ClientPartitioner dirichlet(double alpha) {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("Cannot set alpha to " + alpha + ", the value must be finite and > 0");
    }
    return new ClientPartitioner(Kind.DIRICHLET, alpha);
  }

  /** IID contents, log-normal sizes with {@code sigma >= 0} (0 = equal sizes). */
  public static ClientPartitioner unequal(double sigma) {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("Cannot set sigma to " + sigma + ", the value must be finite and >= 0");
    }
    return new ClientPartitioner(Kind.UNEQUAL, sigma);
  }

  /**
   * Parses {@code iid}, {@code shards}, {@code shards:S}, {@code dirichlet:ALPHA} or
   * {@code unequal:SIGMA}.
   *
   * @throws IllegalArgumentException naming the spec and what is wrong with it
   */
  public static ClientPartitioner parse(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String name = colon < 0 ? s : s.substring(0, colon);
    String arg = colon < 0 ? null : s.substring(colon + 1);
    try {
      switch (name) {
        case "iid":
          if (arg == null) {
            return iid();
          }
          break;
        case "shards":
          return arg == null ? shards() : shards(Integer.parseInt(arg));
        case "dirichlet":
          if (arg != null) {
            return dirichlet(Double.parseDouble(arg));
          }
          break;
        case "unequal":
          if (arg != null) {
            return unequal(Double.parseDouble(arg));
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot parse partition '" + spec + "': '" + arg + "' is not a number");
    }
    throw new IllegalArgumentException("Cannot parse partition '" + spec
        + "', the value must be iid, shards[:S], dirichlet:ALPHA or unequal:SIGMA");
  }

  public Kind kind() { return kind; }
  /** Shards per client, alpha or sigma; 0 for IID. */
  public double parameter() { return parameter; }

  /** The spec {@link #parse} reads back: iid, shards:2, dirichlet:0.5, unequal:1.0. */
  public String spec() {
    return switch (kind) {
      case IID -> "iid";
      case SHARDS -> "shards:" + (int) parameter;
      case DIRICHLET -> "dirichlet:" + parameter;
      case UNEQUAL -> "unequal:" + parameter;
    };
  }

  /** Whether the split depends on the labels (shards, dirichlet). */
  public boolean usesLabels() {
    return kind == Kind.SHARDS || kind == Kind.DIRICHLET;
  }

  /**
   * How many rows of each label group go to each client: {@code counts[g][k]}, with row sums
   * {@code groupSizes[g]}. For IID and unequal there is one group (all rows).
   *
   * @param groupSizes rows per label group (one entry for IID and unequal)
   * @throws IllegalArgumentException if {@code clients} is below 1 or above the row count, or
   *     there are fewer shards than labels
   */
  public long[][] plan(long[] groupSizes, int clients, long seed) {
    long n = Arrays.stream(groupSizes).sum();
    if (clients < 1) {
      throw new IllegalArgumentException("Cannot set clients to " + clients + ", the value must be >= 1");
    }
    if (clients > n) {
      throw new IllegalArgumentException("Cannot set clients to " + clients
          + ", the value must be <= the number of rows (" + n + ")");
    }
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + kind.ordinal());
    long[][] counts = new long[groupSizes.length][];
    switch (kind) {
      case IID -> counts[0] = ClientSplitSampling.apportion(n, ClientSplitSampling.uniform(clients), 0);
      case UNEQUAL -> {
        double[] p = new double[clients];
        for (int k = 0; k < clients; k++) {
          p[k] = Math.exp(parameter * r.nextGaussian());
        }
        long[] c = ClientSplitSampling.apportion(n - clients, p, 0);
        for (int k = 0; k < clients; k++) {
          c[k] += 1;
        }
        counts[0] = c;
      }
      case DIRICHLET -> {
        for (int g = 0; g < groupSizes.length; g++) {
          double[] shares = ClientSplitSampling.dirichletSample(r, clients, parameter);
          counts[g] = ClientSplitSampling.apportion(groupSizes[g], shares, 0);
        }
      }
      case SHARDS -> shardPlan(groupSizes, clients, r, counts);
      default -> throw new IllegalStateException("unknown kind " + kind);
    }
    return counts;
  }

  private void shardPlan(long[] groupSizes, int clients, SplittableRandom r, long[][] counts) {
    int perClient = (int) parameter;
    long total = (long) perClient * clients;
    long n = Arrays.stream(groupSizes).sum();
    int labels = (int) Arrays.stream(groupSizes).filter(s -> s > 0).count();
    if (total < labels || total > n) {
      throw new IllegalArgumentException("Cannot split " + n + " rows with " + labels + " labels into "
          + total + " shards (" + perClient + " per client x " + clients
          + " clients): the shard count must be in [labels, rows]");
    }
    double[] weights = new double[groupSizes.length];
    long[] minimum = new long[groupSizes.length];
    for (int g = 0; g < groupSizes.length; g++) {
      weights[g] = groupSizes[g];
      minimum[g] = groupSizes[g] > 0 ? 1 : 0;
    }
    // one shard per label first, the rest proportional to the label counts, never more than the rows
    long[] shardsPerLabel = ClientSplitSampling.apportion(total - labels, weights, 0);
    for (int g = 0; g < groupSizes.length; g++) {
      shardsPerLabel[g] += minimum[g];
    }
    rebalance(shardsPerLabel, groupSizes);
    int[] owner = new int[(int) total];
    for (int s = 0; s < total; s++) {
      owner[s] = s / perClient;
    }
    ClientSplitSampling.shuffle(owner, r);
    int shard = 0;
    for (int g = 0; g < groupSizes.length; g++) {
      counts[g] = new long[clients];
      long s = shardsPerLabel[g];
      for (long j = 0; j < s; j++) {
        long size = groupSizes[g] / s + (j < groupSizes[g] % s ? 1 : 0);
        counts[g][owner[shard++]] += size;
      }
    }
  }

  /** Moves shards from labels with more shards than rows to labels with spare rows. */
  private static void rebalance(long[] shards, long[] sizes) {
    for (int g = 0; g < shards.length; g++) {
      while (shards[g] > sizes[g]) {
        int best = -1;
        for (int h = 0; h < shards.length; h++) {
          if (shards[h] < sizes[h] && (best < 0 || sizes[h] / (double) (shards[h] + 1)
              > sizes[best] / (double) (shards[best] + 1))) {
            best = h;
          }
        }
        shards[g]--;
        shards[best]++;
      }
    }
  }

  /**
   * The client of every row, for labels given in the rows' enumeration order (pure Java; the
   * Spark paths in {@link ClientPartitioning} give the same answer for the same enumeration).
   */
  public int[] assign(double[] labels, int clients, long seed) {
    double[] distinct = Arrays.stream(labels).distinct().sorted().toArray();
    long[] sizes = new long[usesLabels() ? distinct.length : 1];
    for (double y : labels) {
      sizes[usesLabels() ? Arrays.binarySearch(distinct, y) : 0]++;
    }
    int[][] tables = ClientSplitSampling.tables(plan(sizes, clients, seed), seed);
    int[] seen = new int[sizes.length];
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      int g = usesLabels() ? Arrays.binarySearch(distinct, labels[i]) : 0;
      out[i] = tables[g][seen[g]++];
    }
    return out;
  }

  /**
   * The rows of {@code data} split into {@code clients} partitions, partition k holding client k's
   * rows as one cached block (in the input's row order). The caller closes the result (and still
   * owns {@code data}).
   *
   * @throws IllegalArgumentException if {@code clients} is below 1 or above the row count
   */
  public TrainingData partition(TrainingData data, int clients, long seed) {
    return ClientPartitioning.partition(this, data, clients, seed);
  }

  /**
   * {@code df} with an integer column {@code outputCol} holding each row's client, its partitions
   * and row order unchanged (two passes over {@code df}; cache it first if it is expensive, and its
   * row order must be deterministic). Group or filter by the column to build per-client data.
   *
   * @param labelCol a numeric label column (read only by the label-based partitioners)
   */
  public Dataset<Row> withClientColumn(Dataset<Row> df, String labelCol, String outputCol, int clients, long seed) {
    return ClientPartitioning.withClientColumn(this, df, labelCol, outputCol, clients, seed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientPartitioner p && p.kind == kind && p.parameter == parameter;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Double.hashCode(parameter);
  }

  @Override
  public String toString() {
    return "ClientPartitioner(" + spec() + ")";
  }
}
