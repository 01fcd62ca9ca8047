package io.sparkdtrain.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.straggler.StragglerModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log against hand-built schedules, the step timer, and the JSON/CSV export. */
class EventLogTest {

  /**
   * A hand-built barrier round: the driver starts at 0 ms and has all results at 130 ms; workers
   * end at 20, 25, 120 (the straggler) and 30 ms. Each waits for the straggler's lead over it.
   */
  @Test
  void barrierWaitIsTheSlowestWorkersLead() {
    EventLog log = new EventLog("sync");
    List<WorkerStep> steps = List.of(
        new WorkerStep(0, 1, 2, 20, 18, 0, 80, 88),
        new WorkerStep(1, 1, 3, 25, 22, 0, 80, 88),
        new WorkerStep(2, 1, 2, 120, 118, 88.5, 80, 88),
        new WorkerStep(3, 1, 4, 30, 26, 0, 80, 88));
    List<WorkerEvent> events = log.recordBarrier(0, 130, steps);
    double[] expectedWait = {100, 95, 0, 90};
    double[] expectedReceive = {2, 3, 2, 4};
    for (int i = 0; i < 4; i++) {
      assertEquals(expectedWait[i], events.get(i).waitMs(), 1e-12, "wait of worker " + i);
      assertEquals(expectedReceive[i], events.get(i).receiveMs(), 1e-12, "receive of worker " + i);
      assertEquals(10, events.get(i).sendMs(), 1e-12, "send of worker " + i + ": barrier 120 to round end 130");
      assertEquals(WorkerEvent.NO_STALENESS, events.get(i).staleness());
    }
    assertEquals(88.5, events.get(2).injectedDelayMs());
    assertEquals(285, log.totalWaitMs(), 1e-12);
    assertEquals(4, log.workers());
    assertEquals(0, log.staleness().length, "synchronous steps have no staleness");
  }

  @Test
  void timerInjectsTheDelayIntoTheMeasuredCompute() {
    EventLog log = new EventLog("test");
    StepTimer timer = StepTimer.start(log.originEpochMicros());
    busy(3_000_000L);
    WorkerStep s = timer.finish(StragglerModel.builder().slow(1, 5).build(), 1, 4, 10, 20);
    double own = s.computeMs() - s.injectedDelayMs();
    assertTrue(own >= 3.0, s.toString());
    // the injected sleep is (5 - 1) x the compute measured before it, up to the sleep's overshoot
    // (the upper bound allows a loaded machine to wake the sleeper late)
    assertTrue(s.injectedDelayMs() >= 4 * 3.0 && s.injectedDelayMs() < 4 * own + 1000, s.toString());
    assertEquals(s.startMs() + s.computeMs(), s.endMs(), 1e-9);
    assertTrue(s.startMs() >= 0 && s.endMs() <= log.nowMs() + 1, s + " vs now " + log.nowMs());
    assertEquals(1, s.worker());
    assertEquals(4, s.step());

    WorkerStep plain = StepTimer.start(log.originEpochMicros()).finish(StragglerModel.NONE, 0, 1, 0, 0);
    assertEquals(0.0, plain.injectedDelayMs());
  }

  @Test
  void exportsJsonAndCsv(@TempDir Path dir) throws Exception {
    EventLog log = new EventLog("sync");
    log.record(new RoundRecord(0, 0, 0.69, new EvaluationMetrics(10, 0.5, 0.69, 0.5, Double.NaN), 0));
    log.recordBarrier(0, 50, List.of(new WorkerStep(0, 1, 1, 10, 9, 0, 8, 16),
        new WorkerStep(1, 1, 1, 40, 39, 20, 8, 16)));
    log.record(new RoundRecord(1, 0.05, 0.5, null, 48));
    Path json = dir.resolve("events.json");
    Path csv = dir.resolve("events.csv");
    EventExport.writeJson(Map.of("sync", log), json);
    EventExport.writeCsv(Map.of("sync", log), csv);

    JsonNode run = new ObjectMapper().readTree(json.toFile()).get("runs").get(0);
    assertEquals("sync", run.get("label").asText());
    assertEquals(2, run.get("events").size());
    assertEquals(30.0, run.get("events").get(0).get("wait_ms").asDouble(), 1e-9);
    assertEquals(-1, run.get("events").get(0).get("staleness").asInt());
    assertEquals(0.5, run.get("rounds").get(0).get("test").get("accuracy").asDouble());

    List<String> lines = Files.readAllLines(csv);
    assertEquals(EventExport.CSV_HEADER, lines.get(0));
    assertEquals(5, lines.size());
    int columns = EventExport.CSV_HEADER.split(",").length;
    for (String line : lines) {
      assertEquals(columns, line.split(",", -1).length, line);
    }
    assertEquals("sync,worker,0,1,1.0000,10.0000,9.0000,0.0000,1.0000,10.0000,11.0000,30.0000,-1,8,16,,,,,,,,", lines.get(1));
    assertTrue(lines.get(3).startsWith("sync,round,,,,,,,,,,,,,,0,0.0000,0.6900,0.5000,"), lines.get(3));
  }

  private static void busy(long nanos) {
    long end = System.nanoTime() + nanos;
    double x = 0;
    while (System.nanoTime() < end) {
      x += Math.sqrt(x + 1);
    }
    assertTrue(x > 0);
  }
}
