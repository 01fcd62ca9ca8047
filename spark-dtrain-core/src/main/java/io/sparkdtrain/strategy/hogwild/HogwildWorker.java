package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.store.SharedParameters;
import io.sparkdtrain.store.SparseDelta;
import java.util.SplittableRandom;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of {@link HogwildSgd}: one task's share of an epoch. The task takes its
 * executor's shared array for the run (refreshed from the round's broadcast by the first task of
 * the round), visits its partition's rows in a seeded random order (a fresh permutation per epoch;
 * when a round is a fraction of an epoch, consecutive rounds walk consecutive slices of it, so every
 * row is visited once per epoch) and, for each row, reads the
 * margins from the shared array and adds the row's step to the row's non-zeros (and the intercept)
 * only. No lock unless {@code locked}, in which case one lock per executor covers each whole row.
 *
 * <p><b>Regularisation in sparse-separable form</b> (Niu et al. 2011, Section 5): with n rows and
 * c_j rows having feature j, {@code (lambda/2)||w||^2 = (1/n) sum_i (n lambda/2) sum_{j in x_i} w_j^2 / c_j},
 * so each row's step also penalises exactly its own features, with strength {@code mu_j = n lambda / c_j};
 * an epoch applies the full penalty in expectation and no step touches other coordinates (a shared
 * O(1) scale, as {@code SparseSgd} uses, cannot be shared by racing threads). Rare features get a
 * strong per-visit penalty, so the step on the penalty is implicit:
 * {@code w_j <- (w_j - lr g_j) / (1 + lr mu_j)} (stable for every step size); for L1 the same split
 * with soft-thresholding at {@code lr mu_j}. Intercepts are never penalised.
 *
 * <p><b>What a task ships.</b> After its last step the task takes the executor's next sequence
 * number and ships, for the coordinates it touched, the executor's cumulative change of the round
 * {@code w_shared - w_broadcast}. The driver keeps per executor and coordinate the value of the
 * highest sequence number, which is the executor's final value of that coordinate (every other task
 * that touched it finished earlier, and its writes happen-before the read; see
 * {@link LocalParameterRegistry.Slot#nextSequence}). So the driver's model equals the executor's
 * array, lost updates included, and the task records only a bitset of touched coordinates.
 *
 * <p>The learning rate is the configured schedule at the epoch number ({@code rate(round - 1)}),
 * constant within a round; {@code step:0.9:1} gives the per-epoch decay of the paper.
 */
public final class HogwildWorker extends HogwildRoundTask<CsrBlock> {
  private static final long serialVersionUID = 1L;
  /** Rows between two checks of {@link #checkLive} (a power of two). */
  static final int CHECK_EVERY = 256;

  private final Objective objective;
  private final Broadcast<double[]> penaltyScale;

  /**
   * @param penaltyScale {@code n / c_j} per feature, or {@code null} without regularisation
   */
  HogwildWorker(Objective objective, LearningRateSchedule schedule, HogwildConfig config, String runId,
                long seed, double fraction, Broadcast<double[]> penaltyScale) {
    super(schedule, config, runId, seed, fraction);
    this.objective = objective;
    this.penaltyScale = penaltyScale;
  }

  @Override
  int dimension() {
    return objective.shape().dimension();
  }

  @Override
  RowStep<CsrBlock> rowStep(SharedParameters w, TouchedSet touched, double lr) {
    double[] scale = penaltyScale == null ? null : penaltyScale.value();
    return new Stepper(objective, w, touched, lr, scale)::step;
  }

  /**
   * Stops a task that must not write any more: one that Spark killed or cancelled (a speculative
   * copy whose twin won, a cancelled job: {@link TaskContext#isInterrupted()}), or one whose round is
   * over on this executor (a later round refreshed the array). The row loops call it before every
   * {@value #CHECK_EVERY}th row, so such a task stops within {@value #CHECK_EVERY} rows of the kill.
   *
   * @param slot the task's slot, or {@code null} for a task on a private copy (deterministic mode)
   * @throws TaskKilledException when the task must stop
   */
  static void checkLive(TaskContext task, LocalParameterRegistry.Slot slot, int round) {
    if (task != null && task.isInterrupted()) {
      throw new TaskKilledException("Hogwild! task of round " + round + " was killed or cancelled");
    }
    if (slot != null && slot.round() != round) {
      throw new TaskKilledException("Hogwild! task of round " + round + " stopped: round " + slot.round()
          + " already refreshed this executor's array");
    }
  }

  /**
   * The rows of a block of {@code n} rows that round {@code round} (1-based) visits, {@code count}
   * per round: positions {@code [(round - 1) count, round count)} of the sequence of the block's
   * per-epoch permutations (epoch e, from 1, shuffled by the generator of {@code (seed, e, stream)}).
   * So a round of a whole epoch is that epoch's permutation, and rounds of a fraction of an epoch walk
   * consecutive slices of it: every row once per epoch (random reshuffling), not a fresh sample per
   * round.
   */
  static int[] roundRows(int n, int count, int round, long seed, int stream) {
    int[] rows = new int[count];
    long start = (round - 1L) * count;
    int[] order = null;
    long epoch = -1;
    for (int r = 0; r < count; r++) {
      long position = start + r;
      if (position / n != epoch) {
        epoch = position / n;
        order = shuffled(n, MiniBatchSampler.generator(seed, epoch + 1, stream));
      }
      rows[r] = order[(int) (position % n)];
    }
    return rows;
  }

  public static int[] shuffled(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** One row's Hogwild! step on the shared array; touches the row's non-zeros and intercepts only. */
  public static final class Stepper {
    private final MarginLoss loss;
    private final ModelShape shape;
    private final SharedParameters w;
    private final TouchedSet touched;
    private final double lr;
    private final double[] scale;
    private final Regularization.Kind kind;
    private final double lambda;
    private final double[] margins;
    private final double[] derivative;
    private final double[] raw;

    public Stepper(Objective objective, SharedParameters w, TouchedSet touched, double lr, double[] scale) {
      this.loss = objective.loss();
      this.shape = objective.shape();
      this.w = w;
      this.touched = touched;
      this.lr = lr;
      this.scale = scale;
      this.kind = objective.regularization().kind();
      this.lambda = objective.regularization().lambda();
      this.raw = w.plainArray();
      this.margins = new double[shape.numOutputs()];
      this.derivative = new double[shape.numOutputs()];
    }

    public void step(CsrBlock block, int row) {
      if (raw != null && shape.numOutputs() == 1 && kind != Regularization.Kind.L1) {
        stepPlain(block, row);
        return;
      }
      int from = block.rowStart(row);
      int to = block.rowEnd(row);
      int[] idx = block.indices();
      double[] val = block.values();
      int outputs = shape.numOutputs();
      for (int k = 0; k < outputs; k++) {
        double z = w.dot(idx, val, from, to, shape.offset(k));
        margins[k] = shape.fitIntercept() ? z + w.get(shape.interceptIndex(k)) : z;
      }
      loss.lossAndDerivative(margins, block.label(row), derivative);
      double a = block.weight(row);
      for (int k = 0; k < outputs; k++) {
        double c = lr * a * derivative[k];
        int offset = shape.offset(k);
        for (int p = from; p < to; p++) {
          int j = offset + idx[p];
          double g = c * val[p];
          if (kind == Regularization.Kind.NONE) {
            w.add(j, -g);
          } else {
            double mu = lr * lambda * scale[idx[p]];
            double wj = w.get(j);
            double next;
            if (kind == Regularization.Kind.L2) {
              next = (wj - g) / (1.0 + mu);
            } else {
              double v = wj - g;
              next = v > mu ? v - mu : (v < -mu ? v + mu : 0.0);
            }
            w.update(j, wj, next - wj);
          }
          touched.mark(j);
        }
        if (shape.fitIntercept()) {
          int b = shape.interceptIndex(k);
          w.add(b, -c);
          touched.mark(b);
        }
      }
    }

    /**
     * The same step for one output, L2 or none, on the plain array indexed directly: the loop the
     * benchmark's reference runs, plus the touched bitset.
     */
    private void stepPlain(CsrBlock block, int row) {
      int from = block.rowStart(row);
      int to = block.rowEnd(row);
      int[] idx = block.indices();
      double[] val = block.values();
      double[] v = raw;
      boolean intercept = shape.fitIntercept();
      int b = intercept ? shape.interceptIndex(0) : -1;
      double z = intercept ? v[b] : 0.0;
      for (int p = from; p < to; p++) {
        z += val[p] * v[idx[p]];
      }
      margins[0] = z;
      loss.lossAndDerivative(margins, block.label(row), derivative);
      double c = lr * block.weight(row) * derivative[0];
      if (kind == Regularization.Kind.NONE) {
        for (int p = from; p < to; p++) {
          int j = idx[p];
          v[j] -= c * val[p];
          touched.mark(j);
        }
      } else {
        double lrLambda = lr * lambda;
        for (int p = from; p < to; p++) {
          int j = idx[p];
          v[j] = (v[j] - c * val[p]) / (1.0 + lrLambda * scale[j]);
          touched.mark(j);
        }
      }
      if (intercept) {
        v[b] -= c;
        touched.mark(b);
      }
    }
  }

  /**
   * The coordinates a task touched, as a bitset (d/8 bytes: L1/L2-resident, one OR per update),
   * and the delta it ships. Recording the task's own change per coordinate instead costs a random
   * read-modify-write of a d-sized double array per update, which halved the single-thread
   * throughput on news20 (see docs/hogwild.md).
   */
  public static final class TouchedSet {
    private final long[] bits;
    private final int[] counts;

    public TouchedSet(int dimension) {
      this(dimension, false);
    }

    /** With {@code count}, also the number of updates of each coordinate (for {@link ExecutorMerge}). */
    TouchedSet(int dimension, boolean count) {
      this.bits = new long[(dimension + 63) >>> 6];
      this.counts = count ? new int[dimension] : null;
    }

    void mark(int i) {
      bits[i >>> 6] |= 1L << i;
      if (counts != null) {
        counts[i]++;
      }
    }

    /** The updates of each touched coordinate as a delta (counting sets only). */
    SparseDelta countsDelta(String source, long readVersion, long sequence) {
      int[] idx = indices();
      double[] val = new double[idx.length];
      for (int p = 0; p < idx.length; p++) {
        val[p] = counts[idx[p]];
      }
      return new SparseDelta(source, readVersion, sequence, 0, 0, idx, val);
    }

    /** The touched coordinates, ascending. */
    public int[] indices() {
      int count = 0;
      for (long b : bits) {
        count += Long.bitCount(b);
      }
      int[] out = new int[count];
      int k = 0;
      for (int word = 0; word < bits.length; word++) {
        long b = bits[word];
        while (b != 0) {
          out[k++] = (word << 6) + Long.numberOfTrailingZeros(b);
          b &= b - 1;
        }
      }
      return out;
    }

    /**
     * The executor's cumulative change of the round on the touched coordinates, {@code w - start},
     * read after taking the slot's next sequence number.
     */
    SparseDelta toDelta(LocalParameterRegistry.Slot slot, SharedParameters w, double[] start, String source,
                        long readVersion, long steps, long nanos) {
      return toDelta(slot.nextSequence(), w, start, source, readVersion, steps, nanos);
    }

    /**
     * The change {@code w - start} on the touched coordinates with the given sequence number (the
     * partition, in deterministic mode, where {@code w} is the task's own copy).
     */
    SparseDelta toDelta(long sequence, SharedParameters w, double[] start, String source, long readVersion,
                        long steps, long nanos) {
      int[] idx = indices();
      double[] val = new double[idx.length];
      for (int p = 0; p < idx.length; p++) {
        val[p] = w.get(idx[p]) - start[idx[p]];
      }
      return new SparseDelta(source, readVersion, sequence, steps, nanos, idx, val);
    }
  }
}
