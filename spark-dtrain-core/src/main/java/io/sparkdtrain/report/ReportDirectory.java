package io.sparkdtrain.report;

import io.sparkdtrain.events.EventExport;
import io.sparkdtrain.events.EventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes everything a report directory holds for one run or a comparison: {@code report.html}
 * (self-contained), the charts as PNG and SVG ({@code objective-vs-time}, {@code objective-vs-rounds},
 * {@code objective-vs-bytes}, {@code staleness}, {@code timeline}), and the event logs as
 * {@code events.json} and {@code events.csv}.
 */
public final class ReportDirectory {
  /** Steps shown per run in the worker timeline. */
  public static final int TIMELINE_STEPS = 5;

  private ReportDirectory() {}

  /**
   * Writes the report of {@code runs} into {@code dir} (created if needed) and returns the summary
   * rows.
   *
   * @param settings shown at the top of the page (command, data, straggler scenario, ...)
   * @param targetAccuracy target of the "wall-clock to target" column; NaN =
   *     {@link RunSummary#defaultTarget}
   */
  public static List<RunSummary> write(Path dir, String title, Map<String, String> settings, List<ReportRun> runs,
                                       double targetAccuracy) throws IOException {
    Files.createDirectories(dir);
    double target = Double.isNaN(targetAccuracy) ? RunSummary.defaultTarget(runs) : targetAccuracy;
    List<RunSummary> rows = new ArrayList<>();
    for (ReportRun run : runs) {
      rows.add(RunSummary.of(run, target));
    }
    Figure timeline = WorkerTimeline.of(runs, TIMELINE_STEPS);
    List<Figure> charts = List.of(Charts.objectiveVsTime(runs), Charts.objectiveVsRounds(runs),
        Charts.objectiveVsBytes(runs), Charts.stalenessHistogram(runs));
    HtmlReport html = new HtmlReport(title);
    settings.forEach(html::setting);
    html.summary(rows, target).inlineSvg(timeline);
    timeline.write(dir);
    for (Figure f : charts) {
      f.write(dir);
      html.figure(f);
    }
    html.write(dir.resolve("report.html"));
    Map<String, EventLog> logs = new LinkedHashMap<>();
    for (ReportRun run : runs) {
      logs.put(run.label(), run.events());
    }
    EventExport.writeJson(logs, dir.resolve("events.json"));
    EventExport.writeCsv(logs, dir.resolve("events.csv"));
    return rows;
  }
}
