package io.sparkdtrain.events;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * A partial result of a distributed step together with the timings of the worker steps that
 * produced it. Merging two merges the values and concatenates the timings in order, so an ordered
 * aggregation (partition order) yields the steps in partition order.
 *
 * @param <T> the result (for example a gradient accumulator)
 */
public final class Timed<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final T value;
  private final WorkerStep[] steps;

  /** One worker's result and its timing. */
  public Timed(T value, WorkerStep step) {
    this(value, new WorkerStep[] {step});
  }

  private Timed(T value, WorkerStep[] steps) {
    this.value = value;
    this.steps = steps;
  }

  public T value() {
    return value;
  }

  /** The timings, in merge order. */
  public List<WorkerStep> steps() {
    return Collections.unmodifiableList(new ArrayList<>(List.of(steps)));
  }

  /** {@code this} then {@code other}: values merged with {@code merge}, timings concatenated. */
  public Timed<T> merge(Timed<T> other, BinaryOperator<T> merge) {
    WorkerStep[] all = new WorkerStep[steps.length + other.steps.length];
    System.arraycopy(steps, 0, all, 0, steps.length);
    System.arraycopy(other.steps, 0, all, steps.length, other.steps.length);
    return new Timed<>(merge.apply(value, other.value), all);
  }
}
