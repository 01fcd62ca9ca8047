package io.sparkdtrain.examples.bench;

import java.util.Locale;

/**
 * One method the harness measures (an MLlib optimiser or one of our strategies with fixed settings).
 * Life cycle: the harness calls {@link #run} once per repeat, repeats interleaved with the other
 * methods; the first call gets {@code first == null}, later calls get the first repeat's run (sweep
 * methods reuse its scan). A run must leave no cached data, broadcasts or jobs behind.
 */
public interface BenchMethod {

  /** Short id, unique in a benchmark ("mllib-lbfgs", "sync-mb0.1"); used in JSON and {@code --methods}. */
  String id();

  /** The {@code --methods} family it belongs to ("mllib-lbfgs", "mllib-sgd", "sync"). */
  String family();

  /** The name in the tables. */
  String label();

  /** Its settings in words, for the report. */
  String settings();

  /** Trains once, measuring against {@code context.fStar()}; see the class comment for {@code first}. */
  MethodRun run(BenchContext context, int repeat, MethodRun first);

  /** The id of a method run with mini-batch {@code fraction}: the family, {@code "-mb" + fraction} below 1. */
  static String miniBatchId(String family, double fraction) {
    return fraction >= 1 ? family : family + "-mb" + fraction;
  }

  /** The label of a method run with mini-batch {@code fraction}: "NAME (full batch)" or "NAME (mini-batch F)". */
  static String miniBatchLabel(String name, double fraction) {
    return fraction >= 1 ? name + " (full batch)" : String.format(Locale.ROOT, "%s (mini-batch %s)", name, fraction);
  }
}
