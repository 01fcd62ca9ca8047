package io.sparkdtrain.examples;

import io.sparkdtrain.straggler.StragglerModel;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The straggler scenario ({@code --straggler}, {@code --straggler-delay}) and {@code --report-dir}. */
final class StragglerOptions {
  @Option(names = "--straggler", paramLabel = "WORKER:FACTOR|WORKER:+MSms",
      description = "Make worker (partition) WORKER FACTOR times slower: its task sleeps (FACTOR - 1) x its "
          + "measured compute time; or, with +MSms, sleep MS milliseconds more per step whatever its compute "
          + "took. Repeatable, e.g. --straggler 2:4 --straggler 0:+150ms.")
  List<String> stragglers = new ArrayList<>();

  @Option(names = "--straggler-delay", paramLabel = "none|exp:MEAN_MS", defaultValue = "none",
      description = "Random extra delay of every worker step, seeded by --seed: none, or exponential with "
          + "mean MEAN_MS milliseconds (default ${DEFAULT-VALUE}).")
  String delay;

  @Option(names = "--report-dir", paramLabel = "DIR",
      description = "Write report.html, the charts (PNG and SVG) and events.json/events.csv into DIR.")
  File reportDir;

  /** Checks the options; messages name the option and the value. */
  void validate() {
    for (String s : stragglers) {
      try {
        StragglerModel.builder().slow(s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid value '" + s + "' for option --straggler: " + e.getMessage());
      }
    }
    try {
      StragglerModel.builder().delay(delay);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value '" + delay + "' for option --straggler-delay: "
          + e.getMessage());
    }
  }

  /** Checks that every slowed worker exists among {@code partitions} workers. */
  void checkWorkers(int partitions) {
    for (int w : model(0).slowedWorkers()) {
      Checks.require(w < partitions, "--straggler", String.join(", ", stragglers),
          "worker " + w + " does not exist: there are " + partitions + " workers (partitions 0.." + (partitions - 1) + ")");
    }
  }

  /** The scenario, seeded with the run's seed ({@link StragglerModel#NONE} when nothing is injected). */
  StragglerModel model(long seed) {
    StragglerModel.Builder b = StragglerModel.builder().seed(seed).delay(delay);
    stragglers.forEach(b::slow);
    StragglerModel m = b.build();
    return m.isNone() ? StragglerModel.NONE : m;
  }

  /** The scenario as text for reports. */
  String describe() {
    String s = stragglers.isEmpty() ? "none" : String.join(", ", stragglers);
    return s + (delay.equals("none") ? "" : "; extra delay " + delay);
  }
}
