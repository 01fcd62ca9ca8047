package io.sparkdtrain.ml;

import io.sparkdtrain.model.mf.MatrixFactorization;
import java.io.Serializable;

/**
 * The prediction side of a trained factorisation: the {@link MatrixFactorization} (rank, mean,
 * layout), its flat parameters and which ids had training ratings. Shipped to executors inside the
 * model's UDF (Java serialization, as every closure). A user or item without training ratings is
 * "cold": its prediction is NaN, as in MLlib's ALS.
 */
final class MfPredictor implements Serializable {
  private static final long serialVersionUID = 1L;

  private final MatrixFactorization mf;
  private final double[] weights;
  private final boolean[] seenUsers;
  private final boolean[] seenItems;

  MfPredictor(MatrixFactorization mf, double[] weights, boolean[] seenUsers, boolean[] seenItems) {
    if (weights.length != mf.dimension()) {
      throw new IllegalArgumentException("the model has " + weights.length + " parameters but " + mf
          + " needs " + mf.dimension());
    }
    if (seenUsers.length != mf.numUsers() || seenItems.length != mf.numItems()) {
      throw new IllegalArgumentException("seen-id masks of " + seenUsers.length + " users and "
          + seenItems.length + " items do not match " + mf);
    }
    this.mf = mf;
    this.weights = weights.clone();
    this.seenUsers = seenUsers.clone();
    this.seenItems = seenItems.clone();
  }

  MatrixFactorization model() { return mf; }

  /** A copy of the flat parameters. */
  double[] weights() { return weights.clone(); }

  /** A copy of the users-with-training-ratings mask. */
  boolean[] seenUsers() { return seenUsers.clone(); }

  /** A copy of the items-with-training-ratings mask. */
  boolean[] seenItems() { return seenItems.clone(); }

  boolean seenUser(int u) { return u < seenUsers.length && seenUsers[u]; }

  boolean seenItem(int i) { return i < seenItems.length && seenItems[i]; }

  /** The predicted rating of (u, i), NaN when either was not seen in training. */
  double predict(int u, int i) {
    return seenUser(u) && seenItem(i) ? mf.predict(weights, u, i) : Double.NaN;
  }

  /**
   * The prediction for ids read from a DataFrame as doubles: NaN for a null id or a cold one.
   *
   * @throws IllegalArgumentException naming the column for an id that is not a non-negative integer
   */
  double predict(Double user, Double item, String userCol, String itemCol) {
    if (user == null || item == null) {
      return Double.NaN;
    }
    return predict(id(user, "user", userCol), id(item, "item", itemCol));
  }

  /** {@code v} as an id, or an error naming the column and the value. */
  static int id(double v, String what, String column) {
    if (v != Math.rint(v) || v < 0 || v >= Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException(what + " id " + v + " in column '" + column + "' is not a"
          + " non-negative integer (ids index the factor arrays)");
    }
    return (int) v;
  }

  /** The factors and the bias of user u ({@code item = false}) or item i, in a new array. */
  double[] row(int id, boolean item) {
    int offset = item ? mf.itemOffset(id) : mf.userOffset(id);
    double[] r = new double[mf.rank() + 1];
    System.arraycopy(weights, offset, r, 0, r.length);
    return r;
  }
}
