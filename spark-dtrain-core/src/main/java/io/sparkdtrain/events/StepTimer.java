package io.sparkdtrain.events;

import io.sparkdtrain.straggler.StragglerModel;

/**
 * Times one worker step on the executor and injects the straggler delay. Use inside a task:
 *
 * <pre>{@code
 * StepTimer timer = StepTimer.start(origin);       // origin: EventLog.originEpochMicros() of the run
 * R result = ... the step's work ...;
 * WorkerStep step = timer.finish(stragglers, partition, round, bytesIn, bytesOut);
 * return new Timed<>(result, step);
 * }</pre>
 *
 * {@link #finish} sleeps the delay the {@link StragglerModel} asks for, given the compute time it
 * measured, so the injected delay is part of the step's measured compute time and is also reported
 * on its own.
 */
public final class StepTimer {
  private final long originEpochMicros;
  private final long startEpochMicros;
  private final long startNanos;

  private StepTimer(long originEpochMicros) {
    this.originEpochMicros = originEpochMicros;
    this.startEpochMicros = EventLog.epochMicros();
    this.startNanos = System.nanoTime();
  }

  /** Starts timing a step of a run whose clock started at {@code originEpochMicros}. */
  public static StepTimer start(long originEpochMicros) {
    return new StepTimer(originEpochMicros);
  }

  /**
   * Ends the step: injects {@code stragglers}' delay for {@code (worker, step)} and returns the
   * timing with the given byte counts.
   */
  public WorkerStep finish(StragglerModel stragglers, int worker, long step, long bytesIn, long bytesOut) {
    long computed = System.nanoTime() - startNanos;
    long injected = stragglers == null ? 0 : stragglers.inject(worker, step, computed);
    // the step's time is its own compute plus what was slept, both measured: a third clock read here
    // would add whatever descheduling falls between the sleep's end and that read to the "own" compute
    // (seen on a loaded 2-core CI machine: 0.42 ms against 0.09 ms measured before the sleep)
    long total = computed + injected;
    double startMs = (startEpochMicros - originEpochMicros) / 1e3;
    return new WorkerStep(worker, step, startMs, startMs + total / 1e6, total / 1e6, injected / 1e6,
        bytesIn, bytesOut);
  }
}
