package io.sparkdtrain.strategy.local;

import static io.sparkdtrain.validation.Require.atLeast;
import static io.sparkdtrain.validation.Require.finitePositive;
import static io.sparkdtrain.validation.Require.inZeroOne;
import static io.sparkdtrain.validation.Require.notNull;

import io.sparkdtrain.engine.StepSizeDefaults;
import java.io.Serializable;

/**
 * The settings of {@link LocalSgd}, on top of the shared {@link io.sparkdtrain.engine.TrainingConfig}.
 * Immutable; built with {@link #builder()}, whose {@code build()} validates every field and names the
 * setting and the value in its message ("Cannot set localSteps to 0, the value must be >= 1").
 * {@link #toString()} prints every setting.
 *
 * <ul>
 *   <li>{@code localSteps} H: local SGD steps per partition per round (the maximum, for the
 *       adaptive schedule); 0 ({@link io.sparkdtrain.engine.StepSizeDefaults#ONE_PASS}, the front
 *       doors' default) = one pass over the partition per round, resolved by {@link #resolved}.
 *   <li>{@code batchSize} b: rows per local step, drawn with replacement; 0 sizes the batch from
 *       {@code TrainingConfig.miniBatchFraction} exactly as synchronous SGD does.
 *   <li>{@code aggregation}: {@link Aggregation#TREE} or {@link Aggregation#DRIVER}.
 *   <li>{@code outerOptimizer}, {@code outerLearningRate}, {@code outerMomentum}: the step on the
 *       averaged pseudo-gradient (see {@link OuterOptimizer}).
 *   <li>{@code schedule} and {@code switchRound}: how H varies over rounds (see {@link Schedule}).
 *   <li>{@code sparseDeltas}: how the per-partition updates are encoded (see {@link SparseDeltas}).
 *   <li>{@code topK}: 0 (the default) ships every partition's update exactly; k >= 1 ships only the
 *       k largest-magnitude coordinates of the partition's vector part plus its error-feedback
 *       residual (top-k sparsification with memory, see {@link LocalSgd}). Must be at most the model
 *       dimension, which {@link LocalSgd#train} checks.
 *   <li>{@code errorFeedback} (default true): with {@code topK > 0}, whether the coordinates that
 *       were not shipped are kept as the partition's residual and added to its next update (true),
 *       or dropped (false; plain top-k, for comparison only: it loses the dropped mass for good).
 *   <li>{@code adamMoments}: with {@code optimizer=adam} (the network), whether each partition's
 *       Adam moments start from zero every round or persist across rounds (see {@link AdamMoments});
 *       not used with plain SGD.
 * </ul>
 */
public final class LocalSgdConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How the per-partition updates are summed. */
  public enum Aggregation {
    /** {@link io.sparkdtrain.engine.OrderedTreeAggregate} with {@code TrainingConfig.treeDepth}. */
    TREE,
    /** Every partition's update is collected to the driver and merged there in partition order. */
    DRIVER
  }

  /** The step taken on the averaged pseudo-gradient {@code g = w_t - avg_k w_k}. */
  public enum OuterOptimizer {
    /** {@code w -= eta g}; with {@code eta = 1} plain model averaging. */
    AVERAGE,
    /** Nesterov momentum on {@code g} (DiLoCo, Douillard et al. 2023: eta ~0.7, mu ~0.9). */
    NESTEROV
  }

  /** How the number of local steps H changes over rounds. */
  public enum Schedule {
    /** H in every round. */
    FIXED,
    /** H = 1 in rounds before {@code switchRound}, then H (post-local SGD, Lin et al. 2020). */
    POST_LOCAL,
    /**
     * Start at H and shrink as the training objective falls (ADACOMM, Wang and Joshi 2019):
     * {@code H_r = min(H_{r-1}, max(1, ceil(H sqrt(F_e / F_0))))} with {@code F_e} the training
     * objective at the latest evaluation and {@code F_0} the one at the start.
     */
    ADAPTIVE
  }

  /** How a partition's update is encoded for the trip to the driver. */
  public enum SparseDeltas {
    /** Sparse (12 bytes per non-zero) when that is smaller than dense (8 bytes per parameter). */
    AUTO,
    /** Always sparse. */
    ON,
    /** Always dense. */
    OFF
  }

  /**
   * Where a local Adam's moments live between rounds ({@code optimizer=adam}; Kingma and Ba 2015).
   * Neither is averaged: only the parameters travel.
   */
  public enum AdamMoments {
    /** Zero moments at the start of every round, in the round's task (a round is a pure function). */
    RESET,
    /**
     * Each partition keeps the moments it ended its last round with, on its executor, and its bias
     * correction counts every step they have seen (DiLoCo's per-worker inner state, Douillard et al.
     * 2023); a partition whose moments are not on its executor (moved, resumed from a checkpoint)
     * restarts from zero and is counted ({@link LocalAdamMoments}).
     */
    KEEP
  }

  private final int localSteps;
  private final int batchSize;
  private final Aggregation aggregation;
  private final OuterOptimizer outerOptimizer;
  private final double outerLearningRate;
  private final double outerMomentum;
  private final Schedule schedule;
  private final int switchRound;
  private final SparseDeltas sparseDeltas;
  private final int topK;
  private final boolean errorFeedback;
  private final AdamMoments adamMoments;

  private LocalSgdConfig(Builder b) {
    this.localSteps = atLeast("localSteps", b.localSteps, 0);
    this.batchSize = atLeast("batchSize", b.batchSize, 0);
    this.aggregation = notNull("aggregation", b.aggregation);
    this.outerOptimizer = notNull("outerOptimizer", b.outerOptimizer);
    this.outerLearningRate = finitePositive("outerLearningRate", b.outerLearningRate);
    inZeroOne("outerMomentum", b.outerMomentum);
    if (b.outerOptimizer == OuterOptimizer.NESTEROV && b.outerMomentum == 0) {
      throw new IllegalArgumentException("Cannot set outerMomentum to 0.0 with outerOptimizer"
          + " NESTEROV, the value must be in (0, 1) (or use outerOptimizer AVERAGE)");
    }
    if (b.outerOptimizer == OuterOptimizer.AVERAGE && b.outerMomentum != 0) {
      throw new IllegalArgumentException("Cannot set outerMomentum to " + b.outerMomentum
          + " with outerOptimizer AVERAGE, the value must be 0 (momentum needs NESTEROV)");
    }
    this.outerMomentum = b.outerMomentum;
    this.schedule = notNull("schedule", b.schedule);
    this.switchRound = atLeast("switchRound", b.switchRound, 1);
    this.sparseDeltas = notNull("sparseDeltas", b.sparseDeltas);
    this.topK = atLeast("topK", b.topK, 0);
    this.errorFeedback = b.errorFeedback;
    this.adamMoments = notNull("adamMoments", b.adamMoments);
  }

  /**
   * A builder with the defaults: H = 8, b = 0, tree, plain averaging, fixed H, sparse when smaller,
   * no top-k (error feedback on once top-k is set).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder().localSteps(localSteps).batchSize(batchSize).aggregation(aggregation)
        .outerOptimizer(outerOptimizer).outerLearningRate(outerLearningRate)
        .outerMomentum(outerMomentum).schedule(schedule).switchRound(switchRound)
        .sparseDeltas(sparseDeltas).topK(topK).errorFeedback(errorFeedback).adamMoments(adamMoments);
  }

  /**
   * This config with {@link io.sparkdtrain.engine.StepSizeDefaults#ONE_PASS} resolved for data of
   * {@code rows} rows in {@code partitions} partitions ({@code derivedStep}: whether the step size was
   * derived from the data); this config itself when H is explicit.
   */
  public LocalSgdConfig resolved(boolean derivedStep, long rows, int partitions) {
    if (localSteps != StepSizeDefaults.ONE_PASS) {
      return this;
    }
    if (!derivedStep) {
      return toBuilder().localSteps(StepSizeDefaults.EXPLICIT_STEP_LOCAL_STEPS).build();
    }
    int batch = batchSize > 0 ? batchSize : StepSizeDefaults.ONE_PASS_BATCH;
    return toBuilder().batchSize(batch).localSteps(StepSizeDefaults.onePassSteps(rows, partitions, batch)).build();
  }

  /** Local steps H per round (the starting and largest value for {@link Schedule#ADAPTIVE}). */
  public int localSteps() { return localSteps; }
  /** Rows per local step; 0 = {@code TrainingConfig.miniBatchFraction} of the partition. */
  public int batchSize() { return batchSize; }
  public Aggregation aggregation() { return aggregation; }
  public OuterOptimizer outerOptimizer() { return outerOptimizer; }
  /** The outer learning rate eta (1 with {@link OuterOptimizer#AVERAGE} = plain averaging). */
  public double outerLearningRate() { return outerLearningRate; }
  /** The outer momentum mu (used by {@link OuterOptimizer#NESTEROV}). */
  public double outerMomentum() { return outerMomentum; }
  public Schedule schedule() { return schedule; }
  /** The first round with H local steps under {@link Schedule#POST_LOCAL}. */
  public int switchRound() { return switchRound; }
  public SparseDeltas sparseDeltas() { return sparseDeltas; }
  /** Coordinates each partition ships per round (top-k by magnitude); 0 = no sparsification. */
  public int topK() { return topK; }
  /** With {@code topK > 0}: whether unshipped coordinates are carried to the next round. */
  public boolean errorFeedback() { return errorFeedback; }
  /** With {@code optimizer=adam}: whether each partition's moments are reset every round or kept. */
  public AdamMoments adamMoments() { return adamMoments; }

  /** The schedule as the command line writes it: fixed, post-local:ROUND or adaptive. */
  public String scheduleSpec() {
    return switch (schedule) {
      case FIXED -> "fixed";
      case POST_LOCAL -> "post-local:" + switchRound;
      case ADAPTIVE -> "adaptive";
    };
  }

  @Override
  public String toString() {
    return "LocalSgdConfig(localSteps=" + localSteps + ", batchSize=" + batchSize
        + ", aggregation=" + aggregation + ", outerOptimizer=" + outerOptimizer
        + ", outerLearningRate=" + outerLearningRate + ", outerMomentum=" + outerMomentum
        + ", schedule=" + schedule + ", switchRound=" + switchRound
        + ", sparseDeltas=" + sparseDeltas + ", topK=" + topK + ", errorFeedback=" + errorFeedback
        + ", adamMoments=" + adamMoments + ")";
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private int localSteps = 8;
    private int batchSize = 0;
    private Aggregation aggregation = Aggregation.TREE;
    private OuterOptimizer outerOptimizer = OuterOptimizer.AVERAGE;
    private double outerLearningRate = 1.0;
    private double outerMomentum = 0.0;
    private Schedule schedule = Schedule.FIXED;
    private int switchRound = 1;
    private SparseDeltas sparseDeltas = SparseDeltas.AUTO;
    private int topK = 0;
    private boolean errorFeedback = true;
    private AdamMoments adamMoments = AdamMoments.RESET;

    private Builder() {}

    public Builder localSteps(int v) { localSteps = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder aggregation(Aggregation v) { aggregation = v; return this; }
    public Builder outerOptimizer(OuterOptimizer v) { outerOptimizer = v; return this; }
    public Builder outerLearningRate(double v) { outerLearningRate = v; return this; }
    public Builder outerMomentum(double v) { outerMomentum = v; return this; }
    /** Sets {@link OuterOptimizer#NESTEROV} with outer rate {@code lr} and momentum {@code mu}. */
    public Builder nesterov(double lr, double mu) {
      outerOptimizer = OuterOptimizer.NESTEROV;
      outerLearningRate = lr;
      outerMomentum = mu;
      return this;
    }
    public Builder schedule(Schedule v) { schedule = v; return this; }
    /** Sets {@link Schedule#POST_LOCAL} with H = 1 before round {@code v}. */
    public Builder postLocal(int v) { schedule = Schedule.POST_LOCAL; switchRound = v; return this; }
    public Builder switchRound(int v) { switchRound = v; return this; }
    public Builder sparseDeltas(SparseDeltas v) { sparseDeltas = v; return this; }
    /** Top-k sparsification of every partition's update; 0 = off. */
    public Builder topK(int v) { topK = v; return this; }
    /** Error feedback for top-k (default true); false drops the unshipped coordinates. */
    public Builder errorFeedback(boolean v) { errorFeedback = v; return this; }
    /** Where a local Adam's moments live between rounds (default {@link AdamMoments#RESET}). */
    public Builder adamMoments(AdamMoments v) { adamMoments = v; return this; }

    public LocalSgdConfig build() { return new LocalSgdConfig(this); }
  }
}
