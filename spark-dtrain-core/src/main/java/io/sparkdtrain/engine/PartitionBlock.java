package io.sparkdtrain.engine;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.Model;
import java.util.Iterator;

/**
 * The one block a worker's task trains on, from its partition's iterator: what the Local SGD,
 * asynchronous and FedAvg workers read for any {@link Model}. CSR blocks are concatenated (a cached
 * partition of {@link io.sparkdtrain.data.TrainingData} may hold several); other block types come
 * one per partition.
 */
public final class PartitionBlock {
  private PartitionBlock() {}

  /**
   * The partition's block ({@code null} when the partition is empty).
   *
   * @param model the model, whose block type and family decide and name
   * @param blocks the partition's blocks
   * @param reader who expects one block, for the message ("Local SGD", "the FedAvg client")
   * @throws IllegalStateException when a partition of a non-CSR block type holds several blocks
   */
  @SuppressWarnings("unchecked")
  public static <B extends ExampleBlock> B of(Model<B> model, Iterator<B> blocks, String reader) {
    if (model.blockType() == CsrBlock.class) {
      return (B) CsrBlockBuilder.concat((Iterator<CsrBlock>) blocks);
    }
    if (!blocks.hasNext()) {
      return null;
    }
    B first = blocks.next();
    if (blocks.hasNext()) {
      throw new IllegalStateException("a partition of " + model.family() + " data holds several blocks; "
          + reader + " expects one per partition");
    }
    return first;
  }
}
