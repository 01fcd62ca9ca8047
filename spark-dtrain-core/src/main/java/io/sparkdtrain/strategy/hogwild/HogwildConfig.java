package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.store.SharedParameters;
import io.sparkdtrain.validation.Require;
import java.io.Serializable;

/**
 * Settings of {@link HogwildSgd} and {@link HogwildMf} beyond the shared
 * {@link io.sparkdtrain.engine.TrainingConfig}. Immutable; built with {@link #builder()}, whose
 * {@code build()} validates.
 *
 * <ul>
 *   <li>{@code threads}: concurrent tasks per round, i.e. Hogwild! threads. The training blocks are
 *       coalesced to this many partitions (0 = keep the data's partitions). How many of them run at
 *       once on one executor is Spark's task-slot count: {@code N} in {@code local[N]}, and
 *       {@code spark.executor.cores / spark.task.cpus} on a cluster; the command line sets the
 *       master to {@code local[T]} (train-mf) or expects {@code --master local[T]} (train).
 *   <li>{@code access}: how the shared array is read and written ({@link SharedParameters.Access}).
 *   <li>{@code locked}: the paper's comparison, every example's read-compute-write under one
 *       lock per executor; same code path otherwise.
 *   <li>{@code deterministic}: each task runs its steps on a private copy of the round's model (one
 *       thread, the seeded row order) instead of its executor's shared array, and the driver combines
 *       the tasks' changes in partition order, weighted by their work per coordinate. A round is then
 *       a pure function of the round's model and the partitions' rows, whatever the threads'
 *       interleaving, the task placement, retries or speculative copies: for tests that must compare a
 *       faulty run with an undisturbed one bit for bit. It is model averaging between tasks, not
 *       Hogwild!'s racing on one array (the default, false). One task per data partition: {@code threads}
 *       must then be 0 or the partitions (Spark's coalescing groups partitions by where they are cached).
 * </ul>
 */
public final class HogwildConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int threads;
  private final SharedParameters.Access access;
  private final boolean locked;
  private final boolean deterministic;

  private HogwildConfig(Builder b) {
    if (b.access == null) {
      throw new IllegalArgumentException("Cannot set access to null, the value must be one of plain, opaque, atomic");
    }
    this.threads = Require.atLeast("threads", b.threads, 0);
    this.access = b.access;
    this.locked = b.locked;
    this.deterministic = b.deterministic;
    if (locked && deterministic) {
      throw new IllegalArgumentException("Cannot set locked to true with deterministic true: a deterministic task "
          + "steps on its own copy of the model, so there is nothing to lock");
    }
  }

  /** A builder with threads 0 (the data's partitions), plain access, no lock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static HogwildConfig defaults() {
    return builder().build();
  }

  /** Concurrent tasks per round (0 = one per data partition). */
  public int threads() { return threads; }
  /** How the shared array is accessed. */
  public SharedParameters.Access access() { return access; }
  /** Whether each example runs under one lock. */
  public boolean locked() { return locked; }
  /** Whether each task steps on a private copy and the driver merges the tasks' changes in partition order. */
  public boolean deterministic() { return deterministic; }

  @Override
  public String toString() {
    return "HogwildConfig(threads=" + threads + ", access=" + access + ", locked=" + locked
        + (deterministic ? ", deterministic=true" : "") + ")";
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private int threads;
    private SharedParameters.Access access = SharedParameters.Access.PLAIN;
    private boolean locked;
    private boolean deterministic;

    private Builder() {}

    public Builder threads(int v) { threads = v; return this; }
    public Builder access(SharedParameters.Access v) { access = v; return this; }
    public Builder locked(boolean v) { locked = v; return this; }
    public Builder deterministic(boolean v) { deterministic = v; return this; }

    public HogwildConfig build() { return new HogwildConfig(this); }
  }
}
