package io.sparkdtrain.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The machine a benchmark ran on: cores, CPU model, memory, load averages, Java and Spark versions,
 * master and date. Read from {@code /proc} where it exists ("unknown" elsewhere).
 */
public record MachineInfo(int cpus, String cpuModel, String memory, String os, String javaVersion,
                          String sparkVersion, String master, String date) {

  /** Describes this machine. */
  public static MachineInfo collect(String sparkVersion, String master) {
    return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemory(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        sparkVersion, master, ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
  }

  /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "unknown". */
  public static String loadAverage() {
    List<String> lines = lines("/proc/loadavg");
    if (lines.isEmpty()) {
      return "unknown";
    }
    String[] f = lines.get(0).trim().split("\\s+");
    return f.length >= 3 ? f[0] + ", " + f[1] + ", " + f[2] : "unknown";
  }

  private static String readCpuModel() {
    for (String l : lines("/proc/cpuinfo")) {
      if (l.startsWith("model name")) {
        return l.substring(l.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  private static String readMemory() {
    for (String l : lines("/proc/meminfo")) {
      if (l.startsWith("MemTotal:")) {
        String[] f = l.trim().split("\\s+");
        return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(f[1]) / (1024.0 * 1024.0));
      }
    }
    return "unknown";
  }

  private static List<String> lines(String path) {
    try {
      return Files.readAllLines(Path.of(path));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** The description as a JSON-ready map. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", cpus);
    m.put("cpu_model", cpuModel);
    m.put("memory", memory);
    m.put("os", os);
    m.put("java", javaVersion);
    m.put("spark", sparkVersion);
    m.put("master", master);
    m.put("date", date);
    return m;
  }

  /** The description as markdown list items. */
  public String markdown() {
    return "- CPU: " + cpus + " cores (`nproc`), " + cpuModel + "\n"
        + "- Memory: " + memory + "\n"
        + "- OS: " + os + "\n"
        + "- Java: " + javaVersion + "\n"
        + "- Spark: " + sparkVersion + ", master `" + master + "`\n"
        + "- Date: " + date + "\n";
  }
}
