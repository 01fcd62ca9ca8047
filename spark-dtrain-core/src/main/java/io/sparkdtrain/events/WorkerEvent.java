package io.sparkdtrain.events;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One worker step as the event log keeps it. Times are milliseconds since the run started.
 *
 * <ul>
 *   <li>{@code startMs}/{@code endMs}: the worker's computation (its task's work, injected delay
 *       included);
 *   <li>{@code computeMs}: {@code endMs - startMs}, of which {@code injectedDelayMs} was the
 *       straggler model's sleep;
 *   <li>{@code receiveMs}: time before the computation spent being scheduled and receiving the
 *       model (for a barrier round: from the round's start on the driver to the worker's start);
 *   <li>{@code sendMs}: time after the computation (and the wait) spent sending the update and
 *       aggregating it (for a barrier round: from the barrier to the round's end on the driver);
 *       {@link #communicateMs()} is {@code receiveMs + sendMs};
 *   <li>{@code waitMs}: time spent idle for others: at a barrier, the slowest worker's end minus
 *       this worker's end (the slowest worker's lead over it); at a staleness bound, the time held
 *       back;
 *   <li>{@code staleness}: model versions between the worker's read and its update's apply, or
 *       {@code -1} for synchronous steps (which have none);
 *   <li>{@code bytesIn}/{@code bytesOut}: what the worker received (model) and sent (update).
 * </ul>
 */
public record WorkerEvent(int worker, long step, double startMs, double endMs, double computeMs,
                          double injectedDelayMs, double receiveMs, double sendMs, double waitMs,
                          int staleness, long bytesIn, long bytesOut) implements Serializable {

  /** Staleness of a synchronous step (none). */
  public static final int NO_STALENESS = -1;

  /** Completes a worker's own timing with what the driver measured. */
  public static WorkerEvent of(WorkerStep s, double receiveMs, double sendMs, double waitMs, int staleness) {
    return new WorkerEvent(s.worker(), s.step(), s.startMs(), s.endMs(), s.computeMs(), s.injectedDelayMs(),
        receiveMs, sendMs, waitMs, staleness, s.bytesIn(), s.bytesOut());
  }

  /** Time spent communicating: {@code receiveMs + sendMs}. */
  public double communicateMs() {
    return receiveMs + sendMs;
  }

  /** The event as a JSON-ready map. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("worker", worker);
    m.put("step", step);
    m.put("start_ms", startMs);
    m.put("end_ms", endMs);
    m.put("compute_ms", computeMs);
    m.put("injected_delay_ms", injectedDelayMs);
    m.put("receive_ms", receiveMs);
    m.put("send_ms", sendMs);
    m.put("communicate_ms", communicateMs());
    m.put("wait_ms", waitMs);
    m.put("staleness", staleness);
    m.put("bytes_in", bytesIn);
    m.put("bytes_out", bytesOut);
    return m;
  }
}
