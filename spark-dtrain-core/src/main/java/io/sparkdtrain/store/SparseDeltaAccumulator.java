package io.sparkdtrain.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.util.AccumulatorV2;

/**
 * Carries {@link SparseDelta}s from tasks to a driver-side {@link ParameterStore}. A task
 * {@link #add}s its delta; when the task succeeds, Spark's DAG scheduler merges the task's copy into
 * the driver's registered instance exactly once ({@code DAGScheduler.handleTaskCompletion}; a failed
 * attempt's values are dropped because the accumulator does not count failed values), and
 * {@link #merge} hands each delta to the store. Retried and speculative attempts therefore never
 * apply twice, which is why the store is fed here and not through a side channel.
 *
 * <p>{@code merge} runs on Spark's single scheduler thread, so it only queues (O(1) per delta) and
 * never throws; the strategy's thread applies the queue ({@link ParameterStore#drain}). The value is
 * the number of deltas merged. {@code copy}, {@code reset} and {@code isZero} agree, as task
 * serialization requires ({@code copyAndReset().isZero()}). The store reference is transient: task
 * copies never carry it, and in local mode tasks never touch the driver's store.
 *
 * <p>Register with {@code sc.register(acc, name)} before the first job that uses it.
 */
public final class SparseDeltaAccumulator extends AccumulatorV2<SparseDelta, Long> {
  private static final long serialVersionUID = 1L;

  private final transient ParameterStore store;
  private final List<SparseDelta> pending = new ArrayList<>();
  private long merged;

  /** The driver-side instance that feeds {@code store}. */
  public SparseDeltaAccumulator(ParameterStore store) {
    this.store = store;
  }

  @Override
  public boolean isZero() {
    return pending.isEmpty() && merged == 0;
  }

  @Override
  public SparseDeltaAccumulator copy() {
    SparseDeltaAccumulator c = new SparseDeltaAccumulator(store);
    c.pending.addAll(pending);
    c.merged = merged;
    return c;
  }

  @Override
  public void reset() {
    pending.clear();
    merged = 0;
  }

  /** Task side: records the task's delta. */
  @Override
  public void add(SparseDelta delta) {
    pending.add(delta);
  }

  /** Driver side: queues the other copy's deltas in the store (or keeps them when there is none). */
  @Override
  public void merge(AccumulatorV2<SparseDelta, Long> other) {
    if (!(other instanceof SparseDeltaAccumulator o)) {
      if (store != null) {
        store.offer(null);
      }
      return;
    }
    for (SparseDelta d : o.pending) {
      if (store != null) {
        store.offer(d);
      } else {
        pending.add(d);
      }
    }
    merged += o.pending.size() + o.merged;
  }

  /** Deltas merged into this instance. */
  @Override
  public Long value() {
    return merged;
  }

  /** Deltas added on this side and not yet merged anywhere (task side). */
  public List<SparseDelta> pending() {
    return List.copyOf(pending);
  }
}
