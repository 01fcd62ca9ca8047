package io.sparkdtrain.events;

import java.io.Serializable;

/**
 * What a worker measured about one of its steps, on the executor: the step's start and end
 * (milliseconds since the run started, on the executor's wall clock), its compute time including
 * the injected straggler delay, the injected delay alone, and the bytes it received and sent.
 * Shipped back to the driver with the step's result; the driver completes it into a
 * {@link WorkerEvent}.
 */
public record WorkerStep(int worker, long step, double startMs, double endMs, double computeMs,
                         double injectedDelayMs, long bytesIn, long bytesOut) implements Serializable {}
