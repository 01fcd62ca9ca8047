package io.sparkdtrain.examples.bench;

import java.util.List;
import java.util.Locale;

/**
 * The report's tables, built from {@link MethodSummary summaries}: time to each gap (with the ratio
 * to a reference method, MLlib L-BFGS) and the cost per round. Pure formatting.
 */
public final class BenchTables {
  private BenchTables() {}

  /**
   * One row per method and gap: runs that reached it, time (median [min, max]), rounds, ratio of
   * median times to {@code reference} at the same gap, test accuracy at that point, bytes.
   */
  public static MarkdownTable gapTable(List<MethodSummary> summaries, String reference) {
    MethodSummary ref = summaries.stream().filter(s -> s.method().equals(reference)).findFirst().orElse(null);
    MarkdownTable t = new MarkdownTable("Method", "Gap", "Reached", "Time to gap, s: median [min, max]",
        "Rounds", "Time / L-BFGS", "Test accuracy", "Bytes");
    for (MethodSummary s : summaries) {
      for (MethodSummary.GapSummary g : s.gaps()) {
        boolean reached = g.reached() > 0;
        String rounds = reached ? integer(g.rounds().median())
            : "> " + integer(g.rounds().median()) + " (gap " + sci(g.gapAtEnd().median()) + ")";
        MethodSummary.GapSummary r = ref == null ? null : ref.gap(g.gap());
        String ratio = reached && r != null && r.reached() > 0
            ? String.format(Locale.ROOT, "%.2fx", g.seconds().median() / r.seconds().median()) : "n/a";
        t.row(s.label(), sci(g.gap()), g.reached() + "/" + g.runs(),
            reached ? spread(g.seconds(), "%.3f") : "not reached", rounds, ratio,
            fixed(g.accuracy().median(), "%.4f"), bytes(g.bytes().median()));
      }
    }
    return t;
  }

  /** One row per method: seconds per round (median [min, max]), over how many rounds, final accuracy. */
  public static MarkdownTable costTable(List<MethodSummary> summaries) {
    MarkdownTable t = new MarkdownTable("Method", "Settings", "Seconds per round: median [min, max]",
        "Measured over (rounds)", "Compute per example, us", "Final test accuracy");
    for (MethodSummary s : summaries) {
      t.row(s.label(), s.settings(), spread(s.secondsPerRound(), "%.4f"),
          integer(s.perRoundRounds().median()), micros(s.secondsPerExample()),
          fixed(s.finalAccuracy().median(), "%.4f"));
    }
    return t;
  }

  /** A spread of seconds shown in microseconds ("median [min, max]"), or "n/a". */
  static String micros(Spread s) {
    return spread(new Spread(s.median() * 1e6, s.min() * 1e6, s.max() * 1e6, s.n()), "%.3f");
  }

  /** "median [min, max]" in the given format, or "n/a". */
  static String spread(Spread s, String format) {
    if (s.n() == 0) {
      return "n/a";
    }
    String m = String.format(Locale.ROOT, format, s.median());
    if (s.n() == 1) {
      return m;
    }
    return m + " [" + String.format(Locale.ROOT, format, s.min()) + ", "
        + String.format(Locale.ROOT, format, s.max()) + "]";
  }

  /** Compact scientific notation: 0.01 -> "1e-2", 0.0234 -> "2.3e-2". */
  public static String sci(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    if (v == 0) {
      return "0";
    }
    String s = String.format(Locale.ROOT, "%.1e", v).replace(".0e", "e");
    return s.replaceAll("e([+-])0*(\\d)", "e$1$2").replace("e+", "e");
  }

  static String integer(double v) {
    return Double.isFinite(v) ? Long.toString(Math.round(v)) : "n/a";
  }

  static String fixed(double v, String format) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "n/a";
  }

  /** Bytes in B, kB, MB or GB (powers of 1000), "n/a" for NaN. */
  static String bytes(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    String[] units = {"B", "kB", "MB", "GB", "TB"};
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return u == 0 ? Math.round(v) + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
