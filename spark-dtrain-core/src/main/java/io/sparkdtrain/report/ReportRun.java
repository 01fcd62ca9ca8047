package io.sparkdtrain.report;

import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.events.EventLog;

/**
 * One run in a report: its label ({@code sync}, {@code local:16}), a one-line description of the
 * method ("synchronous SGD, AllReduce every step") and its result, which carries the event log.
 */
public record ReportRun(String label, String method, TrainingResult result) {

  /** The run's event log. */
  public EventLog events() {
    return result.events();
  }
}
