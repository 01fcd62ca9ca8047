package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The one-core limit as a bench method: {@link PlainSgd} (plain per-example SGD over the CSR arrays,
 * one thread, on the driver) on the same training blocks the strategies use, collected once to the
 * driver (the collection is not timed, as the strategies' caching is not). Each epoch visits every
 * block's rows in a fresh seeded permutation; the model is evaluated with the shared evaluator
 * {@code checkpointsPerEpoch} times per epoch (evaluation time excluded), and the run stops at the
 * smallest gap or after {@code maxEpochs}. A round is one epoch; the per-example cost is the
 * training time over the examples processed.
 */
public final class PlainSgdBench extends NamedBenchMethod implements EpochTimed {
  /** The id and family name. */
  public static final String ID = "plain";
  private final double eta0;
  private final double decay;
  private final int maxEpochs;
  private final int checkpointsPerEpoch;
  private CsrBlock[] blocks; // collected on the first run, kept for the repeats

  /**
   * @param eta0 initial learning rate of {@link PlainSgd}
   * @param decay its learning-rate factor per epoch
   * @param maxEpochs epoch limit
   * @param checkpointsPerEpoch evaluations per epoch (the resolution of the time to a gap)
   */
  public PlainSgdBench(double eta0, double decay, int maxEpochs, int checkpointsPerEpoch) {
    super(ID, ID, "plain Java SGD loop, 1 thread (one-core limit)");
    if (maxEpochs < 1 || checkpointsPerEpoch < 1) {
      throw new IllegalArgumentException("Cannot set maxEpochs to " + maxEpochs + " and checkpointsPerEpoch to "
          + checkpointsPerEpoch + ", both must be >= 1");
    }
    this.eta0 = eta0;
    this.decay = decay;
    this.maxEpochs = maxEpochs;
    this.checkpointsPerEpoch = checkpointsPerEpoch;
  }

  @Override
  public String settings() {
    return String.format(Locale.ROOT, "per-example SGD, lazy L2 (w = scale v), lr eta0 decay^epoch (continuous), "
        + "eta0 %s, decay %s, rows permuted each epoch, %d checkpoints per epoch, maxEpochs %d", eta0, decay,
        checkpointsPerEpoch, maxEpochs);
  }

  @Override
  public MethodRun run(BenchContext ctx, int repeat, MethodRun first) {
    CsrBlock[] blocks = blocks(ctx.train());
    long rows = 0;
    for (CsrBlock b : blocks) {
      rows += b.numRows();
    }
    PlainSgd sgd = new PlainSgd(ctx.train().numFeatures(), eta0, ctx.regParam(), decay, rows);
    SplittableRandom random = new SplittableRandom(ctx.seed());
    List<Checkpoint> trace = new ArrayList<>();
    double target = GapMath.target(ctx.fStar(), ctx.smallestGap());
    double trainSeconds = 0;
    int slices = checkpointsPerEpoch;
    boolean done = false;
    for (int epoch = 1; epoch <= maxEpochs && !done; epoch++) {
      int[][] orders = new int[blocks.length][];
      for (int b = 0; b < blocks.length; b++) {
        orders[b] = permutation(blocks[b].numRows(), random);
      }
      for (int s = 0; s < slices && !done; s++) {
        long t0 = System.nanoTime();
        for (int b = 0; b < blocks.length; b++) {
          int n = blocks[b].numRows();
          int from = (int) ((long) n * s / slices);
          int to = (int) ((long) n * (s + 1) / slices);
          sgd.pass(blocks[b], slice(orders[b], from, to), to - from);
        }
        trainSeconds += (System.nanoTime() - t0) / 1e9;
        boolean last = epoch == maxEpochs && s == slices - 1;
        double[] w = sgd.weights();
        double f = ctx.evaluator().objective(ctx.train(), w);
        done = f <= target;
        double acc = (done || last) && ctx.test() != null ? ctx.evaluator().metrics(ctx.test(), w).accuracy()
            : Double.NaN;
        trace.add(new Checkpoint(epoch, epoch, trainSeconds, f, acc, 0));
      }
    }
    double epochs = sgd.steps() / (double) rows;
    return MethodRun.fromCheckpoints(ID, repeat, trace, ctx.fStar(), ctx.gaps(), trainSeconds / epochs,
        trainSeconds / sgd.steps());
  }

  /**
   * The training blocks on the driver, collected on the first call and kept (for the repeats and for
   * {@link InnerLoops}, which times other code on the same copy).
   */
  CsrBlock[] blocks(TrainingData train) {
    if (blocks == null) {
      blocks = train.blocks().collect().toArray(new CsrBlock[0]);
    }
    return blocks;
  }

  @Override
  public double secondsPerEpoch(BenchContext ctx, int epochs) {
    CsrBlock[] data = ctx.train().blocks().collect().toArray(new CsrBlock[0]);
    PlainSgd sgd = new PlainSgd(ctx.train().numFeatures(), eta0, ctx.regParam(), decay, ctx.train().numRows());
    SplittableRandom random = new SplittableRandom(ctx.seed());
    double seconds = 0;
    for (int e = 0; e < epochs; e++) {
      for (CsrBlock b : data) {
        int[] order = permutation(b.numRows(), random);
        long t0 = System.nanoTime();
        sgd.pass(b, order, order.length);
        seconds += (System.nanoTime() - t0) / 1e9;
      }
    }
    return seconds / epochs;
  }

  /** A seeded random permutation of {@code 0..n-1} (Fisher-Yates). */
  static int[] permutation(int n, SplittableRandom random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  private static int[] slice(int[] order, int from, int to) {
    if (from == 0) {
      return order;
    }
    int[] s = new int[to - from];
    System.arraycopy(order, from, s, 0, to - from);
    return s;
  }

  @Override
  public String toString() {
    return "PlainSgdBench(" + settings() + ")";
  }
}
