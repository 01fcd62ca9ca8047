package io.sparkdtrain.data;

import io.sparkdtrain.model.ExampleBlock;
import org.apache.spark.api.java.JavaRDD;

/**
 * Cached training (or held-out) data as every strategy sees it: one block of type {@code B} per
 * partition (worker). {@link TrainingData} ({@link CsrBlock}) and {@link RatingsData}
 * ({@link RatingsBlock}) implement it; the owner closes the data, strategies never do.
 *
 * @param <B> the block type
 */
public interface ExampleData<B extends ExampleBlock> {

  /** The cached blocks, one per partition. */
  JavaRDD<B> blocks();

  /** The class of the blocks (checked against the model's {@code blockType()}). */
  Class<B> blockType();

  /** Number of rows over all blocks. */
  long numRows();

  /** Number of partitions (workers). */
  default int numPartitions() {
    return blocks().getNumPartitions();
  }

  /** Where the data came from, for messages. */
  DataSource source();

  /**
   * A plain view of {@code blocks} (for example the held-out part of cached data): nothing is
   * cached or released by the view; the blocks' owner does both.
   */
  static <B extends ExampleBlock> ExampleData<B> of(JavaRDD<B> blocks, Class<B> blockType, long numRows,
                                                    DataSource source) {
    return new View<>(blocks, blockType, numRows, source);
  }

  /** The view {@link #of} returns. */
  record View<B extends ExampleBlock>(JavaRDD<B> blocks, Class<B> blockType, long numRows, DataSource source)
      implements ExampleData<B> {}
}
