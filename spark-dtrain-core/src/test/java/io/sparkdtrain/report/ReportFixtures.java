package io.sparkdtrain.report;

import io.sparkdtrain.engine.StopReason;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.events.EventLog;
import io.sparkdtrain.events.WorkerEvent;
import io.sparkdtrain.events.WorkerStep;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.model.linear.ModelShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built runs for the report tests: a synchronous one with a straggler, an asynchronous one. */
final class ReportFixtures {
  private ReportFixtures() {}

  /** Sync, 4 workers, worker 2 four times slower: the others wait at every barrier. */
  static ReportRun sync() {
    EventLog log = new EventLog("sync");
    List<RoundRecord> history = new ArrayList<>();
    history.add(new RoundRecord(0, 0, 0.69, metrics(0.5), 0));
    log.record(history.get(0));
    double t = 0;
    for (int round = 1; round <= 10; round++) {
      List<WorkerStep> steps = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        double compute = w == 2 ? 40 : 10;
        steps.add(new WorkerStep(w, round, t + 2, t + 2 + compute, compute, w == 2 ? 30 : 0, 800, 824));
      }
      log.recordBarrier(t, t + 45, steps);
      t += 45;
      RoundRecord r = new RoundRecord(round, t / 1000, 0.69 - 0.03 * round, metrics(0.5 + 0.034 * round),
          round * 6592L);
      history.add(r);
      log.record(r);
    }
    return run("sync", "synchronous SGD (AllReduce every step)", log, history);
  }

  /** Async: no barrier, staleness 0..5. */
  static ReportRun async() {
    EventLog log = new EventLog("async");
    List<RoundRecord> history = new ArrayList<>();
    history.add(new RoundRecord(0, 0, 0.69, metrics(0.5), 0));
    for (int w = 0; w < 4; w++) {
      double t = 0;
      for (int step = 1; step <= 12; step++) {
        double compute = w == 2 ? 40 : 10;
        log.record(new WorkerEvent(w, step, t + 1, t + 1 + compute, compute, w == 2 ? 30 : 0, 1, 2, 0,
            (step + w) % 6, 800, 824));
        t += compute + 3;
      }
    }
    for (int round = 1; round <= 10; round++) {
      history.add(new RoundRecord(round, round * 0.03, 0.69 - 0.035 * round, metrics(0.5 + 0.035 * round),
          round * 9000L));
    }
    return run("async", "asynchronous parameter server", log, history);
  }

  private static ReportRun run(String label, String method, EventLog log, List<RoundRecord> history) {
    RoundRecord last = history.get(history.size() - 1);
    TrainingResult r = new TrainingResult(label, new double[3], new ModelShape(2, 1, true), history,
        StopReason.MAX_ROUNDS, last.objective(), last.test(), 0.1, Map.of(), log);
    return new ReportRun(label, method, r);
  }

  private static EvaluationMetrics metrics(double accuracy) {
    return new EvaluationMetrics(100, accuracy, 0.5, 0.8, Double.NaN);
  }
}
