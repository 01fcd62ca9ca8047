package io.sparkdtrain.data;

import io.sparkdtrain.model.ExampleBlock;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One partition's ratings {@code (user, item, rating)} for matrix factorisation: entries
 * {@code [0, numTrain)} are training ratings, {@code [numTrain, size)} the held-out ones. Ids are
 * non-negative ints (validated by {@link RatingsInput}). Arrays are shared; treat as immutable.
 *
 * <p>As an {@link ExampleBlock} its rows are the training entries {@code [0, numTrain)}, each of
 * weight 1; {@link #heldOut()} is a block whose rows are the held-out entries.
 */
public final class RatingsBlock implements Serializable, ExampleBlock {
  private static final long serialVersionUID = 1L;

  private final int[] users;
  private final int[] items;
  private final double[] ratings;
  private final int numTrain;

  /**
   * @throws IllegalArgumentException if the arrays differ in length or {@code numTrain} is outside them
   */
  public RatingsBlock(int[] users, int[] items, double[] ratings, int numTrain) {
    if (users.length != items.length || users.length != ratings.length) {
      throw new IllegalArgumentException("users (" + users.length + "), items (" + items.length
          + ") and ratings (" + ratings.length + ") must have the same length");
    }
    if (numTrain < 0 || numTrain > users.length) {
      throw new IllegalArgumentException("Cannot set numTrain to " + numTrain + ", the value must be in [0, "
          + users.length + "]");
    }
    this.users = users;
    this.items = items;
    this.ratings = ratings;
    this.numTrain = numTrain;
  }

  /** All entries, training and held out. */
  public int size() { return users.length; }
  /** Training entries: {@code [0, numTrain())}. */
  public int numTrain() { return numTrain; }
  /** Held-out entries: {@code [numTrain(), size())}. */
  public int numTest() { return users.length - numTrain; }
  /** The training entries: {@code numTrain()}. */
  @Override
  public int numRows() { return numTrain; }
  /** 1: ratings are unweighted. */
  @Override
  public double weight(int row) { return 1.0; }
  @Override
  public double weightSum() { return numTrain; }

  /** A new block whose rows (all "training" entries) are this block's held-out entries (copied). */
  public RatingsBlock heldOut() {
    int n = users.length;
    return new RatingsBlock(Arrays.copyOfRange(users, numTrain, n), Arrays.copyOfRange(items, numTrain, n),
        Arrays.copyOfRange(ratings, numTrain, n), n - numTrain);
  }

  public int user(int i) { return users[i]; }
  public int item(int i) { return items[i]; }
  public double rating(int i) { return ratings[i]; }

  @Override
  public String toString() {
    return "RatingsBlock(train=" + numTrain + ", test=" + numTest() + ")";
  }
}
