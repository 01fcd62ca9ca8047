package io.sparkdtrain.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.RoundRecord;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes event logs, one or several runs keyed by a label ({@code sync}, {@code local:16}), as JSON
 * and CSV.
 *
 * <p>JSON: {@code {"runs": [{"label", "strategy", "origin_epoch_micros", "events": [...],
 * "rounds": [...]}]}}, with the keys of {@link WorkerEvent#asMap()} and {@link RoundRecord#asMap()}.
 *
 * <p>CSV: one header, then one row per worker event ({@code type=worker}) and one per round
 * ({@code type=round}); columns that do not apply to a row's type are empty.
 */
public final class EventExport {
  /** The CSV header. */
  public static final String CSV_HEADER = "run,type,worker,step,start_ms,end_ms,compute_ms,injected_delay_ms,"
      + "receive_ms,send_ms,communicate_ms,wait_ms,staleness,bytes_in,bytes_out,round,seconds,objective,test_accuracy,"
      + "test_logloss,test_auc,test_rmse,bytes_communicated";

  private EventExport() {}

  /** The JSON-ready structure of the given runs. */
  public static Map<String, Object> asMap(Map<String, EventLog> runs) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Map.Entry<String, EventLog> run : runs.entrySet()) {
      EventLog log = run.getValue();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", run.getKey());
      m.put("strategy", log.strategy());
      m.put("origin_epoch_micros", log.originEpochMicros());
      List<Map<String, Object>> events = new ArrayList<>();
      log.events().forEach(e -> events.add(e.asMap()));
      m.put("events", events);
      List<Map<String, Object>> rounds = new ArrayList<>();
      log.rounds().forEach(r -> rounds.add(r.asMap()));
      m.put("rounds", rounds);
      list.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("runs", list);
    return root;
  }

  /** Writes {@link #asMap} as indented JSON to {@code file}. */
  public static void writeJson(Map<String, EventLog> runs, Path file) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), asMap(runs));
  }

  /** Writes the CSV described above to {@code file}. */
  public static void writeCsv(Map<String, EventLog> runs, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(CSV_HEADER);
      w.write('\n');
      for (Map.Entry<String, EventLog> run : runs.entrySet()) {
        String label = csv(run.getKey());
        for (WorkerEvent e : run.getValue().events()) {
          w.write(String.join(",", label, "worker", Integer.toString(e.worker()), Long.toString(e.step()),
              num(e.startMs()), num(e.endMs()), num(e.computeMs()), num(e.injectedDelayMs()),
              num(e.receiveMs()), num(e.sendMs()), num(e.communicateMs()), num(e.waitMs()), Integer.toString(e.staleness()),
              Long.toString(e.bytesIn()), Long.toString(e.bytesOut()), "", "", "", "", "", "", "", ""));
          w.write('\n');
        }
        for (RoundRecord r : run.getValue().rounds()) {
          EvaluationMetrics t = r.test();
          w.write(String.join(",", label, "round", "", "", "", "", "", "", "", "", "", "", "", "", "",
              Integer.toString(r.round()), num(r.seconds()), num(r.objective()),
              t == null ? "" : num(t.accuracy()), t == null ? "" : num(t.logloss()),
              t == null ? "" : num(t.auc()), t == null ? "" : num(t.rmse()), Long.toString(r.bytesCommunicated())));
          w.write('\n');
        }
      }
    }
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
