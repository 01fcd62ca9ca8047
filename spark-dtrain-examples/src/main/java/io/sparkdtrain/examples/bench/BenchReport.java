package io.sparkdtrain.examples.bench;

import io.sparkdtrain.examples.ReportFiles;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one benchmark measured, and its two renderings: a markdown document (command, machine,
 * problem, tables, definitions) and JSON with every raw number.
 *
 * @param command the command line that produced it
 * @param problem the problem in words (data, rows, features, lambda, partitions)
 * @param fStar the optimum and how it was found
 * @param loadBefore load averages before the run; {@code loadAfter} after it
 * @param memory the cached copies' sizes ({@link BenchData#memory})
 * @param innerLoops the inner loops side by side ({@link InnerLoops}); null when not measured
 */
public record BenchReport(String command, MachineInfo machine, String problem, Map<String, Object> fStar,
                          List<BenchMethod> methods, List<MethodSummary> summaries, List<MethodRun> runs,
                          String loadBefore, String loadAfter, double totalSeconds, Map<String, Object> memory,
                          InnerLoops innerLoops) {

  /** The markdown document. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("## Benchmark: ").append(problem).append("\n\n");
    sb.append("Command:\n\n```\n").append(command).append("\n```\n\n");
    sb.append("Machine:\n\n").append(machine.markdown());
    sb.append("- Load average (1, 5, 15 min): ").append(loadBefore).append(" before, ").append(loadAfter)
        .append(" after; the whole run took ").append(String.format(Locale.ROOT, "%.0f", totalSeconds)).append(" s\n\n");
    sb.append(String.format(Locale.ROOT, "Optimum F* = %.10f (%s).%n%n", (Double) fStar.get("objective"),
        fStar.get("how")));
    sb.append(memoryLine(memory)).append("\n\n");
    sb.append("### Time to relative objective gap (F - F*) / F*\n\n");
    sb.append(BenchTables.gapTable(summaries, MllibLbfgs.ID).render()).append('\n');
    sb.append("### Cost per round (iteration)\n\n");
    sb.append(BenchTables.costTable(summaries).render()).append('\n');
    if (innerLoops != null) {
      sb.append(innerLoops.markdown()).append('\n');
    }
    sb.append("### Methods\n\n");
    for (BenchMethod m : methods) {
      sb.append("- ").append(m.label()).append(" (`").append(m.id()).append("`): ").append(m.settings()).append('\n');
    }
    return sb.toString();
  }

  /** The memory of the cached copies in one sentence. */
  static String memoryLine(Map<String, Object> memory) {
    long csr = ((Number) memory.get("csr_array_bytes")).longValue();
    long blocks = ((Number) memory.get("dtrain_blocks_storage_bytes")).longValue();
    long frame = ((Number) memory.get("mllib_dataframe_storage_bytes")).longValue();
    long points = ((Number) memory.get("mllib_points_rdd_storage_bytes")).longValue();
    return String.format(Locale.ROOT, "Memory: the CSR arrays hold %s; Spark's storage size of the cached dtrain "
        + "blocks is %s (%.2fx the arrays); MLlib's copies: cached DataFrame %s, cached RDD of (label, vector) %s.",
        BenchTables.bytes(csr), BenchTables.bytes(blocks), blocks / (double) csr,
        frame > 0 ? BenchTables.bytes(frame) : "not built", points > 0 ? BenchTables.bytes(points) : "not built");
  }

  /** The JSON-ready map: command, machine, problem, optimum, summaries and every run's raw numbers. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", command);
    m.put("machine", machine.asMap());
    m.put("load_average_before", loadBefore);
    m.put("load_average_after", loadAfter);
    m.put("total_seconds", totalSeconds);
    m.put("problem", problem);
    m.put("optimum", fStar);
    m.put("memory", memory);
    if (innerLoops != null) {
      m.put("inner_loops", innerLoops.asMap());
    }
    List<Map<String, Object>> ms = new ArrayList<>();
    for (BenchMethod x : methods) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", x.id());
      e.put("family", x.family());
      e.put("label", x.label());
      e.put("settings", x.settings());
      ms.add(e);
    }
    m.put("methods", ms);
    List<Map<String, Object>> s = new ArrayList<>();
    summaries.forEach(x -> s.add(x.asMap()));
    m.put("summaries", s);
    List<Map<String, Object>> r = new ArrayList<>();
    runs.forEach(x -> r.add(x.asMap()));
    m.put("runs", r);
    return m;
  }

  /** Writes the markdown document to {@code file}, creating its directory. */
  public void writeMarkdown(File file) throws IOException {
    ReportFiles.writeText(file, markdown(), "--output-md");
  }

  /** Writes the JSON to {@code file}, creating its directory. */
  public void writeJson(File file) throws IOException {
    ReportFiles.writeJson(file, asMap(), "--output-json");
  }
}
