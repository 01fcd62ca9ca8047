package io.sparkdtrain.strategy.async;

import io.sparkdtrain.engine.StepSizeDefaults;
import java.io.Serializable;
import java.util.Locale;

/**
 * Settings of {@link AsyncParameterServer}. Immutable; built with {@link #builder()}, whose
 * {@code build()} validates every field and names the setting and the value in its message.
 *
 * <ul>
 *   <li>{@code localSteps} k and {@code batchSize} b: one update is k mini-batch SGD steps of b rows
 *       on the worker's partition (k = 1: one stochastic gradient step, the classic parameter server);
 *       k = 0 ({@link StepSizeDefaults#ONE_PASS}, the front doors' default) = one pass over the
 *       partition per update, resolved by {@link #resolved} (b = 0 then means "unset": 10 rows with
 *       a derived step size, 64 with an explicit one);
 *   <li>{@code maxStaleness} s (SSP, Ho et al. 2013): a worker may not start its clock c + 1 while the
 *       slowest worker has completed fewer than c + 1 - s clocks; -1 = unbounded (fully asynchronous),
 *       0 = bulk synchronous;
 *   <li>{@code stalenessLr}: {@link StalenessLr#NONE} applies updates as they are,
 *       {@link StalenessLr#INVERSE} scales an update of staleness tau by 1 / max(1, tau) (Zhang et al.
 *       2016);
 *   <li>{@code dcLambda} (DC-ASGD, Zheng et al. 2017): delay compensation strength, 0 = off;
 *       {@code dcAdaptive} divides it per coordinate by the root of a moving mean of the squared
 *       gradient (their DC-ASGD-a);
 *   <li>{@code dropStaleness} T: updates with staleness &gt; T are dropped (counted), -1 = keep all;
 *   <li>{@code injectStaleness} TAU: deterministic mode, -1 = off; see {@link AsyncParameterServer};
 *   <li>{@code updatesPerRound} N: a reporting round (evaluation, stopping rules) every N updates;
 *       0 = one per worker;
 *   <li>{@code failFirstAttempts} f: fault injection for tests; the first attempt of a share f of the
 *       tasks (chosen by seed) throws after pushing its delta. Needs task retries
 *       ({@code local[N,F]} with F &gt;= 2, or {@code spark.task.maxFailures}).
 * </ul>
 */
public final class AsyncConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How an update's step size depends on its staleness. */
  public enum StalenessLr { NONE, INVERSE }

  private final int localSteps;
  private final int batchSize;
  private final int maxStaleness;
  private final StalenessLr stalenessLr;
  private final double dcLambda;
  private final boolean dcAdaptive;
  private final int dropStaleness;
  private final int injectStaleness;
  private final int updatesPerRound;
  private final double failFirstAttempts;
  private final double stepSize;

  private AsyncConfig(Builder b) {
    localSteps = atLeast("localSteps", b.localSteps, 0);
    batchSize = atLeast("batchSize", b.batchSize, b.localSteps == StepSizeDefaults.ONE_PASS ? 0 : 1);
    maxStaleness = atLeast("maxStaleness", b.maxStaleness, -1);
    if (b.stalenessLr == null) {
      throw new IllegalArgumentException("Cannot set stalenessLr to null, the value must be none or inverse");
    }
    stalenessLr = b.stalenessLr;
    if (!(b.dcLambda >= 0) || !Double.isFinite(b.dcLambda)) {
      throw new IllegalArgumentException("Cannot set dcLambda to " + b.dcLambda + ", the value must be finite and >= 0");
    }
    dcLambda = b.dcLambda;
    dcAdaptive = b.dcAdaptive;
    dropStaleness = atLeast("dropStaleness", b.dropStaleness, -1);
    injectStaleness = atLeast("injectStaleness", b.injectStaleness, -1);
    updatesPerRound = atLeast("updatesPerRound", b.updatesPerRound, 0);
    if (!(b.failFirstAttempts >= 0 && b.failFirstAttempts <= 1)) {
      throw new IllegalArgumentException("Cannot set failFirstAttempts to " + b.failFirstAttempts
          + ", the value must be in [0, 1]");
    }
    failFirstAttempts = b.failFirstAttempts;
    if (!(Double.isNaN(b.stepSize) || (b.stepSize > 0 && Double.isFinite(b.stepSize)))) {
      throw new IllegalArgumentException("Cannot set stepSize to " + b.stepSize
          + ", the value must be finite and > 0 (or NaN = the TrainingConfig's)");
    }
    stepSize = b.stepSize;
    if (injectStaleness >= 0 && maxStaleness >= 0) {
      throw new IllegalArgumentException("Cannot set both injectStaleness (" + injectStaleness
          + ") and maxStaleness (" + maxStaleness + "): the deterministic mode fixes the staleness itself");
    }
  }

  private static int atLeast(String name, int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException("Cannot set " + name + " to " + v + ", the value must be >= " + min);
    }
    return v;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return builder().localSteps(localSteps).batchSize(batchSize).maxStaleness(maxStaleness)
        .stalenessLr(stalenessLr).dcLambda(dcLambda).dcAdaptive(dcAdaptive).dropStaleness(dropStaleness)
        .injectStaleness(injectStaleness).updatesPerRound(updatesPerRound).failFirstAttempts(failFirstAttempts).stepSize(stepSize);
  }

  /**
   * This config with {@link StepSizeDefaults#ONE_PASS} resolved for data of {@code rows} rows in
   * {@code partitions} partitions, {@code derivedStep} the step size derived from the data (NaN when the
   * step size is explicit); this config itself when k is explicit. With the derived step, every update
   * is a pass over the worker's partition taken with the step divided by the square root of the
   * number of workers, and decayed per pass over the data ({@link StepSizeDefaults#PER_PASS_INVERSE_SQRT},
   * the run's schedule): the round's {@code partitions} deltas, computed from about the same model,
   * add up, and undivided they overshoot (measured on {@code local[2]}: a9a standardised AUC 0.883
   * against MLlib's 0.901). Measured on the first 4,000 rows of a9a, 2 workers, eight fits each
   * (final objective, MLlib 0.312): divided and decayed 0.319-0.328; undivided and decayed
   * 0.318-0.330; divided, constant 0.317-0.434 (the last update is one worker's noisy pass);
   * halved, constant 0.317-0.343. On 20-class sparse text (test accuracy, MLlib 0.692) divided and
   * decayed gave 0.657-0.671, undivided and decayed 0.640-0.686.
   */
  public AsyncConfig resolved(double derivedStep, long rows, int partitions) {
    if (localSteps != StepSizeDefaults.ONE_PASS) {
      return this;
    }
    if (Double.isNaN(derivedStep)) {
      return toBuilder().localSteps(StepSizeDefaults.EXPLICIT_STEP_LOCAL_STEPS)
          .batchSize(batchSize > 0 ? batchSize : 64).build();
    }
    int batch = batchSize > 0 ? batchSize : StepSizeDefaults.ONE_PASS_BATCH;
    return toBuilder().batchSize(batch).localSteps(StepSizeDefaults.onePassSteps(rows, partitions, batch))
        .stepSize(derivedStep / Math.sqrt(Math.max(1, partitions))).build();
  }

  /** k: local SGD steps per update. */
  public int localSteps() { return localSteps; }
  /** b: rows per local step. */
  public int batchSize() { return batchSize; }
  /** SSP bound s; -1 = unbounded. */
  public int maxStaleness() { return maxStaleness; }
  public StalenessLr stalenessLr() { return stalenessLr; }
  /** DC-ASGD lambda; 0 = off. */
  public double dcLambda() { return dcLambda; }
  public boolean dcAdaptive() { return dcAdaptive; }
  /** Drop updates with staleness above this; -1 = never. */
  public int dropStaleness() { return dropStaleness; }
  /** Injected staleness TAU of the deterministic mode; -1 = off (real asynchrony). */
  public int injectStaleness() { return injectStaleness; }
  /** Updates per reporting round; 0 = the number of workers. */
  public int updatesPerRound() { return updatesPerRound; }
  /** Share of tasks whose first attempt fails on purpose (tests). */
  public double failFirstAttempts() { return failFirstAttempts; }
  /**
   * The workers' learning rate, overriding {@code TrainingConfig.stepSize} (the schedule is kept); NaN
   * = use the TrainingConfig's. Lets {@code compare} run async beside full-batch methods.
   */
  public double stepSize() { return stepSize; }
  /** True in the deterministic (injected staleness) mode. */
  public boolean deterministic() { return injectStaleness >= 0; }

  @Override
  public String toString() {
    return "AsyncConfig(localSteps=" + localSteps + ", batchSize=" + batchSize + ", maxStaleness=" + maxStaleness
        + ", stalenessLr=" + stalenessLr.name().toLowerCase(Locale.ROOT) + ", dcLambda=" + dcLambda
        + ", dcAdaptive=" + dcAdaptive + ", dropStaleness=" + dropStaleness + ", injectStaleness="
        + injectStaleness + ", updatesPerRound=" + updatesPerRound + ", failFirstAttempts=" + failFirstAttempts
        + ", stepSize=" + stepSize + ")";
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private int localSteps = 1;
    private int batchSize = 64;
    private int maxStaleness = -1;
    private StalenessLr stalenessLr = StalenessLr.NONE;
    private double dcLambda = 0;
    private boolean dcAdaptive = false;
    private int dropStaleness = -1;
    private int injectStaleness = -1;
    private int updatesPerRound = 0;
    private double failFirstAttempts = 0;
    private double stepSize = Double.NaN;

    private Builder() {}

    public Builder localSteps(int v) { localSteps = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder maxStaleness(int v) { maxStaleness = v; return this; }
    public Builder stalenessLr(StalenessLr v) { stalenessLr = v; return this; }
    public Builder dcLambda(double v) { dcLambda = v; return this; }
    public Builder dcAdaptive(boolean v) { dcAdaptive = v; return this; }
    public Builder dropStaleness(int v) { dropStaleness = v; return this; }
    public Builder injectStaleness(int v) { injectStaleness = v; return this; }
    public Builder updatesPerRound(int v) { updatesPerRound = v; return this; }
    public Builder failFirstAttempts(double v) { failFirstAttempts = v; return this; }
    public Builder stepSize(double v) { stepSize = v; return this; }

    public AsyncConfig build() { return new AsyncConfig(this); }
  }
}
