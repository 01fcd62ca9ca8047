package io.sparkdtrain.engine;

import io.sparkdtrain.data.DataStats;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;

/**
 * The step size used when the user sets none ({@link TrainingConfig#STEP_SIZE_FROM_DATA}), derived
 * from a smoothness estimate computed in the data pass that already exists ({@link DataStats}: mean
 * and largest squared row norm, the intercept's constant feature counted as 1).
 *
 * <p>For a margin loss with second derivative at most {@code c} (logistic 1/4, softmax 1/2, squared 1;
 * hinge, not smooth, is given the logistic scale) the row loss {@code f_i} is
 * {@code L_i = c ||x_i||^2}-smooth, and the mean objective with L2 penalty lambda is
 * {@code L = c * mean_i ||x_i||^2 + lambda}-smooth (the trace of the Hessian bounds its largest
 * eigenvalue). So:
 *
 * <ul>
 *   <li>{@code sync} (full-batch gradient descent): {@code 1 / L}, the classical safe step
 *       (Nesterov, "Introductory Lectures on Convex Optimization", 2004, Thm 2.1.14), with {@code L}
 *       tightened before training by {@link PowerIteration} ({@value PowerIteration#ITERATIONS} passes):
 *       {@code L = c * lambda_max(sum_i w_i x_i x_i^T / sum_i w_i) + lambda}, which on sparse text is
 *       many times smaller than the trace bound (the step is never below the trace bound's);
 *   <li>the stochastic strategies ({@code local}, {@code async}, {@code hogwild}, {@code fedavg}, and
 *       sync with {@code miniBatchFraction < 1}): {@code 1 / (2 L)}, half of it, since their steps
 *       follow single rows or small batches whose noise a constant step must keep small (Bottou,
 *       Curtis and Nocedal, "Optimization Methods for Large-Scale Machine Learning", 2018, Thm 4.6);
 *       for the squared loss, whose gradient is not bounded, additionally at most
 *       {@code 1 / (c max_i ||x_i||^2 + lambda)} so that no single row's step overshoots.
 * </ul>
 *
 * <p>The schedule, when unset ({@link TrainingConfig#SCHEDULE_AUTO}), is {@link #schedule}'s. Pure
 * arithmetic on the statistics: no Spark job.
 */
public final class StepSizeDefaults {
  /** Used when the data gives no curvature (every feature 0 and no intercept, no penalty). */
  static final double FALLBACK = 1.0;

  private StepSizeDefaults() {}

  /**
   * {@code context} unchanged when its step size and schedule are explicit; otherwise the same context
   * with the step size {@link #derive}d for {@code strategy} from its training data, and the
   * {@link TrainingConfig#SCHEDULE_AUTO} schedule replaced by {@link #schedule}.
   */
  public static TrainingContext resolve(String strategy, TrainingContext context) {
    TrainingConfig config = context.config();
    boolean autoSchedule = TrainingConfig.SCHEDULE_AUTO.equals(config.learningRateSchedule());
    if (!config.stepSizeFromData() && !autoSchedule) {
      return context;
    }
    TrainingConfig.Builder b = config.toBuilder();
    if (config.optimizer().equals(Optimizers.LBFGS)) { // a line search, no step size: skip the data passes
      return withConfig(context, b.stepSize(config.stepSizeFromData() ? 1.0 : config.stepSize())
          .learningRateSchedule(autoSchedule ? "constant" : config.learningRateSchedule()).build());
    }
    if (autoSchedule) {
      b.learningRateSchedule(schedule(strategy, config.stepSizeFromData()));
    }
    if (config.stepSizeFromData()) {
      double step = derive(strategy, context.objective(), context.train().stats(), config.miniBatchFraction());
      if (fullBatch(strategy, config.miniBatchFraction())) {
        boolean scaled = FeatureScaling.applies(b.stepSize(step).derivedStepSize(true).build(), context.model());
        double[] scales = scaled ? FeatureScaling.featureScales(context.train(), config.treeDepth()) : null;
        double top = PowerIteration.largestEigenvalue(context.train(), context.objective().shape().fitIntercept(),
            PowerIteration.ITERATIONS, config.treeDepth(), scales);
        step = scaled ? scaledFullBatchStep(context.objective(), top, scales, step)
            : fullBatchStep(context.objective(), top, step);
      }
      b.stepSize(step).derivedStepSize(true);
    }
    return withConfig(context, b.build());
  }

  private static TrainingContext withConfig(TrainingContext context, TrainingConfig resolved) {
    return new TrainingContext(context.sparkContext(), context.train(), context.test(), context.objective(),
        resolved, context.initialWeights(), context.listener(), context.stragglers());
  }

  /**
   * The default step size of {@code strategy} ("sync", "local", "async", "hogwild", "fedavg") for
   * {@code objective} on data with {@code stats}; {@code miniBatchFraction} is sync's batch share.
   */
  public static double derive(String strategy, Objective objective, DataStats stats, double miniBatchFraction) {
    double c = curvature(objective.loss().name());
    double intercept = objective.shape().fitIntercept() ? 1.0 : 0.0;
    Regularization reg = objective.regularization();
    double lambda = reg.kind() == Regularization.Kind.L2 ? reg.lambda() : 0.0;
    double meanSmoothness = c * (stats.meanSquaredNorm() + intercept) + lambda;
    double step;
    if (fullBatch(strategy, miniBatchFraction)) {
      step = 1.0 / meanSmoothness;
    } else {
      step = 1.0 / (2.0 * meanSmoothness);
      if (objective.loss().name().equals("squared")) {
        step = Math.min(step, 1.0 / (c * (stats.maxSquaredNorm() + intercept) + lambda));
      }
    }
    return step > 0 && Double.isFinite(step) ? step : FALLBACK;
  }

  /**
   * The schedule for {@link TrainingConfig#SCHEDULE_AUTO}: with a derived step, {@code inverse-sqrt}
   * for Hogwild!, whose schedule counts epochs (a constant per-row step leaves it in a noise ball of
   * the step's size; {@code eta / sqrt(epoch)} shrinks it, Zinkevich 2003), the same decay per pass
   * over the data for async ({@link #PER_PASS_INVERSE_SQRT}, resolved by the parameter server, which
   * knows how many steps a pass is: with a constant step, async's last update is one worker's noisy
   * pass, and the final objective on a9a's first 4,000 rows ranged from 0.317 to 0.434 over eight
   * fits where the decayed step gave 0.319 to 0.328), {@code constant} for the others (sync is
   * deterministic; local and fedavg average their workers' models). With an explicit step size:
   * {@code constant}, the schedule an explicit step always had.
   */
  public static String schedule(String strategy, boolean derivedStep) {
    if (!derivedStep) {
      return "constant";
    }
    return strategy.equals("hogwild") ? "inverse-sqrt" : strategy.equals("async") ? PER_PASS_INVERSE_SQRT : "constant";
  }

  /**
   * Async's default schedule with a derived step: {@code eta / sqrt(1 + passes)}, {@code passes} the
   * completed passes over the training data (every worker's steps counted); the parameter server
   * replaces it by {@code inverse-sqrt:STEPS} ({@link #perPass}) before training.
   */
  public static final String PER_PASS_INVERSE_SQRT = "inverse-sqrt:pass";

  /**
   * {@code schedule} with {@link #PER_PASS_INVERSE_SQRT} resolved for workers that take steps of
   * {@code batch} rows from data of {@code rows} rows in {@code partitions} partitions: one pass is
   * {@code partitions * onePassSteps(rows, partitions, batch)} steps; any other schedule unchanged.
   */
  public static String perPass(String schedule, long rows, int partitions, int batch) {
    if (!PER_PASS_INVERSE_SQRT.equals(schedule)) {
      return schedule;
    }
    return "inverse-sqrt:" + (long) Math.max(1, partitions) * onePassSteps(rows, partitions, Math.max(1, batch));
  }

  /** Whether {@code strategy} takes full-batch gradient steps: sync with the whole data per step. */
  static boolean fullBatch(String strategy, double miniBatchFraction) {
    return strategy.equals("sync") && miniBatchFraction >= 1.0;
  }

  /**
   * The full-batch step from the largest eigenvalue {@code top} of the data's second-moment matrix
   * ({@link PowerIteration}): {@code 1 / (c * top + lambda)}, never smaller than {@code traceStep}
   * (the trace bound's step) and, when {@code top} is not a usable estimate, {@code traceStep}.
   */
  static double fullBatchStep(Objective objective, double top, double traceStep) {
    if (!(top > 0) || !Double.isFinite(top)) {
      return traceStep;
    }
    Regularization reg = objective.regularization();
    double lambda = reg.kind() == Regularization.Kind.L2 ? reg.lambda() : 0.0;
    double step = 1.0 / (curvature(objective.loss().name()) * top + lambda);
    return Math.max(step, traceStep);
  }

  /**
   * The full-batch step of the problem preconditioned by {@link FeatureScaling} ({@code top} the
   * largest eigenvalue of {@code S M S}): {@code 1 / (c * top + lambda * max_j s_j^2)}, the L2 penalty's
   * curvature scaled as the preconditioner scales it; {@code fallback} when {@code top} is not usable.
   */
  static double scaledFullBatchStep(Objective objective, double top, double[] scales, double fallback) {
    if (!(top > 0) || !Double.isFinite(top)) {
      return fallback;
    }
    Regularization reg = objective.regularization();
    double lambda = reg.kind() == Regularization.Kind.L2 ? reg.lambda() : 0.0;
    double step = 1.0 / (curvature(objective.loss().name()) * top
        + lambda * Math.max(1.0, FeatureScaling.largestFeatureScaleSquared(scales)));
    return step > 0 && Double.isFinite(step) ? step : fallback;
  }

  /**
   * The default step size of biased matrix factorisation ({@code io.sparkdtrain.model.mf}) for
   * {@code strategy} ("hogwild", "local" or "sync"), from the training ratings: {@code spread} (their
   * root mean squared deviation from the mean), {@code numTrain} and {@code maxRatingsPerId} (a bound
   * on the ratings of one user or item), with the factors' L2 penalty {@code lambda}.
   *
   * <p>One rating's loss {@code (1/2)(r - pred)^2 + (lambda/2)|theta|^2} has the gradient
   * {@code -e (q_i, 1, p_u, 1) + lambda theta}; along it the curvature is
   * {@code L_r = |p_u|^2 + |q_i|^2 + 2 + lambda}. Factors that explain ratings of that spread have
   * {@code |p_u| |q_i|} about {@code spread}, so balanced ones {@code |p_u|^2 + |q_i|^2} about
   * {@code 2 spread}: {@code L_r = 2 + 2 spread + lambda}. Then, as for the linear models:
   * <ul>
   *   <li>per-rating SGD (hogwild, local): {@code 1 / (2 L_r)};
   *   <li>full-batch gradient descent (sync) on the mean over ratings, whose curvature in the
   *       parameters of an id with {@code n} ratings is {@code (n / numTrain) L_r}:
   *       {@code 1 / L = numTrain / (maxRatingsPerId L_r)}.
   * </ul>
   */
  public static double matrixFactorization(String strategy, double spread, double lambda, long numTrain,
                                           long maxRatingsPerId) {
    double perRating = 2.0 + 2.0 * (spread >= 0 && Double.isFinite(spread) ? spread : 0.0) + lambda;
    double step = strategy.equals("sync")
        ? numTrain / (Math.max(1.0, maxRatingsPerId) * perRating)
        : 1.0 / (2.0 * perRating);
    return step > 0 && Double.isFinite(step) ? step : FALLBACK;
  }

  /**
   * {@code localSteps} value of Local SGD and the asynchronous parameter server meaning "one pass over
   * the partition per round" (the two front doors' default): with the step size derived from the data,
   * {@code ceil(rows / (partitions * b))} local steps of {@code b} rows, {@code b} the
   * {@code miniBatchSize} or, unset, {@value #ONE_PASS_BATCH} (FedAvg's default B); with an explicit
   * step size, {@value #EXPLICIT_STEP_LOCAL_STEPS} steps, the default before, so that such a run
   * behaves exactly as it did. Single-row-like steps over a whole pass are what makes Hogwild! and
   * FedAvg meet MLlib on sparse and ill-conditioned data where a few large-batch steps per round do
   * not (docs/benchmarks.md, "Defaults").
   */
  public static final int ONE_PASS = 0;
  /** Rows per local step of {@link #ONE_PASS} when {@code miniBatchSize} is unset. */
  public static final int ONE_PASS_BATCH = 10;
  /** What {@link #ONE_PASS} stands for when the step size is explicit: the former default H. */
  public static final int EXPLICIT_STEP_LOCAL_STEPS = 8;

  /** Local steps of {@code batch} rows that cover one pass over a partition of the data (at least 1). */
  public static int onePassSteps(long rows, int partitions, int batch) {
    long perPartition = (rows + Math.max(1, partitions) - 1) / Math.max(1, partitions);
    long steps = (perPartition + batch - 1) / batch;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, steps));
  }

  /** An upper bound on the loss's second derivative in the margin (per output for softmax). */
  static double curvature(String loss) {
    switch (loss) {
      case "squared":
        return 1.0;
      case "softmax":
        return 0.5;
      default: // logistic; hinge (not smooth) takes the same scale
        return 0.25;
    }
  }
}
