package io.sparkdtrain.events;

import io.sparkdtrain.metrics.RoundRecord;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The event log of one training run, kept on the driver: a {@link WorkerEvent} per worker and step,
 * and the run's {@link RoundRecord}s (objective and held-out metrics per round). Its clock starts
 * at {@link #originEpochMicros()}; every time in it is milliseconds since then. Executors need only
 * the origin (a {@code long}) to time their steps with {@link StepTimer}.
 *
 * <p>Not thread-safe: one driver thread records into it (an asynchronous strategy recording from
 * several driver threads must synchronise on the log).
 */
public final class EventLog implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String strategy;
  private long originEpochMicros;
  private final List<WorkerEvent> events = new ArrayList<>();
  private final List<RoundRecord> rounds = new ArrayList<>();

  /** An empty log whose clock starts now. */
  public EventLog(String strategy) {
    this.strategy = strategy;
    this.originEpochMicros = epochMicros();
  }

  /** Wall-clock microseconds since the epoch (microsecond resolution where the OS gives it). */
  public static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** The strategy whose run this is. */
  public String strategy() {
    return strategy;
  }

  /** Restarts the clock (when training starts, after the initial evaluation). */
  public void restartClock() {
    originEpochMicros = epochMicros();
  }

  /**
   * Replaces the log's content with a checkpoint's ({@code events} and {@code rounds}) and sets the
   * clock so that it reads {@code clockMs} now: the resumed run's times continue the saved ones.
   */
  public void restore(List<WorkerEvent> savedEvents, List<RoundRecord> savedRounds, double clockMs) {
    events.clear();
    events.addAll(savedEvents);
    rounds.clear();
    rounds.addAll(savedRounds);
    originEpochMicros = epochMicros() - Math.round(clockMs * 1e3);
  }

  /** Epoch microseconds of time 0. */
  public long originEpochMicros() {
    return originEpochMicros;
  }

  /** Milliseconds since time 0, now, on the driver's clock. */
  public double nowMs() {
    return (epochMicros() - originEpochMicros) / 1e3;
  }

  /** Adds one event (asynchronous strategies: wait and staleness computed by the caller). */
  public void record(WorkerEvent event) {
    events.add(event);
  }

  /** Adds a round's record (the training loop does this for every round). */
  public void record(RoundRecord round) {
    rounds.add(round);
  }

  /**
   * Records a barrier round: the driver started it at {@code roundStartMs} and had every worker's
   * result at {@code roundEndMs}. The barrier is the slowest worker's end; each worker waits from its
   * own end to the barrier, and communicates before its start and after the barrier.
   *
   * @return the events added, in the order of {@code steps}
   */
  public List<WorkerEvent> recordBarrier(double roundStartMs, double roundEndMs, List<WorkerStep> steps) {
    double barrier = Double.NEGATIVE_INFINITY;
    for (WorkerStep s : steps) {
      barrier = Math.max(barrier, s.endMs());
    }
    List<WorkerEvent> added = new ArrayList<>(steps.size());
    for (WorkerStep s : steps) {
      double before = Math.max(0, s.startMs() - roundStartMs);
      double after = Math.max(0, roundEndMs - barrier);
      WorkerEvent e = WorkerEvent.of(s, before, after, barrier - s.endMs(), WorkerEvent.NO_STALENESS);
      events.add(e);
      added.add(e);
    }
    return added;
  }

  /** Every worker event, in the order recorded. */
  public List<WorkerEvent> events() {
    return Collections.unmodifiableList(events);
  }

  /** Every round record, in order (round 0 is the starting model). */
  public List<RoundRecord> rounds() {
    return Collections.unmodifiableList(rounds);
  }

  /** The number of distinct workers seen. */
  public int workers() {
    return (int) events.stream().mapToInt(WorkerEvent::worker).distinct().count();
  }

  /** Total waiting time of all workers, in milliseconds. */
  public double totalWaitMs() {
    return events.stream().mapToDouble(WorkerEvent::waitMs).sum();
  }

  /** Total compute time (injected delay included) of all workers, in milliseconds. */
  public double totalComputeMs() {
    return events.stream().mapToDouble(WorkerEvent::computeMs).sum();
  }

  /** Staleness values of the events that have one (asynchronous steps); empty for synchronous runs. */
  public int[] staleness() {
    return events.stream().mapToInt(WorkerEvent::staleness).filter(s -> s >= 0).toArray();
  }

  @Override
  public String toString() {
    return "EventLog(" + strategy + ", " + events.size() + " worker events, " + rounds.size() + " rounds)";
  }
}
