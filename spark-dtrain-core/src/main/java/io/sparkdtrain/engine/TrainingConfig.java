package io.sparkdtrain.engine;

import static io.sparkdtrain.validation.Require.atLeast;
import static io.sparkdtrain.validation.Require.inZeroOne;
import static io.sparkdtrain.validation.Require.that;

import java.io.Serializable;

/**
 * Settings every strategy shares: the step size, how many rounds, when to stop, how to aggregate and
 * how often to evaluate. Immutable; built with {@link #builder()}, whose {@code build()} validates
 * every field and names the setting and value in its message. {@link #toString()} prints them all.
 *
 * <p>Stopping rules, checked after every evaluated round: {@code maxRounds} reached; the training
 * objective at or below {@code targetObjective}; the test accuracy at or above
 * {@code targetAccuracy}; the relative change of the objective between two evaluations below
 * {@code tolerance}. Training that produces a non-finite objective or weights, or an objective above
 * {@code divergenceFactor} times the initial one, stops with a {@link TrainingDivergedException}.
 *
 * <p>Checkpoints: with {@code checkpointDir} set and {@code checkpointEvery = N > 0} the
 * {@link TrainingLoop} writes a checkpoint after every N-th round (keeping the newest
 * {@code checkpointKeep}); {@code resume} starts from the newest one instead of round 0. See
 * {@link io.sparkdtrain.checkpoint.CheckpointStore} for the format and the guarantees.
 *
 * <p><b>Unset values.</b> Two settings have a sentinel meaning "choose for me", distinct from every
 * explicit value: {@code stepSize = }{@link #STEP_SIZE_FROM_DATA} (NaN) asks
 * {@link StepSizeDefaults#resolve} to derive the step from the data's row norms before training (a
 * strategy refuses an unresolved config), and {@code evaluateEvery = }{@link #EVALUATE_ADAPTIVELY} (0)
 * lets the {@link TrainingLoop} pick the cadence so that evaluation costs at most about 20% of the
 * training time ({@link EvaluationCadence}). The builder's own defaults stay the explicit
 * {@code stepSize = 1.0} and {@code evaluateEvery = 1}; the command line and the Estimators start
 * from the sentinels ({@link DefaultSettings}).
 */
public final class TrainingConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  /** {@code stepSize} sentinel (NaN): derive the step from the data ({@link StepSizeDefaults}). */
  public static final double STEP_SIZE_FROM_DATA = Double.NaN;
  /**
   * {@code learningRateSchedule} sentinel: the schedule the strategy needs with a derived step size
   * (see {@link StepSizeDefaults#resolve}), constant with an explicit one.
   */
  public static final String SCHEDULE_AUTO = "auto";
  /** {@code evaluateEvery} sentinel (0): adaptive cadence, evaluation at most ~20% of the time. */
  public static final int EVALUATE_ADAPTIVELY = 0;

  private final double stepSize;
  private final String learningRateSchedule;
  private final String optimizer;
  private final double momentum;
  private final boolean nesterov;
  private final int maxRounds;
  private final double targetObjective;
  private final double targetAccuracy;
  private final double tolerance;
  private final double miniBatchFraction;
  private final int treeDepth;
  private final long seed;
  private final int evaluateEvery;
  private final double divergenceFactor;
  private final String checkpointDir;
  private final int checkpointEvery;
  private final int checkpointKeep;
  private final boolean resume;
  private final boolean derivedStepSize;

  private TrainingConfig(Builder b) {
    this.stepSize = that("stepSize", b.stepSize, Double.isNaN(b.stepSize)
        || (b.stepSize > 0 && Double.isFinite(b.stepSize)), "finite and > 0");
    this.learningRateSchedule = b.learningRateSchedule;
    if (!b.optimizer.equals("sgd") && !b.optimizer.equals("adagrad") && !b.optimizer.equals("adam")
        && !b.optimizer.equals(Optimizers.LBFGS)) {
      throw new IllegalArgumentException("Cannot set optimizer to '" + b.optimizer
          + "', the value must be one of sgd, adagrad, adam, lbfgs");
    }
    if (b.optimizer.equals(Optimizers.LBFGS) && b.miniBatchFraction < 1) {
      throw new IllegalArgumentException("Cannot set miniBatchFraction to " + b.miniBatchFraction
          + " with optimizer lbfgs, the value must be 1 (L-BFGS takes full-batch steps)");
    }
    this.optimizer = b.optimizer;
    this.momentum = inZeroOne("momentum", b.momentum);
    this.nesterov = b.nesterov;
    this.maxRounds = atLeast("maxRounds", b.maxRounds, 1);
    this.targetObjective = that("targetObjective", b.targetObjective,
        Double.isNaN(b.targetObjective) || Double.isFinite(b.targetObjective), "finite (or unset)");
    this.targetAccuracy = that("targetAccuracy", b.targetAccuracy,
        Double.isNaN(b.targetAccuracy) || (b.targetAccuracy > 0 && b.targetAccuracy <= 1), "in (0, 1] (or unset)");
    this.tolerance = inZeroOne("tolerance", b.tolerance);
    this.miniBatchFraction = that("miniBatchFraction", b.miniBatchFraction,
        b.miniBatchFraction > 0 && b.miniBatchFraction <= 1, "in (0, 1]");
    this.treeDepth = atLeast("treeDepth", b.treeDepth, 1);
    this.seed = b.seed;
    this.evaluateEvery = that("evaluateEvery", b.evaluateEvery, b.evaluateEvery >= 0, ">= 1 (or 0 = adaptive)");
    this.divergenceFactor = that("divergenceFactor", b.divergenceFactor, b.divergenceFactor > 1, "> 1");
    if (b.checkpointDir != null && b.checkpointDir.isBlank()) {
      throw new IllegalArgumentException("Cannot set checkpointDir to '" + b.checkpointDir
          + "', the value must be a Hadoop path (or unset)");
    }
    this.checkpointDir = b.checkpointDir;
    this.checkpointEvery = that("checkpointEvery", b.checkpointEvery,
        b.checkpointEvery == 0 || (b.checkpointEvery > 0 && b.checkpointDir != null),
        ">= 0 (0 = no checkpoints) and needs checkpointDir when > 0");
    this.checkpointKeep = atLeast("checkpointKeep", b.checkpointKeep, 1);
    if (b.resume && b.checkpointDir == null) {
      throw new IllegalArgumentException("Cannot set resume to true without checkpointDir (the directory"
          + " to resume from)");
    }
    this.resume = b.resume;
    if (b.derivedStepSize && Double.isNaN(b.stepSize)) {
      throw new IllegalArgumentException("Cannot set derivedStepSize to true while stepSize is unset (NaN),"
          + " StepSizeDefaults.resolve sets both");
    }
    this.derivedStepSize = b.derivedStepSize;
  }

  public static Builder builder() { return new Builder(); }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.stepSize = stepSize;
    b.learningRateSchedule = learningRateSchedule;
    b.optimizer = optimizer;
    b.momentum = momentum;
    b.nesterov = nesterov;
    b.maxRounds = maxRounds;
    b.targetObjective = targetObjective;
    b.targetAccuracy = targetAccuracy;
    b.tolerance = tolerance;
    b.miniBatchFraction = miniBatchFraction;
    b.treeDepth = treeDepth;
    b.seed = seed;
    b.evaluateEvery = evaluateEvery;
    b.divergenceFactor = divergenceFactor;
    b.checkpointDir = checkpointDir;
    b.checkpointEvery = checkpointEvery;
    b.checkpointKeep = checkpointKeep;
    b.resume = resume;
    b.derivedStepSize = derivedStepSize;
    return b;
  }

  /** Initial learning rate; NaN = {@link #STEP_SIZE_FROM_DATA}, not yet derived. */
  public double stepSize() { return stepSize; }
  /** Whether the step size is the unset sentinel, to be derived from the data. */
  public boolean stepSizeFromData() { return Double.isNaN(stepSize); }
  /** Schedule spec: "constant", "inverse-sqrt", "step:FACTOR:EVERY" or {@link #SCHEDULE_AUTO} (unresolved). */
  public String learningRateSchedule() { return learningRateSchedule; }
  /**
   * "sgd" (with optional momentum), "adagrad" or "adam": the driver's step of synchronous SGD; or
   * "lbfgs": sync's full-batch L-BFGS driver update (no step size; miniBatchFraction 1). The other
   * strategies take plain SGD steps and reject the others.
   */
  public String optimizer() { return optimizer; }
  public double momentum() { return momentum; }
  public boolean nesterov() { return nesterov; }
  public int maxRounds() { return maxRounds; }
  /** Stop when the training objective is at or below this; NaN = unset. */
  public double targetObjective() { return targetObjective; }
  /** Stop when the test accuracy is at or above this; NaN = unset. */
  public double targetAccuracy() { return targetAccuracy; }
  /** Stop when the objective's relative change between evaluations is below this; 0 = off. */
  public double tolerance() { return tolerance; }
  /** Share of each partition's rows in a synchronous mini-batch (1 = full batch). */
  public double miniBatchFraction() { return miniBatchFraction; }
  public int treeDepth() { return treeDepth; }
  public long seed() { return seed; }
  /**
   * Evaluate the objective (and test metrics) every this many rounds, and after the last; 0 =
   * {@link #EVALUATE_ADAPTIVELY}.
   */
  public int evaluateEvery() { return evaluateEvery; }
  public double divergenceFactor() { return divergenceFactor; }
  /** Hadoop path (file:, hdfs:, s3a:, or a plain local path) of the checkpoint directory; null = none. */
  public String checkpointDir() { return checkpointDir; }
  /** Write a checkpoint after every this many rounds; 0 = never (see {@link TrainingLoop}). */
  public int checkpointEvery() { return checkpointEvery; }
  /** How many of the newest checkpoints to keep in {@link #checkpointDir()} (default 1). */
  public int checkpointKeep() { return checkpointKeep; }
  /** Start from the newest checkpoint in {@link #checkpointDir()} instead of round 0 (it must exist). */
  public boolean resume() { return resume; }
  /**
   * Whether {@link #stepSize()} was derived from the data by {@link StepSizeDefaults#resolve} (the
   * user set none): the default paths that must not change an explicit setting's behaviour
   * (sync's {@link FeatureScaling}, local's and async's one pass per round) check it.
   */
  public boolean derivedStepSize() { return derivedStepSize; }

  @Override
  public String toString() {
    return "TrainingConfig(stepSize=" + stepSize + ", learningRateSchedule=" + learningRateSchedule
        + ", optimizer=" + optimizer + ", momentum=" + momentum + ", nesterov=" + nesterov
        + ", maxRounds=" + maxRounds + ", targetObjective=" + targetObjective
        + ", targetAccuracy=" + targetAccuracy + ", tolerance=" + tolerance
        + ", miniBatchFraction=" + miniBatchFraction + ", treeDepth=" + treeDepth + ", seed=" + seed
        + ", evaluateEvery=" + evaluateEvery + ", divergenceFactor=" + divergenceFactor
        + ", checkpointDir=" + checkpointDir + ", checkpointEvery=" + checkpointEvery
        + ", checkpointKeep=" + checkpointKeep + ", resume=" + resume
        + (derivedStepSize ? ", derivedStepSize=true" : "") + ")";
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private double stepSize = 1.0;
    private String learningRateSchedule = "constant";
    private String optimizer = "sgd";
    private double momentum = 0.0;
    private boolean nesterov = false;
    private int maxRounds = 100;
    private double targetObjective = Double.NaN;
    private double targetAccuracy = Double.NaN;
    private double tolerance = 0.0;
    private double miniBatchFraction = 1.0;
    private int treeDepth = 2;
    private long seed = 42L;
    private int evaluateEvery = 1;
    private double divergenceFactor = 1e4;
    private String checkpointDir;
    private int checkpointEvery;
    private int checkpointKeep = 1;
    private boolean resume;
    private boolean derivedStepSize;

    private Builder() {}

    public Builder stepSize(double v) { stepSize = v; return this; }
    public Builder learningRateSchedule(String v) { learningRateSchedule = v; return this; }
    public Builder optimizer(String v) { optimizer = v; return this; }
    public Builder momentum(double v) { momentum = v; return this; }
    public Builder nesterov(boolean v) { nesterov = v; return this; }
    public Builder maxRounds(int v) { maxRounds = v; return this; }
    public Builder targetObjective(double v) { targetObjective = v; return this; }
    public Builder targetAccuracy(double v) { targetAccuracy = v; return this; }
    public Builder tolerance(double v) { tolerance = v; return this; }
    public Builder miniBatchFraction(double v) { miniBatchFraction = v; return this; }
    public Builder treeDepth(int v) { treeDepth = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder evaluateEvery(int v) { evaluateEvery = v; return this; }
    public Builder divergenceFactor(double v) { divergenceFactor = v; return this; }
    public Builder checkpointDir(String v) { checkpointDir = v; return this; }
    public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
    public Builder checkpointKeep(int v) { checkpointKeep = v; return this; }
    public Builder resume(boolean v) { resume = v; return this; }
    /** Marks the step size as derived from the data (only {@link StepSizeDefaults#resolve} sets it). */
    public Builder derivedStepSize(boolean v) { derivedStepSize = v; return this; }

    public TrainingConfig build() { return new TrainingConfig(this); }
  }
}
