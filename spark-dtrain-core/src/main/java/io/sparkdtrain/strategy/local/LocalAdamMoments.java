package io.sparkdtrain.strategy.local;

/**
 * The executor-side memory of a local Adam whose moments persist across {@link LocalSgd} rounds
 * ({@link LocalSgdConfig.AdamMoments#KEEP}): one JVM-wide registry of each partition's Adam moments
 * (Kingma and Ba 2015: {@code m}, {@code v} and the number of steps they have seen, which Adam's
 * bias correction counts), keyed by (training-run id, partition). DiLoCo (Douillard et al. 2023)
 * keeps each worker's inner optimiser state across rounds in the same way and never averages it. The
 * registry is a {@link RoundCarriedState}.
 *
 * <p>An entry holds the moments a partition ended round r with (carried into round r + 1) and the
 * moments it had carried into round r. A task of round r reads round r - 1's moments; a retry of
 * round r that runs in the same JVM after a successful attempt (speculation, a lost result) finds the
 * entry already at round r and reads the moments that attempt started from, so it recomputes exactly
 * the same update instead of applying the round's moment updates twice. Any other state (no entry, or
 * one older than r - 1, as on an executor that did not run the partition last round) starts the
 * partition from zero moments with a fresh bias correction; {@link LocalSgd} counts those restarts
 * after round 1 in its report ({@code adam_moment_restarts}). No parameter update is ever applied
 * twice: the driver accepts exactly one result per partition and round.
 *
 * <p>{@link LocalSgd} removes its run's entries when {@code train} returns or throws, as it does with
 * {@link LocalSgdResiduals}. Memory: four arrays of the model dimension per partition an executor ran
 * (the moments after the round and the ones carried into it).
 */
final class LocalAdamMoments {
  /** Adam's first and second moments after {@code steps} steps. The arrays are shared: never write them. */
  record Moments(double[] m, double[] v, long steps) {}

  private static final RoundCarriedState<Moments> STATE = new RoundCarriedState<>();

  private LocalAdamMoments() {}

  /**
   * The moments partition {@code partition} of run {@code run} carries into round {@code round}, or
   * null for zero moments (round 1, or the partition's last moments are not in this JVM).
   */
  static Moments carriedInto(String run, int partition, int round) {
    return STATE.carriedInto(run, partition, round);
  }

  /** Records the moments after round {@code round} and the ones it started from (null = zero). */
  static void store(String run, int partition, int round, Moments carried, Moments after) {
    STATE.store(run, partition, round, carried, after);
  }

  /** Removes every entry of run {@code run} in this JVM. */
  static void clear(String run) {
    STATE.clear(run);
  }

  /** Entries held in this JVM, all runs together. */
  static int size() {
    return STATE.size();
  }
}
