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
  private final DataSource source;

  RatingsData(JavaRDD<RatingsBlock> blocks, int numUsers, int numItems, long numTrain, long numTest,
              double trainMean, DataSource source) {
    this.blocks = blocks;
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.numTrain = numTrain;
    this.numTest = numTest;
    this.trainMean = trainMean;
    this.source = source;
  }

  /** Caches {@code blocks} and computes the counts, id ranges and training mean (one pass). */
  static RatingsData cache(JavaRDD<RatingsBlock> blocks, DataSource source) {
    blocks.persist(StorageLevel.MEMORY_ONLY());
    double[] s;
    try {
      s = blocks.map(b -> {
        double[] a = new double[5];
        for (int i = 0; i < b.size(); i++) {
          a[0] = Math.max(a[0], b.user(i) + 1.0);
          a[1] = Math.max(a[1], b.item(i) + 1.0);
          if (i < b.numTrain()) {
            a[4] += b.rating(i);
          }
        }
        a[2] = b.numTrain();
        a[3] = b.numTest();
        return a;
      }).reduce((a, b) -> new double[] {Math.max(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2],
          a[3] + b[3], a[4] + b[4]});
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
    return new RatingsData(blocks, (int) s[0], (int) s[1], (long) s[2], (long) s[3], s[4] / s[2], source);
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
    JavaRDD<RatingsBlock> test = blocks.map(RatingsBlock::heldOut);
    long n = numTest;
    DataSource s = source;
    return new ExampleData<>() {
      @Override
      public JavaRDD<RatingsBlock> blocks() { return test; }
      @Override
      public Class<RatingsBlock> blockType() { return RatingsBlock.class; }
      @Override
      public long numRows() { return n; }
      @Override
      public DataSource source() { return s; }
    };
  }
  /** Largest user id + 1. */
  public int numUsers() { return numUsers; }
  /** Largest item id + 1. */
  public int numItems() { return numItems; }
  public long numTrain() { return numTrain; }
  public long numTest() { return numTest; }
  /** Mean training rating (the global-mean predictor). */
  public double trainMean() { return trainMean; }
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
