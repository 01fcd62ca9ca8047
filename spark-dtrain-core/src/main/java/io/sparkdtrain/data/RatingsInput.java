package io.sparkdtrain.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Ratings {@code (user, item, rating)} for matrix factorisation, split into training and held-out
 * entries with a seeded coin per rating (probability {@code testFraction} of being held out), cached
 * as {@link RatingsData}:
 *
 * <ul>
 *   <li>{@link #readText}: MovieLens-style text, {@code user::item::rating[::timestamp]} or the same
 *       fields separated by tabs (Spark's {@code sample_movielens_ratings.txt}, MovieLens
 *       {@code u.data}); plain or compressed (Hadoop codecs), a file or a directory. Parsed on the
 *       driver, so errors name the file and line: {@code "ratings.txt:7: rating 'abc' is not a
 *       number"}. Empty lines and lines starting with {@code #} are skipped.
 *   <li>{@link #fromDataFrame}: three numeric columns, validated inside the tasks; errors name the
 *       column and the row within its partition.
 *   <li>{@link #synthetic}: a seeded low-rank set for benchmarks.
 * </ul>
 * Ids must be non-negative integers (they index the factor arrays); ratings finite numbers.
 */
public final class RatingsInput {
  private RatingsInput() {}

  /** Reads, validates, splits and caches a ratings text file or directory. */
  public static RatingsData readText(JavaSparkContext sc, String path, int numPartitions,
                                     double testFraction, long seed) {
    checkFraction(testFraction);
    List<int[]> ids = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    try {
      Configuration conf = sc.hadoopConfiguration();
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new DataValidationException("ratings path " + path + " does not exist");
      }
      List<Path> files = new ArrayList<>();
      if (fs.getFileStatus(p).isDirectory()) {
        for (FileStatus st : fs.listStatus(p)) {
          String name = st.getPath().getName();
          if (st.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
            files.add(st.getPath());
          }
        }
        files.sort(null);
      } else {
        files.add(p);
      }
      TextLines.read(conf, fs, files, (f, lineNo, line) -> {
        double[] rating = new double[1];
        ids.add(parseLine(line, f.getName() + ":" + lineNo, rating));
        values.add(rating[0]);
        return true;
      });
    } catch (IOException e) {
      throw new DataValidationException("cannot read ratings from " + path + ": " + e.getMessage(), e);
    }
    if (ids.isEmpty()) {
      throw new DataValidationException("file " + path + ": no ratings found");
    }
    int n = ids.size();
    int parts = numPartitions > 0 ? numPartitions : sc.defaultParallelism();
    List<RatingsBlock> blocks = new ArrayList<>();
    SplittableRandom coin = new SplittableRandom(seed);
    boolean[] held = new boolean[n];
    for (int i = 0; i < n; i++) {
      held[i] = coin.nextDouble() < testFraction;
    }
    for (int b = 0; b < parts; b++) {
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = b; i < n; i += parts) {
        (held[i] ? test : train).add(i);
      }
      int size = train.size() + test.size();
      int[] u = new int[size];
      int[] it = new int[size];
      double[] v = new double[size];
      int k = 0;
      for (List<Integer> part : List.of(train, test)) {
        for (int i : part) {
          u[k] = ids.get(i)[0];
          it[k] = ids.get(i)[1];
          v[k++] = values.get(i);
        }
      }
      blocks.add(new RatingsBlock(u, it, v, train.size()));
    }
    return RatingsData.cache(sc.parallelize(blocks, parts), DataSource.file(path));
  }

  /**
   * Parses {@code user::item::rating[::timestamp]} or the tab-separated form.
   *
   * @param where "file:line", for messages
   * @param rating receives the rating
   * @return {user, item}
   */
  static int[] parseLine(String line, String where, double[] rating) {
    String[] f = line.contains("::") ? line.split("::", -1) : line.split("\t", -1);
    if (f.length < 3 || f.length > 4) {
      throw new DataValidationException(where + ": expected user, item, rating (and an optional "
          + "timestamp) separated by '::' or a tab, found " + f.length + " field" + (f.length == 1 ? "" : "s")
          + " in '" + abbreviate(line) + "'");
    }
    int user = parseId(f[0].trim(), "user", where);
    int item = parseId(f[1].trim(), "item", where);
    String r = f[2].trim();
    try {
      rating[0] = Double.parseDouble(r);
    } catch (NumberFormatException e) {
      throw new DataValidationException(where + ": rating '" + r + "' is not a number");
    }
    if (!Double.isFinite(rating[0])) {
      throw new DataValidationException(where + ": rating '" + r + "' is not finite");
    }
    return new int[] {user, item};
  }

  private static int parseId(String s, String what, String where) {
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new DataValidationException(where + ": " + what + " id '" + s + "' is not an integer");
    }
    return checkId(v, what, where, "");
  }

  /** {@code v} as an id; {@code column} is "" or " in column 'c'", for the message. */
  private static int checkId(long v, String what, String where, String column) {
    if (v < 0) {
      throw new DataValidationException(where + ": " + what + " id " + v + column + " is negative");
    }
    if (v >= Integer.MAX_VALUE / 2) {
      throw new DataValidationException(where + ": " + what + " id " + v + column + " is too large (ids"
          + " index the factor arrays; re-index them to 0..count-1)");
    }
    return (int) v;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private static void checkFraction(double f) {
    if (!(f >= 0 && f < 1)) {
      throw new IllegalArgumentException("Cannot set testFraction to " + f + ", the value must be in [0, 1)");
    }
  }

  /**
   * Ratings from three numeric DataFrame columns, split and cached.
   *
   * @param numPartitions partitions ({@code <= 0}: keep the DataFrame's)
   */
  public static RatingsData fromDataFrame(Dataset<Row> df, String userCol, String itemCol,
                                          String ratingCol, int numPartitions, double testFraction,
                                          long seed) {
    checkFraction(testFraction);
    return fromColumns(df, new String[] {userCol, itemCol, ratingCol}, numPartitions, testFraction, seed);
  }

  /**
   * Ratings from three numeric DataFrame columns, held out where the boolean column
   * {@code heldOutCol} is true (as MLlib's {@code validationIndicatorCol}), trained on where it is
   * false or null; cached.
   *
   * @param numPartitions partitions ({@code <= 0}: keep the DataFrame's)
   */
  public static RatingsData fromDataFrame(Dataset<Row> df, String userCol, String itemCol,
                                          String ratingCol, String heldOutCol, int numPartitions) {
    return fromColumns(df, new String[] {userCol, itemCol, ratingCol, heldOutCol}, numPartitions, 0.0, 0L);
  }

  /** {@code names}: user, item, rating and, when there are four, the held-out indicator. */
  private static RatingsData fromColumns(Dataset<Row> df, String[] names, int numPartitions, double testFraction,
                                         long seed) {
    for (int i = 0; i < names.length; i++) {
      String c = names[i];
      StructField field = Arrays.stream(df.schema().fields()).filter(x -> x.name().equals(c)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("Column '" + c + "' not found; the DataFrame has columns "
              + Arrays.toString(df.schema().fieldNames())));
      if (i < 3 && !(field.dataType() instanceof NumericType)) {
        throw new IllegalArgumentException("Column '" + c + "' must be numeric but is "
            + field.dataType().simpleString());
      }
      if (i == 3 && !(field.dataType() instanceof BooleanType)) {
        throw new IllegalArgumentException("Column '" + c + "' (the held-out indicator) must be boolean but is "
            + field.dataType().simpleString());
      }
    }
    Dataset<Row> sel = df.select(names[0], Arrays.copyOfRange(names, 1, names.length));
    if (numPartitions > 0 && numPartitions != sel.rdd().getNumPartitions()) {
      sel = sel.repartition(numPartitions);
    }
    DataSource source = new DataSource("DataFrame columns user='" + names[0] + "', item='" + names[1]
        + "', rating='" + names[2] + "'" + (names.length > 3 ? ", held out='" + names[3] + "'" : ""));
    return RatingsData.cache(sel.javaRDD().mapPartitionsWithIndex(
        (p, rows) -> List.of(block(rows, p, names, testFraction, seed)).iterator(), true), source);
  }

  private static RatingsBlock block(Iterator<Row> rows, int partition, String[] names, double testFraction,
                                    long seed) {
    SplittableRandom coin = new SplittableRandom(seed * 1_000_003L + partition);
    List<double[]> train = new ArrayList<>();
    List<double[]> test = new ArrayList<>();
    int r = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      String where = "DataFrame row " + r + " of partition " + partition;
      double[] e = new double[3];
      for (int c = 0; c < 3; c++) {
        if (row.isNullAt(c)) {
          throw new DataValidationException(where + ": column '" + names[c] + "' is null");
        }
        Number v = (Number) row.get(c);
        if (c < 2) {
          if (v.doubleValue() != Math.rint(v.doubleValue())) {
            throw new DataValidationException(where + ": " + (c == 0 ? "user" : "item") + " id " + v
                + " in column '" + names[c] + "' is not an integer");
          }
          e[c] = checkId(v.longValue(), c == 0 ? "user" : "item", where, " in column '" + names[c] + "'");
        } else {
          e[c] = v.doubleValue();
          if (!Double.isFinite(e[c])) {
            throw new DataValidationException(where + ": rating " + e[c] + " in column '" + names[c]
                + "' is not finite");
          }
        }
      }
      boolean heldOut = names.length > 3 ? !row.isNullAt(3) && row.getBoolean(3) : coin.nextDouble() < testFraction;
      (heldOut ? test : train).add(e);
      r++;
    }
    return toBlock(train, test);
  }

  private static RatingsBlock toBlock(List<double[]> train, List<double[]> test) {
    int n = train.size() + test.size();
    int[] u = new int[n];
    int[] it = new int[n];
    double[] v = new double[n];
    int k = 0;
    for (List<double[]> part : List.of(train, test)) {
      for (double[] e : part) {
        u[k] = (int) e[0];
        it[k] = (int) e[1];
        v[k++] = e[2];
      }
    }
    return new RatingsBlock(u, it, v, train.size());
  }

  /**
   * A seeded synthetic low-rank set: user and item factors with N(0, 1/rank) entries (derived from
   * the seed and the id, so every task agrees), rating = 3 + p_u . q_i + N(0, noise^2), users and
   * items drawn uniformly. Generated inside the tasks, {@code numRatings / numPartitions} each.
   */
  public static RatingsData synthetic(JavaSparkContext sc, int numUsers, int numItems, int rank,
                                      long numRatings, double noise, int numPartitions,
                                      double testFraction, long seed) {
    checkFraction(testFraction);
    if (numUsers < 1 || numItems < 1 || rank < 1 || numRatings < 1 || !(noise >= 0)) {
      throw new IllegalArgumentException("synthetic ratings need numUsers, numItems, rank, numRatings >= 1"
          + " and noise >= 0; got " + numUsers + ", " + numItems + ", " + rank + ", " + numRatings + ", " + noise);
    }
    int parts = numPartitions > 0 ? numPartitions : sc.defaultParallelism();
    List<Integer> ids = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      ids.add(p);
    }
    return RatingsData.cache(sc.parallelize(ids, parts).map(p -> {
      long count = numRatings / parts + (p < numRatings % parts ? 1 : 0);
      SplittableRandom r = new SplittableRandom(seed * 7_919L + p);
      List<double[]> train = new ArrayList<>();
      List<double[]> test = new ArrayList<>();
      for (long i = 0; i < count; i++) {
        int u = r.nextInt(numUsers);
        int it = r.nextInt(numItems);
        double[] pu = factor(seed, u, rank);
        double[] qi = factor(seed + 1, it, rank);
        double dot = 0;
        for (int k = 0; k < rank; k++) {
          dot += pu[k] * qi[k];
        }
        double[] e = {u, it, 3.0 + dot + noise * r.nextGaussian()};
        (r.nextDouble() < testFraction ? test : train).add(e);
      }
      return toBlock(train, test);
    }), DataSource.generated(numRatings + " ratings of rank " + rank));
  }

  private static double[] factor(long seed, int id, int rank) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + id);
    double[] f = new double[rank];
    for (int k = 0; k < rank; k++) {
      f[k] = r.nextGaussian() / Math.sqrt(rank);
    }
    return f;
  }
}
