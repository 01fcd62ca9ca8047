package io.sparkdtrain.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver-owned, versioned parameter store that {@link SparseDeltaAccumulator} feeds: shared by
 * Hogwild! (deltas of a round, averaged per executor) and the asynchronous parameter server (each
 * delta applied as it arrives, staleness = version at apply - read version).
 *
 * <p>Two sides, two threads. Spark's scheduler thread ({@code dag-scheduler-event-loop}) calls
 * {@link #offer} from the accumulator's {@code merge} once per successful task: O(1), lock-free,
 * never throws, so the scheduler is never held up (a slow merge delays every job in the
 * application). The strategy's own thread then calls {@link #drain} and {@link #apply}, which do the
 * O(nnz) work. Every method is thread-safe.
 */
public final class ParameterStore {
  private final double[] weights;
  private final ConcurrentLinkedQueue<SparseDelta> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private volatile String firstRejection;
  private long version;
  private long applied;

  /** A store holding a copy of {@code initial}, at version 0. */
  public ParameterStore(double[] initial) {
    this.weights = initial.clone();
  }

  /** Queues a delta; called from the accumulator's merge. Never throws. */
  void offer(SparseDelta delta) {
    try {
      if (delta == null) {
        reject("a null delta");
        return;
      }
      inbox.add(delta);
      received.incrementAndGet();
    } catch (Throwable t) { // merge must never throw: it runs on Spark's scheduler thread
      reject(t.toString());
    }
  }

  private void reject(String why) {
    rejected.incrementAndGet();
    if (firstRejection == null) {
      firstRejection = why;
    }
  }

  /** Takes every queued delta, in arrival order. */
  public List<SparseDelta> drain() {
    List<SparseDelta> out = new ArrayList<>();
    for (SparseDelta d = inbox.poll(); d != null; d = inbox.poll()) {
      out.add(d);
    }
    return out;
  }

  /**
   * Adds {@code scale * delta} to the weights and bumps the version.
   *
   * @return the delta's staleness: the version before this apply minus its read version
   * @throws IllegalArgumentException if an index is outside the model
   */
  public synchronized long apply(SparseDelta delta, double scale) {
    int[] idx = delta.indices();
    for (int i : idx) {
      if (i < 0 || i >= weights.length) {
        throw new IllegalArgumentException("delta from " + delta.source() + " has index " + i
            + " outside [0, " + weights.length + ")");
      }
    }
    double[] val = delta.values();
    for (int p = 0; p < idx.length; p++) {
      weights[idx[p]] += scale * val[p];
    }
    long staleness = version - delta.readVersion();
    version++;
    applied++;
    return staleness;
  }

  /**
   * The current weights at {@code indices} (for delay compensation, which reads the model at the
   * coordinates an update touches).
   *
   * @throws IllegalArgumentException if an index is outside the model
   */
  public synchronized double[] valuesAt(int[] indices) {
    double[] out = new double[indices.length];
    for (int p = 0; p < indices.length; p++) {
      int i = indices[p];
      if (i < 0 || i >= weights.length) {
        throw new IllegalArgumentException("index " + i + " outside [0, " + weights.length + ")");
      }
      out[p] = weights[i];
    }
    return out;
  }

  /** Number of parameters. */
  public int dimension() {
    return weights.length;
  }

  /** The version: how many deltas have been applied. */
  public synchronized long version() {
    return version;
  }

  /** A copy of the weights. */
  public synchronized double[] snapshot() {
    return weights.clone();
  }

  /** Copies the weights into {@code out}. */
  public synchronized void copyInto(double[] out) {
    System.arraycopy(weights, 0, out, 0, weights.length);
  }

  /** Deltas received from successful tasks (each exactly once). */
  public long received() {
    return received.get();
  }

  /** Deltas applied. */
  public synchronized long applied() {
    return applied;
  }

  /**
   * Throws if a merge had to drop something, so the failure surfaces on the strategy's thread.
   *
   * @throws IllegalStateException naming the first problem
   */
  public void checkHealthy() {
    if (rejected.get() > 0) {
      throw new IllegalStateException(rejected.get() + " task update(s) could not be queued; first: "
          + firstRejection);
    }
  }

  @Override
  public String toString() {
    return "ParameterStore(dimension=" + weights.length + ", version=" + version() + ", received="
        + received() + ")";
  }
}
