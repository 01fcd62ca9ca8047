package io.sparkdtrain.strategy.local;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Executor-side state a partition carries from one {@link LocalSgd} round into the next (top-k's
 * error-feedback residual in {@link LocalSgdResiduals}, local Adam's moments in
 * {@link LocalAdamMoments}): one registry per kind of state, keyed by (training-run id, partition).
 *
 * <p>An entry holds the value a partition ended round r with (carried into round r + 1) and the value
 * it had carried into round r. A task of round r reads round r - 1's value; a retry of round r that
 * runs in the same JVM after a successful attempt (speculation, a lost result) finds the entry already
 * at round r and reads the value that attempt started from, so it recomputes exactly the same result
 * instead of applying the round's state change twice. Any other state (no entry, or one older than
 * r - 1, as on an executor that did not run the partition last round) reads null: the partition
 * starts that state afresh. The driver accepts exactly one result per partition and round, so no
 * parameter update is ever applied twice. Values are shared, not copied: never write them.
 *
 * @param <T> the carried value (null stands for the state's zero)
 */
final class RoundCarriedState<T> {
  private record Key(String run, int partition) {}

  private record Entry<T>(int round, T current, T previous) {}

  private final ConcurrentHashMap<Key, Entry<T>> entries = new ConcurrentHashMap<>();

  /**
   * The value partition {@code partition} of run {@code run} carries into round {@code round}, or
   * null (round 1, or the partition's last value is not in this JVM).
   */
  T carriedInto(String run, int partition, int round) {
    Entry<T> e = entries.get(new Key(run, partition));
    if (e == null) {
      return null;
    }
    if (e.round() == round - 1) {
      return e.current();
    }
    if (e.round() == round) {
      return e.previous(); // a retry of a round that already completed here
    }
    return null;
  }

  /** Records the value after round {@code round} ({@code after}) and the one it started from ({@code carried}). */
  void store(String run, int partition, int round, T carried, T after) {
    entries.put(new Key(run, partition), new Entry<>(round, after, carried));
  }

  /** Removes every entry of run {@code run} in this JVM. */
  void clear(String run) {
    entries.keySet().removeIf(k -> k.run().equals(run));
  }

  /** Entries held in this JVM, all runs together. */
  int size() {
    return entries.size();
  }

  /** The current values ("run/partition" to the value after the latest round), each through {@code copy}. */
  Map<String, T> snapshot(UnaryOperator<T> copy) {
    Map<String, T> out = new TreeMap<>();
    entries.forEach((k, e) -> out.put(k.run() + "/" + k.partition(), e.current() == null ? null : copy.apply(e.current())));
    return out;
  }
}
