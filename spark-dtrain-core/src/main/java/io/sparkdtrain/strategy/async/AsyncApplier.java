package io.sparkdtrain.strategy.async;

import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.store.ParameterStore;
import io.sparkdtrain.store.SparseDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The driver-side apply rule of {@link AsyncParameterServer} and its bookkeeping. Deltas reach the
 * {@link ParameterStore}'s queue from the accumulator's merge (once per successful task); whichever
 * driver thread calls {@link #drainAndApply()} first applies every queued delta, in arrival order,
 * under this object's lock, so the apply order is the arrival order and each delta is applied once.
 * A second delta with the same (worker, clock) is never applied but counted ({@link #duplicates()}):
 * Spark merges a result task's accumulator once, so the count stays 0; the fault tests assert it.
 *
 * <p>For a delta read at version {@code v_read}, its staleness is {@code tau = version - v_read} at
 * apply time. Then: dropped when {@code tau > dropStaleness} (counted, the version does not move);
 * otherwise, with DC-ASGD (Zheng et al. 2017), each touched coordinate's change {@code d_i = -eta g_i}
 * becomes {@code d_i - eta lambda_i g_i^2 (w_now_i - w_read_i)}, i.e. the gradient is compensated by
 * the diagonal Taylor term {@code lambda g (.) g (.) (w_now - w_read)}, with {@code lambda_i = lambda}
 * or, adaptive, {@code lambda / sqrt(ms_i + 1e-7)} with {@code ms_i = 0.95 ms_i + 0.05 g_i^2} a moving
 * mean square kept for the coordinates updates touch (DC-ASGD-a). For k &gt; 1 local steps
 * {@code eta} is the sum of the k steps' rates and {@code g = -d / eta} their mean pseudo-gradient, so
 * the term is the per-step compensation summed over the k steps with every step's gradient replaced
 * by the mean (an approximation: the paper has k = 1). Finally the
 * (compensated) delta is added scaled by {@code 1 / max(1, tau)} when the staleness-aware rate is on
 * (Zhang, Gupta, Lian and Liu 2016, "Staleness-aware Async-SGD"), by 1 otherwise. After
 * {@link #stop()} or {@link #stopAndSnapshot()} deltas are discarded (counted): the model is the one
 * of the last round, and {@code applied} counts exactly the updates in it.
 *
 * <p><b>Bounded memory.</b> Exactly-once is checked against one high-water mark per worker: a
 * worker's updates run one after another, so its clocks arrive in increasing order and a delta whose
 * clock is not above the worker's mark is a second copy. The staleness report is built from a
 * histogram (staleness -> count), exact for the mean, the nearest-rank percentiles and the maximum.
 * So the bookkeeping holds O(workers + distinct staleness values), not one entry per update.
 */
final class AsyncApplier {
  /** What happened to one update. */
  record Outcome(int worker, long clock, long readVersion, long staleness, boolean applied, long bytes) {}

  private final ParameterStore store;
  private final AsyncConfig config;
  private final LearningRateSchedule schedule;
  private final Map<Integer, double[]> reads = new HashMap<>();
  private final Map<String, Outcome> outcomes = new HashMap<>();
  private final Map<String, Long> highWater = new HashMap<>();
  private final TreeMap<Long, Long> stalenessCounts = new TreeMap<>();
  private final double[] meanSquare;
  private long applied;
  private long dropped;
  private long discarded;
  private long duplicates;
  private long bytesPushed;
  private long bytesPulled;
  private boolean stopped;

  AsyncApplier(ParameterStore store, AsyncConfig config, LearningRateSchedule schedule) {
    this.store = store;
    this.config = config;
    this.schedule = schedule;
    this.meanSquare = config.dcLambda() > 0 && config.dcAdaptive() ? new double[store.dimension()] : null;
  }

  /** A read for {@code worker}: the version and a snapshot (kept for delay compensation). */
  synchronized Read read(int worker) {
    Read r = new Read(store.version(), store.snapshot());
    reads.put(worker, r.weights());
    bytesPulled += 8L * r.weights().length;
    return r;
  }

  /** A read of an older snapshot (deterministic mode): the caller keeps the history. */
  synchronized void readAt(int worker, double[] weights) {
    reads.put(worker, weights);
    bytesPulled += 8L * weights.length;
  }

  /** A model version and its weights. */
  record Read(long version, double[] weights) {}

  /** Applies every queued delta in arrival order; returns their outcomes. */
  synchronized List<Outcome> drainAndApply() {
    store.checkHealthy();
    List<Outcome> out = new ArrayList<>();
    for (SparseDelta d : store.drain()) {
      Long last = highWater.get(d.source());
      if (last != null && d.sequence() <= last) {
        duplicates++; // a second delta of the same (worker, clock): never applied; Spark should never send one
        continue;
      }
      highWater.put(d.source(), d.sequence());
      out.add(apply(d));
    }
    return out;
  }

  /** The outcome of {@code worker}'s update {@code clock}, once it was drained; null before. */
  synchronized Outcome outcome(int worker, long clock) {
    return outcomes.remove(worker + ":" + clock);
  }

  private Outcome apply(SparseDelta d) {
    int worker = Integer.parseInt(d.source());
    long tau = store.version() - d.readVersion();
    bytesPushed += d.bytes();
    double[] wRead = reads.remove(worker);
    boolean keep = !stopped && (config.dropStaleness() < 0 || tau <= config.dropStaleness());
    if (keep) {
      SparseDelta effective = config.dcLambda() > 0 ? compensate(d, wRead) : d;
      double scale = config.stalenessLr() == AsyncConfig.StalenessLr.INVERSE ? 1.0 / Math.max(1, tau) : 1.0;
      store.apply(effective, scale);
      applied++;
    } else if (stopped) {
      discarded++;
    } else {
      dropped++;
    }
    Outcome o = new Outcome(worker, d.sequence(), d.readVersion(), tau, keep, d.bytes());
    if (!stopped) {
      stalenessCounts.merge(tau, 1L, Long::sum);
    }
    if (!stopped) { // a discarded delta has no outcome: its worker records nothing
      outcomes.put(worker + ":" + d.sequence(), o);
    }
    return o;
  }

  private SparseDelta compensate(SparseDelta d, double[] wRead) {
    int[] idx = d.indices();
    double[] v = d.values();
    double eta = 0; // the k steps' rates summed: d = -eta g with g the mean pseudo-gradient
    for (int j = 0; j < config.localSteps(); j++) {
      eta += schedule.rate(d.sequence() * config.localSteps() + j);
    }
    double[] now = store.valuesAt(idx);
    double[] out = new double[v.length];
    for (int q = 0; q < idx.length; q++) {
      double g = -v[q] / eta;
      double lambda = config.dcLambda();
      if (meanSquare != null) {
        meanSquare[idx[q]] = 0.95 * meanSquare[idx[q]] + 0.05 * g * g;
        lambda /= Math.sqrt(meanSquare[idx[q]] + 1e-7);
      }
      double drift = wRead == null ? 0 : now[q] - wRead[idx[q]];
      out[q] = v[q] - eta * lambda * g * g * drift;
    }
    return new SparseDelta(d.source(), d.readVersion(), d.sequence(), d.steps(), d.nanos(), idx, out);
  }

  /** From now on deltas are discarded (counted), not applied. */
  synchronized void stop() {
    stopped = true;
  }

  synchronized long applied() { return applied; }
  synchronized long dropped() { return dropped; }
  /** Updates applied or dropped before {@link #stop()}. */
  synchronized long processed() { return applied + dropped; }
  synchronized long discarded() { return discarded; }
  /** Deltas of an update already received (same worker and clock), ignored; 0 unless Spark merged twice. */
  synchronized long duplicates() { return duplicates; }
  synchronized long bytesPushed() { return bytesPushed; }
  synchronized long bytesPulled() { return bytesPulled; }
  /**
   * Stops the applier and returns the model, in one step under the applier's lock: every update
   * counted as applied is in the returned weights, and every delta that arrives later is discarded
   * (counted by {@link #discarded()}).
   */
  synchronized double[] stopAndSnapshot() {
    stopped = true;
    return store.snapshot();
  }

  /** The number of distinct staleness values seen (the size of the staleness histogram). */
  synchronized int distinctStaleness() { return stalenessCounts.size(); }

  /** The workers whose high-water mark is kept (the size of the exactly-once bookkeeping). */
  synchronized int trackedWorkers() { return highWater.size(); }

  /** Staleness summary of the processed updates: mean, p50, p99, max and the histogram. */
  synchronized Map<String, Object> stalenessReport() {
    return stalenessSummary(stalenessCounts);
  }

  /** {@code mean}, {@code p50}, {@code p99} (nearest rank), {@code max} and {@code histogram} (tau -> count). */
  static Map<String, Object> stalenessSummary(long[] values) {
    TreeMap<Long, Long> counts = new TreeMap<>();
    for (long v : values) {
      counts.merge(v, 1L, Long::sum);
    }
    return stalenessSummary(counts);
  }

  /** The same summary from a histogram (staleness -> count), exact: the histogram is all it needs. */
  static Map<String, Object> stalenessSummary(TreeMap<Long, Long> counts) {
    long n = 0;
    double sum = 0;
    Map<String, Long> histogram = new LinkedHashMap<>();
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      n += e.getValue();
      sum += (double) e.getKey() * e.getValue();
      histogram.put(Long.toString(e.getKey()), e.getValue());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", n == 0 ? 0.0 : sum / n);
    m.put("p50", percentile(counts, n, 0.50));
    m.put("p99", percentile(counts, n, 0.99));
    m.put("max", n == 0 ? 0L : counts.lastKey());
    m.put("histogram", histogram);
    return m;
  }

  /** Nearest-rank percentile of a histogram of {@code n} values (0 when empty). */
  private static long percentile(TreeMap<Long, Long> counts, long n, double q) {
    if (n == 0) {
      return 0;
    }
    long rank = Math.max(1, Math.min(n, (long) Math.ceil(q * n)));
    long seen = 0;
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey();
      }
    }
    return counts.lastKey();
  }

  /** Nearest-rank percentile of sorted values (0 when empty). */
  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
