package io.sparkdtrain.strategy.sync;

import io.sparkdtrain.checkpoint.Checkpointable;
import io.sparkdtrain.checkpoint.StrategyState;
import io.sparkdtrain.engine.Round;
import io.sparkdtrain.engine.StopReason;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingLoop;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.GradientSum;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.optim.Lbfgs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;

/**
 * Synchronous training with a full-batch L-BFGS driver update ({@code optimizer = lbfgs}): the
 * quasi-Newton method MLlib's {@code LogisticRegression} runs (through Breeze), here
 * {@link Lbfgs} (Nocedal 1980; Liu and Nocedal 1989; memory 10, weak Wolfe line search). Every
 * function evaluation is the aggregation synchronous SGD already runs at each step: the model
 * broadcast, each partition's loss and gradient over all its rows, one ordered tree aggregation,
 * the penalty (L2 only) added once on the driver.
 *
 * <p>A <b>round</b> is one L-BFGS iteration: its line search takes one or more evaluations (usually
 * one; the very first round also evaluates the starting model), each counted in
 * {@code bytes_communicated} as one synchronous step, {@code 2 x P x (8 x dimension + 24)} bytes,
 * and in the result's {@code function_evaluations}. The loop's periodic evaluation of the objective is
 * separate, as for every strategy.
 *
 * <p>No step size is used (the line search starts at 1; L-BFGS's scaling {@code s'y / y'y} sets the
 * scale). The search runs in the original coordinates, as MLlib's with {@code standardization = false}:
 * {@link Lbfgs} takes a diagonal preconditioner, but standardising (the {@code 1 / sigma_j^2} of
 * {@code FeatureScaling}) made the first 4,000 rows of a9a slower, not faster (L2 1e-3, a
 * single-JVM loop: the optimum 0.3300672 to 10 digits after 100 iterations unpreconditioned, still
 * 0.3300687 after 150 preconditioned; rare binary features are scaled up the most). An L1 penalty is
 * rejected (that needs OWL-QN); any {@link Model} with a gradient works.
 *
 * <p>The run stops itself ({@link TrainingLoop#stop}, stop reason {@code converged}) when an iteration
 * meets {@link Lbfgs#converged} with the config's {@code tolerance} (when above 0; both front doors
 * default it to MLlib's {@code tol} 1e-6 with L-BFGS, {@link SyncOptimizerDefault#TOLERANCE}), or when
 * the line search finds no lower objective; the result's {@code lbfgs_stopped}
 * says which. This is also the default optimizer of {@code sync} where it applies
 * ({@link SyncOptimizerDefault}).
 *
 * <p>Checkpoints hold the curvature pairs and the current objective and gradient, so a resumed run
 * takes the same steps, evaluations and bytes as the run that was never interrupted.
 */
final class FullBatchLbfgs {
  private FullBatchLbfgs() {}

  /** Trains {@code context}'s model with L-BFGS (see the class comment). */
  static TrainingResult train(TrainingContext context) {
    TrainingContext.Typed<ExampleBlock> typed = context.typed();
    Model<ExampleBlock> model = typed.model();
    if (context.model() instanceof Objective o && o.regularization().kind() == Regularization.Kind.L1) {
      throw new IllegalArgumentException("Cannot use optimizer 'lbfgs' with regType l1: L-BFGS needs a smooth"
          + " objective (OWL-QN is not implemented); use regType l2 or optimizer sgd");
    }
    if (context.model() instanceof Objective o && !SyncOptimizerDefault.SMOOTH_OBJECTIVES.contains(o.loss().name())) {
      throw new IllegalArgumentException("Cannot use optimizer 'lbfgs' with objective " + o.loss().name()
          + ": L-BFGS needs a smooth objective, one of " + SyncOptimizerDefault.SMOOTH_OBJECTIVES
          + "; use optimizer sgd");
    }
    double tol = context.config().tolerance();
    JavaRDD<ExampleBlock> blocks = typed.train().blocks();
    int partitions = blocks.getNumPartitions();
    int dim = model.dimension();
    int depth = context.config().treeDepth();
    double[] preconditioner = null; // see the class comment: standardising made a9a slower
    Lbfgs lbfgs = Lbfgs.standard();
    Point point = new Point();
    TrainingLoop loop = new TrainingLoop(SynchronousSgd.NAME, context).checkpointing(state(lbfgs, point));
    double[] w = loop.start(context.startingWeights());
    Round rounds = new Round(context, loop);
    long evaluationBytes = 2L * partitions * (8L * dim + 24L);
    long bytesIn = 8L * dim;
    long bytesOut = 8L * dim + 24L;
    String converged = null;
    while (loop.hasNextRound()) {
      int round = loop.beginRound();
      int[] calls = {0};
      Lbfgs.DiffFunction f = (x, g) -> {
        calls[0]++;
        GradientSum<ExampleBlock> sum = rounds.timedTreeAggregate(round, x, blocks, bytesIn, acc -> bytesOut,
            (partition, it, current) -> SynchronousSgd.addBatches(new GradientSum<>(model), it, current, 0L,
                round, partition, 1.0),
            GradientSum::merge, depth).value();
        double[] mean = sum.gradient();
        model.addPenaltyGradient(x, mean);
        System.arraycopy(mean, 0, g, 0, mean.length);
        return sum.loss() + model.penalty(x);
      };
      if (point.gradient == null) { // the first round: the starting point
        point.gradient = new double[dim];
        point.value = f.valueAndGradient(w, point.gradient);
      }
      double before = point.value;
      Lbfgs.Step step = lbfgs.iterate(w, point.value, point.gradient, preconditioner, f);
      point.value = step.value();
      point.evaluations += calls[0];
      String why = !step.moved() ? "the line search found no lower objective (machine precision)"
          : tol > 0 ? Lbfgs.converged(before, point.value, point.gradient, tol) : null;
      if (why != null) {
        converged = "round " + round + ": " + why;
        loop.stop(StopReason.CONVERGED);
      }
      loop.endRound(w, calls[0] * evaluationBytes);
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("partitions", partitions);
    extras.put("mini_batch_fraction", 1.0);
    extras.put("preconditioned", preconditioner != null);
    extras.put("optimizer", "lbfgs");
    extras.put("function_evaluations", point.evaluations);
    extras.put("lbfgs_tolerance", tol);
    if (converged != null) {
      extras.put("lbfgs_stopped", converged);
    }
    return loop.finish(w, extras);
  }

  /** The current point's objective and gradient (null before the first evaluation), and the evaluations so far. */
  private static final class Point {
    double value = Double.NaN;
    double[] gradient;
    long evaluations;
  }

  /**
   * Checkpoints hold the curvature pairs, the current objective and gradient (so a resumed run needs no
   * extra evaluation) and the evaluation count.
   */
  private static Checkpointable state(Lbfgs lbfgs, Point point) {
    return new Checkpointable() {
      @Override
      public String settings() {
        return lbfgs.toString();
      }

      @Override
      public void save(StrategyState out) {
        Map<String, double[]> pairs = lbfgs.state();
        out.putLong("lbfgs.entries", pairs.size());
        pairs.forEach((k, v) -> out.putDoubles("lbfgs." + k, v));
        out.putLong("function_evaluations", point.evaluations);
        if (point.gradient != null) {
          out.putDouble("lbfgs.value", point.value);
          out.putDoubles("lbfgs.gradient", point.gradient);
        }
      }

      @Override
      public void restore(StrategyState in) {
        Map<String, double[]> pairs = new LinkedHashMap<>();
        long entries = in.getLong("lbfgs.entries");
        for (int i = 0; i < entries / 2; i++) {
          pairs.put("s" + i, in.getDoubles("lbfgs.s" + i));
          pairs.put("y" + i, in.getDoubles("lbfgs.y" + i));
        }
        lbfgs.restoreState(pairs);
        point.evaluations = in.getLong("function_evaluations");
        if (in.values().containsKey("lbfgs.gradient")) {
          point.value = in.getDouble("lbfgs.value");
          point.gradient = in.getDoubles("lbfgs.gradient");
        }
      }
    };
  }
}
