package io.sparkdtrain.strategy.local;

import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.engine.LocalUpdate;
import io.sparkdtrain.engine.PartitionBlock;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.LocalStepper;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.apache.spark.util.LongAccumulator;

/**
 * The executor side of {@link LocalSgd}: one partition's round, for any {@link Model}. Starting from
 * the broadcast model it takes H mini-batch steps with a fresh {@link Model#localStepper} (for linear
 * models {@link io.sparkdtrain.model.linear.SparseSgd}: O(nnz) per step, L2 in O(1)) and
 * returns its {@link LocalUpdate}, weighted by the partition's weight sum. Without L1 or top-k the
 * message is built from the coordinates the steps wrote and the intercepts, found by one sequential
 * comparison per coordinate, with no O(dimension) arrays besides the stepper's copy of the model:
 * it matters on wide models (news20-binary: 130k parameters against 512 examples per round at
 * H=16, B=32).
 *
 * <p>Steps are numbered globally: round r's local steps are {@code t = s_r, ..., s_r + H_r - 1}
 * with {@code s_r} the sum of the earlier rounds' H. Step t uses the learning rate
 * {@code schedule.rate(t)} and the rows {@link MiniBatchSampler} draws for (run seed, {@code t + 1},
 * partition). With H = 1 that is exactly the rate ({@code rate(round - 1)}) and the rows
 * ({@code sample(seed, round, partition, ...)}) of round {@code round} of {@link SynchronousSgd}.
 * A retried task therefore redoes exactly the same work.
 *
 * <p>With {@code topK > 0} the vector part {@code n_k u_k} of the message is compressed (see
 * {@link LocalSgd} for the method and its references): the partition adds the residual it carried
 * into the round ({@link LocalSgdResiduals}; none without error feedback), ships the {@code topK}
 * largest-magnitude coordinates of the sum (ties: lower index first; all of them when the sum has at
 * most {@code topK} non-zeros) and, with error feedback, keeps the rest as its residual for the next
 * round. The scalar {@code n_k (c_k - 1)} is always shipped exactly.
 *
 * <p>With a local Adam ({@code optimizer=adam}, dense models) the round's steps are an
 * {@link AdamLocalStepper}: moments from 0 at the start of every round, in the task, never shipped
 * or kept; the learning rate and the rows are those of the global step numbers as above. With
 * {@link LocalSgdConfig.AdamMoments#KEEP} the moments are instead carried from round to round on
 * the executor ({@link LocalAdamMoments}, keyed by run and partition like the top-k residuals), and
 * a partition of round 2 or later that finds none restarts from zero moments and adds 1 to the
 * restart counter.
 */
public final class LocalSgdWorker<B extends ExampleBlock> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Model<B> model;
  private final LearningRateSchedule schedule;
  private final long seed;
  private final int batchSize;
  private final double fraction;
  private final LocalSgdConfig.SparseDeltas sparseDeltas;
  private final int topK;
  private final boolean errorFeedback;
  private final Adam localAdam;
  private final LongAccumulator momentRestarts;

  public LocalSgdWorker(Model<B> model, LearningRateSchedule schedule, long seed, int batchSize,
                 double fraction, LocalSgdConfig.SparseDeltas sparseDeltas) {
    this(model, schedule, seed, batchSize, fraction, sparseDeltas, 0, true);
  }

  /** As above, with top-k sparsification ({@code topK > 0}) and error feedback. */
  public LocalSgdWorker(Model<B> model, LearningRateSchedule schedule, long seed, int batchSize,
                 double fraction, LocalSgdConfig.SparseDeltas sparseDeltas, int topK, boolean errorFeedback) {
    this(model, schedule, seed, batchSize, fraction, sparseDeltas, topK, errorFeedback, null);
  }

  /**
   * As above; with {@code localAdam} non-null the local steps are Adam steps with its beta1, beta2
   * and epsilon and moments reset every round ({@link AdamLocalStepper}), null for the model's own
   * SGD stepper.
   */
  public LocalSgdWorker(Model<B> model, LearningRateSchedule schedule, long seed, int batchSize,
                 double fraction, LocalSgdConfig.SparseDeltas sparseDeltas, int topK, boolean errorFeedback,
                 Adam localAdam) {
    this(model, schedule, seed, batchSize, fraction, sparseDeltas, topK, errorFeedback, localAdam, null);
  }

  /**
   * As above; with {@code momentRestarts} non-null (and {@code localAdam} non-null) each partition's
   * Adam moments persist across rounds ({@link LocalAdamMoments}), and the counter counts the
   * partitions of round 2 or later that restarted from zero moments.
   */
  public LocalSgdWorker(Model<B> model, LearningRateSchedule schedule, long seed, int batchSize,
                 double fraction, LocalSgdConfig.SparseDeltas sparseDeltas, int topK, boolean errorFeedback,
                 Adam localAdam, LongAccumulator momentRestarts) {
    this.localAdam = localAdam;
    this.momentRestarts = localAdam == null ? null : momentRestarts;
    this.model = model;
    this.schedule = schedule;
    this.seed = seed;
    this.batchSize = batchSize;
    this.fraction = fraction;
    this.sparseDeltas = sparseDeltas;
    this.topK = topK;
    this.errorFeedback = errorFeedback;
  }

  /**
   * Runs {@code localSteps} steps on the partition's rows from {@code w}.
   *
   * @param firstStep the global number of the round's first local step
   */
  public LocalUpdate run(int partition, Iterator<B> blocks, double[] w, long firstStep, int localSteps) {
    return run(partition, blocks, w, firstStep, localSteps, null, 0);
  }

  /**
   * Runs {@code localSteps} steps on the partition's rows from {@code w}; with top-k, compresses the
   * update with the residual of run {@code run} carried into round {@code round}.
   *
   * @param firstStep the global number of the round's first local step
   * @param run the training-run id keying the residuals (needed when {@code topK > 0} with feedback)
   * @param round the round number (1-based)
   */
  public LocalUpdate run(int partition, Iterator<B> blocks, double[] w, long firstStep, int localSteps,
                  String run, int round) {
    B block = PartitionBlock.of(model, blocks, "Local SGD");
    if (block == null || !(block.weightSum() > 0)) {
      return LocalUpdate.empty(w.length);
    }
    int n = block.numRows();
    LearningRateSchedule shifted = LearningRates.shifted(schedule, firstStep);
    LocalAdamMoments.Moments carried = momentRestarts == null ? null : carriedMoments(partition, run, round);
    LocalStepper<B> sgd = momentRestarts == null ? AdamLocalStepper.sgdOrAdam(model, w, shifted, localAdam)
        : new AdamLocalStepper<>(model, w, shifted, localAdam, carried);
    int[] rows = new int[batchSize > 0 ? batchSize : MiniBatchSampler.batchSize(n, fraction)];
    for (int j = 0; j < localSteps; j++) {
      int count = sample(firstStep + j + 1, partition, n, rows);
      sgd.step(block, rows, count);
    }
    if (momentRestarts != null) {
      LocalAdamMoments.store(run, partition, round, carried, ((AdamLocalStepper<B>) sgd).moments());
    }
    double c = sgd.decay(); // the L2 decay of every penalised weight (1 without one)
    double weight = block.weightSum();
    // without top-k, a sparse stepper lists the coordinates a step wrote (and the intercepts); every
    // other decaying coordinate ended at c w, so its u_i is exactly 0
    if (topK == 0) {
      NonZeros out = new NonZeros(Math.min(w.length, 1024));
      if (sgd.changes(w, (i, change) -> out.add(i, weight * change))) {
        return changedUpdate(out, w.length, weight, c, sgd.steps());
      }
    }
    double[] u = sgd.weights();
    for (int i = 0; i < u.length; i++) {
      u[i] = weight * (model.decays(i) ? u[i] - c * w[i] : u[i] - w[i]);
    }
    if (topK > 0) {
      u = compress(u, partition, run, round);
    }
    return LocalUpdate.of(weight, c, sgd.steps(), u, sparse(LocalUpdate.countNonZeros(u), u.length));
  }

  /** The moments the partition carries into {@code round}; counts a restart from zero after round 1. */
  private LocalAdamMoments.Moments carriedMoments(int partition, String run, int round) {
    if (run == null) {
      throw new IllegalStateException("Adam moments kept across rounds need a training-run id");
    }
    LocalAdamMoments.Moments carried = LocalAdamMoments.carriedInto(run, partition, round);
    if (carried == null && round > 1) {
      momentRestarts.add(1);
    }
    return carried;
  }

  /**
   * The message {@code n_k u_k} from the coordinates the stepper listed: no O(dimension) arrays
   * unless the message is sent dense. The values are the same floating-point operations as the dense
   * path's, so the message is identical.
   */
  private LocalUpdate changedUpdate(NonZeros out, int dimension, double weight, double c, long steps) {
    int nnz = out.count;
    int[] idx = out.indices;
    double[] val = out.values;
    if (!sparse(nnz, dimension)) {
      double[] u = new double[dimension];
      for (int j = 0; j < nnz; j++) {
        u[idx[j]] = val[j];
      }
      return LocalUpdate.of(weight, c, steps, u, false);
    }
    return LocalUpdate.ofSparse(weight, c, steps, dimension, Arrays.copyOf(idx, nnz), Arrays.copyOf(val, nnz),
        nnz);
  }

  /** Whether a message with {@code nnz} non-zeros of {@code dimension} is sent sparse (the setting; AUTO: smaller). */
  private boolean sparse(int nnz, int dimension) {
    return switch (sparseDeltas) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> LocalUpdate.sparseBytes(nnz) < LocalUpdate.denseBytes(dimension);
    };
  }

  /** A growing list of (index, value) pairs that leaves zeros out. */
  private static final class NonZeros {
    int[] indices;
    double[] values;
    int count;

    NonZeros(int capacity) {
      indices = new int[capacity];
      values = new double[capacity];
    }

    void add(int i, double x) {
      if (x == 0.0) {
        return;
      }
      if (count == indices.length) {
        indices = Arrays.copyOf(indices, 2 * count);
        values = Arrays.copyOf(values, 2 * count);
      }
      indices[count] = i;
      values[count++] = x;
    }
  }

  /** Top-k with error feedback: returns the shipped vector; {@code u} is consumed. */
  private double[] compress(double[] u, int partition, String run, int round) {
    double[] carried = null;
    if (errorFeedback) {
      if (run == null) {
        throw new IllegalStateException("top-k with error feedback needs a training-run id");
      }
      carried = LocalSgdResiduals.carriedInto(run, partition, round);
      if (carried != null) {
        for (int i = 0; i < u.length; i++) {
          u[i] += carried[i];
        }
      }
    }
    double[] shipped = takeLargest(u, topK);
    if (errorFeedback) {
      LocalSgdResiduals.store(run, partition, round, carried, LocalUpdate.countNonZeros(u) == 0 ? null : u);
    }
    return shipped;
  }

  /**
   * Moves the {@code k} largest-magnitude non-zeros of {@code v} (ties: lower index first; NaN counts
   * as largest) into a new array and zeros them in {@code v}, which is left holding the rest. O(d +
   * nnz log nnz).
   */
  static double[] takeLargest(double[] v, int k) {
    double[] out = new double[v.length];
    int nnz = LocalUpdate.countNonZeros(v);
    if (nnz <= k) {
      for (int i = 0; i < v.length; i++) {
        if (v[i] != 0.0) {
          out[i] = v[i];
          v[i] = 0.0;
        }
      }
      return out;
    }
    double[] magnitudes = new double[nnz];
    for (int i = 0, j = 0; i < v.length; i++) {
      if (v[i] != 0.0) {
        magnitudes[j++] = Math.abs(v[i]);
      }
    }
    Arrays.sort(magnitudes); // Double ordering: NaN last
    double threshold = magnitudes[nnz - k]; // the k-th largest
    int above = 0;
    for (double m : magnitudes) {
      if (Double.compare(m, threshold) > 0) {
        above++;
      }
    }
    int ties = k - above;
    for (int i = 0; i < v.length; i++) {
      if (v[i] == 0.0) {
        continue;
      }
      int cmp = Double.compare(Math.abs(v[i]), threshold);
      if (cmp > 0 || (cmp == 0 && ties-- > 0)) {
        out[i] = v[i];
        v[i] = 0.0;
      }
    }
    return out;
  }

  /** Fills {@code rows} with the batch of global step {@code sampleStep}; returns its size. */
  private int sample(long sampleStep, int partition, int n, int[] rows) {
    if (batchSize == 0) {
      return MiniBatchSampler.sample(seed, sampleStep, partition, n, fraction, rows);
    }
    SplittableRandom r = MiniBatchSampler.generator(seed, sampleStep, partition);
    for (int i = 0; i < batchSize; i++) {
      rows[i] = r.nextInt(n);
    }
    return batchSize;
  }
}
