package io.sparkdtrain.model.mf;

import io.sparkdtrain.data.RatingsBlock;
import io.sparkdtrain.model.LocalStepper;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.model.ModelDescription;
import io.sparkdtrain.model.StepSizes;
import io.sparkdtrain.model.Workspace;
import io.sparkdtrain.store.SharedParameters;
import io.sparkdtrain.validation.Require;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

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
 *
 * <p>As the engine's {@link Model} (rows: the training ratings of a {@link RatingsBlock}) the loss of
 * one rating is {@code L = (1/2)(r_ui - pred)^2 + (lambda/2)(|p_u|^2 + b_u^2 + |q_i|^2 + c_i^2)},
 * whose gradient is exactly the step of {@link #step} (so the penalty is applied per visit, in the
 * sparse-separable form of Hogwild!, and {@link #penalty} is 0); the objective is its mean over the
 * training ratings (Koren's sum over ratings, halved and divided by their count). The local stepper
 * and the racing step are {@link #step} on a private copy and on the shared array: O(K) per rating.
 */
public final class MatrixFactorization implements Model<RatingsBlock> {
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
    Require.atLeast("rank", rank, 1);
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
  @Override
  public int dimension() { return (numUsers + numItems) * (rank + 1); }
  /** First parameter of user u. */
  public int userOffset(int u) { return u * (rank + 1); }
  /** First parameter of item i. */
  public int itemOffset(int i) { return (numUsers + i) * (rank + 1); }

  /** Small random factors (uniform in +-0.1/sqrt(K)), zero biases: the seeded starting point. */
  @Override
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

  /** "matrix factorisation". */
  @Override
  public String family() {
    return "matrix factorisation";
  }

  @Override
  public Class<RatingsBlock> blockType() {
    return RatingsBlock.class;
  }

  /** Users, items, rank, lambda and the global mean. */
  @Override
  public ModelDescription description() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("numUsers", Integer.toString(numUsers));
    m.put("numItems", Integer.toString(numItems));
    m.put("rank", Integer.toString(rank));
    m.put("lambda", Double.toString(lambda));
    m.put("mean", Double.toString(mean));
    return new ModelDescription(family(), m);
  }

  @Override
  public double addGradient(RatingsBlock block, int[] rows, int count, double[] w, double scale,
                            double[] gradient, Workspace ws) {
    double sum = 0;
    for (int r = 0; r < count; r++) {
      int j = rows == null ? r : rows[r];
      int a = userOffset(block.user(j));
      int b = itemOffset(block.item(j));
      double e = block.rating(j) - predict(w, block.user(j), block.item(j));
      for (int k = 0; k < rank; k++) {
        gradient[a + k] += scale * (lambda * w[a + k] - e * w[b + k]);
        gradient[b + k] += scale * (lambda * w[b + k] - e * w[a + k]);
      }
      gradient[a + rank] += scale * (lambda * w[a + rank] - e);
      gradient[b + rank] += scale * (lambda * w[b + rank] - e);
      sum += ratingLoss(w, a, b, e);
    }
    return sum;
  }

  @Override
  public double loss(RatingsBlock block, int[] rows, int count, double[] w, Workspace ws) {
    double sum = 0;
    for (int r = 0; r < count; r++) {
      int j = rows == null ? r : rows[r];
      double e = block.rating(j) - predict(w, block.user(j), block.item(j));
      sum += ratingLoss(w, userOffset(block.user(j)), itemOffset(block.item(j)), e);
    }
    return sum;
  }

  private double ratingLoss(double[] w, int a, int b, double e) {
    double norms = 0;
    for (int k = 0; k <= rank; k++) {
      norms += w[a + k] * w[a + k] + w[b + k] * w[b + k];
    }
    return 0.5 * e * e + 0.5 * lambda * norms;
  }

  /** {@link #step} per rating on a private copy, in batch order, at the step's rate. */
  @Override
  public LocalStepper<RatingsBlock> localStepper(double[] start, StepSizes rates) {
    return new PerRatingStepper(this, start, rates);
  }

  /** {@link #step} on the shared array: the rating's user and item parameters only. */
  @Override
  public void racingStep(RatingsBlock block, int row, SharedParameters w, double lr, IntConsumer touched,
                         Workspace ws) {
    Access shared = new Access() {
      @Override
      public double get(int i) {
        return w.get(i);
      }

      @Override
      public void add(int i, double d) {
        w.add(i, d);
      }
    };
    step(shared, new Access() {
      @Override
      public double get(int i) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void add(int i, double d) {
        touched.accept(i);
      }
    }, block.user(row), block.item(row), block.rating(row), lr);
  }

  /** The predicted rating of the row's (user, item). */
  @Override
  public double predict(RatingsBlock block, int row, double[] w) {
    return predict(w, block.user(row), block.item(row));
  }

  /** The observed rating. */
  @Override
  public double target(RatingsBlock block, int row) {
    return block.rating(row);
  }

  @Override
  public String toString() {
    return "MatrixFactorization(users=" + numUsers + ", items=" + numItems + ", rank=" + rank
        + ", lambda=" + lambda + ", mean=" + mean + ")";
  }
}
