package io.sparkdtrain.ml;

import io.sparkdtrain.spark.LeakProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Many fits in one JVM, the way a long notebook session runs them: each fit trains a
 * {@link DtrainClassifier} with the next strategy in turn (sync, local, async, hogwild, fedavg, then
 * again), and after each the {@link LeakProbe} counts threads, Hogwild! registry arrays, live
 * broadcasts, cached RDDs and the heap. The growth per fit is the least-squares slope of each count
 * over the fits after the warm-up (the first pass over the strategies, which starts Spark's and the
 * library's long-lived pools).
 */
public final class SessionSoak {
  private final Dataset<Row> data;
  private final int rounds;

  /**
   * @param data  a label column {@code label} (0/1) and a vector column {@code features}
   * @param rounds rounds per fit (async runs 6 times as many: its round is one update per worker)
   */
  public SessionSoak(Dataset<Row> data, int rounds) {
    if (data == null) {
      throw new IllegalArgumentException("Cannot set data to null");
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("Cannot set rounds to " + rounds + ", the value must be >= 1");
    }
    this.data = data;
    this.rounds = rounds;
  }

  /** One fit's measurement. */
  public record Fit(int index, String strategy, double seconds, double objective, LeakProbe.Counts counts) {}

  /** The strategies in the order a soak cycles through them. */
  public static List<String> strategies() {
    return Strategies.NAMES;
  }

  /** Runs {@code fits} fits (strategies in turn), handing each measurement to {@code onFit}. */
  public List<Fit> run(int fits, Consumer<Fit> onFit) {
    return run(fits, onFit, () -> true);
  }

  /** The same, starting a fit only while {@code keepGoing} says so. */
  public List<Fit> run(int fits, Consumer<Fit> onFit, BooleanSupplier keepGoing) {
    if (fits < 1) {
      throw new IllegalArgumentException("Cannot set fits to " + fits + ", the value must be >= 1");
    }
    List<Fit> out = new ArrayList<>(fits);
    for (int i = 0; i < fits && keepGoing.getAsBoolean(); i++) {
      String strategy = strategies().get(i % strategies().size());
      LeakProbe.Mark mark = LeakProbe.mark(data.sparkSession().sparkContext());
      long t0 = System.nanoTime();
      DtrainClassificationModel model = classifier(strategy, i).fit(data);
      double seconds = (System.nanoTime() - t0) / 1e9;
      Fit fit = new Fit(i, strategy, seconds, model.summary().finalObjective(),
          LeakProbe.measure(data.sparkSession().sparkContext(), mark));
      out.add(fit);
      onFit.accept(fit);
    }
    return out;
  }

  /** The classifier of fit {@code i}: small steps for the per-example strategies, as in the docs. */
  DtrainClassifier classifier(String strategy, long seed) {
    double step = strategy.equals("hogwild") ? 0.05 : strategy.equals("async") ? 0.1 : 1.0;
    return new DtrainClassifier().setStrategy(strategy).setSeed(seed)
        .setMaxRounds(strategy.equals("async") ? 6 * rounds : rounds)
        .setRegParam(1e-4).setLocalSteps(4).setMiniBatchSize(32).setClientFraction(0.5).setStepSize(step);
  }

  /**
   * Growth per fit of each count over {@code fits} (from the index {@code from} on): threads, ours,
   * registry arrays, broadcasts, cached RDDs, heap bytes.
   */
  public static double[] slopes(List<Fit> fits, int from) {
    List<Fit> tail = fits.subList(Math.min(from, fits.size()), fits.size());
    double[][] series = new double[6][tail.size()];
    for (int i = 0; i < tail.size(); i++) {
      LeakProbe.Counts c = tail.get(i).counts();
      series[0][i] = c.threads();
      series[1][i] = c.dtrainThreads();
      series[2][i] = c.registryArrays();
      series[3][i] = c.broadcasts();
      series[4][i] = c.cachedRdds();
      series[5][i] = c.heapBytes();
    }
    double[] out = new double[series.length];
    for (int k = 0; k < series.length; k++) {
      out[k] = LeakProbe.slope(series[k]);
    }
    return out;
  }
}
