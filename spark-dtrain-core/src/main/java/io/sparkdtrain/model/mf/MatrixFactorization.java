package io.sparkdtrain.model.mf;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Biased matrix factorisation for ratings (Koren, Bell and Volinsky, "Matrix Factorization
 * Techniques for Recommender Systems", IEEE Computer 2009): the prediction of user u's rating of item
 * i is {@code mu + b_u + c_i + p_u . q_i} with a fixed global mean {@code mu}, user and item biases,
 * and rank-K factors; the objective is
 * {@code sum_(u,i) (r_ui - pred)^2 + lambda (|p_u|^2 + |q_i|^2 + b_u^2 + c_i^2)} over the training
 * ratings, whose terms each touch one user's and one item's parameters: the sparse-separable form
 * Hogwild! needs (Niu et al. 2011, Section 5, used there for Netflix).
 *
 * <p>Parameters in one flat array of {@code (numUsers + numItems) x (K + 1)} doubles:
 * user u at {@code u (K+1)} holds {@code p_u[0..K), b_u}; item i at {@code (numUsers + i)(K+1)}
 * holds {@code q_i[0..K), c_i}. Pure Java; the SGD step itself is written against an
 * {@link Access} so the same code runs on a plain array or a shared one.
 */
public final class MatrixFactorization implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Element access to the parameter array (a plain {@code double[]} or a shared store). */
  public interface Access {
    double get(int i);

    void add(int i, double delta);
  }

  private final int numUsers;
  private final int numItems;
  private final int rank;
  private final double lambda;
  private final double mean;

  /**
   * @throws IllegalArgumentException naming the parameter when a value is out of range
   */
  public MatrixFactorization(int numUsers, int numItems, int rank, double lambda, double mean) {
    if (numUsers < 1 || numItems < 1) {
      throw new IllegalArgumentException("numUsers and numItems must be >= 1, got " + numUsers + " and " + numItems);
    }
    if (rank < 1) {
      throw new IllegalArgumentException("Cannot set rank to " + rank + ", the value must be >= 1");
    }
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("Cannot set regParam to " + lambda + ", the value must be finite and >= 0");
    }
    if ((long) (numUsers + (long) numItems) * (rank + 1) > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException((numUsers + (long) numItems) + " ids of rank " + rank
          + " do not fit in one array");
    }
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.rank = rank;
    this.lambda = lambda;
    this.mean = mean;
  }

  public int numUsers() { return numUsers; }
  public int numItems() { return numItems; }
  public int rank() { return rank; }
  public double lambda() { return lambda; }
  /** The fixed global mean mu. */
  public double mean() { return mean; }
  /** Total parameters. */
  public int dimension() { return (numUsers + numItems) * (rank + 1); }
  /** First parameter of user u. */
  public int userOffset(int u) { return u * (rank + 1); }
  /** First parameter of item i. */
  public int itemOffset(int i) { return (numUsers + i) * (rank + 1); }

  /** Small random factors (uniform in +-0.1/sqrt(K)), zero biases: the seeded starting point. */
  public double[] initialParameters(long seed) {
    double[] w = new double[dimension()];
    SplittableRandom r = new SplittableRandom(seed);
    double a = 0.1 / Math.sqrt(rank);
    for (int row = 0; row < numUsers + numItems; row++) {
      int o = row * (rank + 1);
      for (int k = 0; k < rank; k++) {
        w[o + k] = a * (2 * r.nextDouble() - 1);
      }
    }
    return w;
  }

  /** The predicted rating of (u, i); ids outside the model get the mean plus what is known. */
  public double predict(double[] w, int u, int i) {
    boolean hasU = u < numUsers;
    boolean hasI = i < numItems;
    double p = mean;
    if (hasU) {
      p += w[userOffset(u) + rank];
    }
    if (hasI) {
      p += w[itemOffset(i) + rank];
    }
    if (hasU && hasI) {
      int a = userOffset(u);
      int b = itemOffset(i);
      for (int k = 0; k < rank; k++) {
        p += w[a + k] * w[b + k];
      }
    }
    return p;
  }

  /**
   * One SGD step on rating r of (u, i) with learning rate lr, reading and writing through
   * {@code w}; every change is also reported to {@code changes} (may be the same object). Touches the
   * 2(K+1) parameters of u and i only. Returns the error before the step.
   */
  public double step(Access w, Access changes, int u, int i, double r, double lr) {
    int a = userOffset(u);
    int b = itemOffset(i);
    double pred = mean + w.get(a + rank) + w.get(b + rank);
    for (int k = 0; k < rank; k++) {
      pred += w.get(a + k) * w.get(b + k);
    }
    double e = r - pred;
    for (int k = 0; k < rank; k++) {
      double pu = w.get(a + k);
      double qi = w.get(b + k);
      double du = lr * (e * qi - lambda * pu);
      double di = lr * (e * pu - lambda * qi);
      w.add(a + k, du);
      w.add(b + k, di);
      changes.add(a + k, du);
      changes.add(b + k, di);
    }
    double dbu = lr * (e - lambda * w.get(a + rank));
    double dbi = lr * (e - lambda * w.get(b + rank));
    w.add(a + rank, dbu);
    w.add(b + rank, dbi);
    changes.add(a + rank, dbu);
    changes.add(b + rank, dbi);
    return e;
  }

  @Override
  public String toString() {
    return "MatrixFactorization(users=" + numUsers + ", items=" + numItems + ", rank=" + rank
        + ", lambda=" + lambda + ", mean=" + mean + ")";
  }
}
