package io.sparkdtrain.strategy.local;

import java.util.Map;

/**
 * The executor-side memory of top-k sparsification with error feedback in {@link LocalSgd}: one
 * JVM-wide registry of residuals keyed by (training-run id, partition), a {@link RoundCarriedState}.
 *
 * <p>An entry holds the residual a partition produced in round r (carried into round r + 1) and the
 * residual it had carried into round r. A task of round r reads the round r - 1 residual; a retry of
 * round r that runs in the same JVM after a successful attempt (speculation, a lost result) finds
 * the entry already at round r and reads the residual that attempt started from, so it recomputes
 * exactly the same message (the local steps are deterministic) instead of counting the round's
 * unshipped mass twice. Any other state (no entry, or an entry older than r - 1, as on an executor
 * that did not run the partition last round) starts the partition's residual from zero: that only
 * resets the compressor's memory (the unshipped mass of earlier rounds is lost, as without feedback);
 * no update is ever applied twice, because the driver accepts exactly one result per partition and
 * round.
 *
 * <p>{@link LocalSgd} removes its run's entries when {@code train} returns or throws: in the JVM that
 * runs the driver (all of them in local mode) and, on a cluster, with a best-effort job of one task
 * per partition (normally scheduled where the cached block, and so the residual, lives). Entries that
 * job misses live at most as long as the application's executors. Memory: up to two dense vectors of
 * the model dimension per partition an executor ran (a zero residual is stored as nothing).
 */
final class LocalSgdResiduals {
  private static final RoundCarriedState<double[]> STATE = new RoundCarriedState<>();

  private LocalSgdResiduals() {}

  /**
   * The residual partition {@code partition} of run {@code run} carries into round {@code round}, or
   * null for zero. The array is shared: read it, never write it.
   */
  static double[] carriedInto(String run, int partition, int round) {
    return STATE.carriedInto(run, partition, round);
  }

  /**
   * Records the residual after round {@code round} ({@code residual}, null or all zeros for zero)
   * and the one the round started from ({@code carried}). Both arrays are kept, not copied.
   */
  static void store(String run, int partition, int round, double[] carried, double[] residual) {
    STATE.store(run, partition, round, carried, residual);
  }

  /** Removes every entry of run {@code run} in this JVM. */
  static void clear(String run) {
    STATE.clear(run);
  }

  /** Entries held in this JVM, all runs together. */
  static int size() {
    return STATE.size();
  }

  /** A copy of this JVM's current residuals ("run/partition" to the residual after the latest round). */
  static Map<String, double[]> snapshot() {
    return STATE.snapshot(double[]::clone);
  }
}
