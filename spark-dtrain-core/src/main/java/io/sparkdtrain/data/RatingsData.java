package io.sparkdtrain.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * Cached ratings for matrix factorisation, one {@link RatingsBlock} per partition (each with its
 * training and held-out entries), with the id ranges and the training mean. Built by
 * {@link RatingsInput}; {@link #close()} unpersists. As {@link ExampleData} its rows are the training
 * ratings; {@link #heldOut()} views the held-out ones.
 */
public final class RatingsData implements AutoCloseable, ExampleData<RatingsBlock> {
  private final JavaRDD<RatingsBlock> blocks;
  private final int numUsers;
  private final int numItems;
  private final long numTrain;
  private final long numTest;
  private final double trainMean;
  private final double trainSpread;
  private final long maxRatingsPerId;
  private final DataSource source;

  RatingsData(JavaRDD<RatingsBlock> blocks, int numUsers, int numItems, long numTrain, long numTest,
              double trainMean, double trainSpread, long maxRatingsPerId, DataSource source) {
    this.blocks = blocks;
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.numTrain = numTrain;
    this.numTest = numTest;
    this.trainMean = trainMean;
    this.trainSpread = trainSpread;
    this.maxRatingsPerId = maxRatingsPerId;
    this.source = source;
  }

  /**
   * Caches {@code blocks} and computes, in one pass, the counts, id ranges, the training mean and
   * spread, and a bound on the training ratings of one id: the sum over partitions of each
   * partition's largest count of one user or item (at least the true largest count).
   */
  static RatingsData cache(JavaRDD<RatingsBlock> blocks, DataSource source) {
    blocks.persist(StorageLevel.MEMORY_ONLY());
    double[] s;
    try {
      s = blocks.map(b -> {
        double[] a = new double[7];
        for (int i = 0; i < b.size(); i++) {
          a[0] = Math.max(a[0], b.user(i) + 1.0);
          a[1] = Math.max(a[1], b.item(i) + 1.0);
          if (i < b.numTrain()) {
            a[4] += b.rating(i);
            a[5] += b.rating(i) * b.rating(i);
          }
        }
        a[2] = b.numTrain();
        a[3] = b.numTest();
        a[6] = largestIdCount(b);
        return a;
      }).reduce((a, b) -> new double[] {Math.max(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2],
          a[3] + b[3], a[4] + b[4], a[5] + b[5], a[6] + b[6]});
    } catch (Exception e) { // Spark job failures arrive as (checked) SparkExceptions
      blocks.unpersist(false);
      DataValidationException d = DataValidationException.findIn(e);
      if (d != null) {
        throw new DataValidationException(d.getMessage(), e);
      }
      throw e;
    }
    if (s[2] == 0) {
      blocks.unpersist(false);
      throw new DataValidationException(source + ": no training ratings");
    }
    double mean = s[4] / s[2];
    double spread = Math.sqrt(Math.max(0, s[5] / s[2] - mean * mean));
    return new RatingsData(blocks, (int) s[0], (int) s[1], (long) s[2], (long) s[3], mean, spread,
        (long) s[6], source);
  }

  /** The largest number of training ratings of one user or of one item in {@code b}. */
  private static int largestIdCount(RatingsBlock b) {
    int best = 0;
    for (int side = 0; side < 2; side++) {
      int[] ids = new int[b.numTrain()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = side == 0 ? b.user(i) : b.item(i);
      }
      java.util.Arrays.sort(ids);
      for (int i = 0, run = 0; i < ids.length; i++) {
        run = i > 0 && ids[i] == ids[i - 1] ? run + 1 : 1;
        best = Math.max(best, run);
      }
    }
    return best;
  }

  /** The cached blocks, one per partition. */
  @Override
  public JavaRDD<RatingsBlock> blocks() { return blocks; }
  @Override
  public Class<RatingsBlock> blockType() { return RatingsBlock.class; }
  /** The training ratings. */
  @Override
  public long numRows() { return numTrain; }

  /**
   * The held-out ratings as data (each partition's {@link RatingsBlock#heldOut()}, computed from the
   * cached blocks when read; nothing more is cached), or {@code null} when there are none.
   */
  public ExampleData<RatingsBlock> heldOut() {
    if (numTest == 0) {
      return null;
    }
    return ExampleData.of(blocks.map(RatingsBlock::heldOut), RatingsBlock.class, numTest, source);
  }
  /** Largest user id + 1. */
  public int numUsers() { return numUsers; }
  /** Largest item id + 1. */
  public int numItems() { return numItems; }
  public long numTrain() { return numTrain; }
  public long numTest() { return numTest; }
  /** Mean training rating (the global-mean predictor). */
  public double trainMean() { return trainMean; }
  /** Root mean squared deviation of the training ratings from their mean (the global mean's RMSE). */
  public double trainSpread() { return trainSpread; }
  /** An upper bound on the training ratings of one user or one item (see {@link #cache}). */
  public long maxRatingsPerId() { return maxRatingsPerId; }
  @Override
  public DataSource source() { return source; }

  @Override
  public void close() {
    blocks.unpersist(false);
  }

  @Override
  public String toString() {
    return "RatingsData(" + source + ", users=" + numUsers + ", items=" + numItems + ", train="
        + numTrain + ", test=" + numTest + ", partitions=" + blocks.getNumPartitions() + ")";
  }
}
