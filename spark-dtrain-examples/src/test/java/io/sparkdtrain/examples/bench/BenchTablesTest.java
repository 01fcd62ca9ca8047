package io.sparkdtrain.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Spreads, summaries over repeats and the markdown rendering, on hand-made runs. */
class BenchTablesTest {
  private static final double F_STAR = 1.0;
  private static final List<Double> GAPS = List.of(1e-2, 1e-3);

  @Test
  void spreadIsMedianMinMaxOfTheFiniteValues() {
    assertEquals(new Spread(2.0, 1.0, 5.0, 3), Spread.of(5, 1, 2));
    assertEquals(new Spread(2.5, 1.0, 4.0, 4), Spread.of(4, 1, 3, 2));
    assertEquals(new Spread(3.0, 3.0, 3.0, 1), Spread.of(Double.NaN, 3));
    assertEquals(0, Spread.of(Double.NaN).n());
  }

  @Test
  void markdownTableIsPaddedAndEscaped() {
    MarkdownTable t = new MarkdownTable("A", "Long header").row("x|y", 1).row(null, "2");
    assertEquals("| A    | Long header |\n"
        + "| ---- | ----------- |\n"
        + "| x\\|y | 1           |\n"
        + "|      | 2           |\n", t.render());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
    assertEquals("row has 1 cells but the table has 2 columns", e.getMessage());
  }

  private static MethodRun run(String method, int repeat, double secondsScale, double... objectives) {
    List<Checkpoint> cps = new java.util.ArrayList<>();
    for (int i = 0; i < objectives.length; i++) {
      cps.add(new Checkpoint(i + 1, i + 1, secondsScale * (i + 1), objectives[i], 0.85, -1));
    }
    return MethodRun.fromCheckpoints(method, repeat, cps, F_STAR, GAPS, secondsScale);
  }

  @Test
  void summaryAndTablesGiveMediansRatiosAndUnreachedGaps() {
    // reference: 1e-2 at round 2, 1e-3 at round 3; seconds per round 1, 2, 3 over repeats
    List<MethodRun> ref = List.of(run("ref", 1, 1.0, 1.5, 1.005, 1.0005), run("ref", 2, 3.0, 1.5, 1.005, 1.0005),
        run("ref", 3, 2.0, 1.5, 1.005, 1.0005));
    // other: 1e-2 at round 1, never 1e-3 (ends at gap 5e-3 after 2 rounds)
    List<MethodRun> other = List.of(run("other", 1, 0.5, 1.01, 1.005), run("other", 2, 0.5, 1.01, 1.005),
        run("other", 3, 0.5, 1.01, 1.005));
    MethodSummary r = MethodSummary.of("mllib-lbfgs", "Ref", "s", ref, F_STAR);
    MethodSummary o = MethodSummary.of("other", "Other", "s", other, F_STAR);
    assertEquals(new Spread(4.0, 2.0, 6.0, 3), r.gap(1e-2).seconds(), "round 2 x 1, 2, 3 s");
    assertEquals(3, r.gap(1e-3).reached());
    assertEquals(0, o.gap(1e-3).reached());
    assertEquals(2.0, o.gap(1e-3).rounds().median(), "unreached: rounds of the last checkpoint");
    assertEquals(5e-3, o.gap(1e-3).gapAtEnd().median(), 1e-12);

    String gaps = BenchTables.gapTable(List.of(r, o), "mllib-lbfgs").render();
    assertTrue(gaps.contains("| Ref    | 1e-2 | 3/3     | 4.000 [2.000, 6.000]"), gaps);
    assertTrue(gaps.contains("| 0.13x "), "0.5 s / 4 s: " + gaps);
    assertTrue(gaps.contains("not reached"), gaps);
    assertTrue(gaps.contains("> 2 (gap 5e-3)"), gaps);
    String cost = BenchTables.costTable(List.of(r, o)).render();
    assertTrue(cost.contains("2.0000 [1.0000, 3.0000]"), cost);
  }

  @Test
  void formatsNumbers() {
    assertEquals("1e-2", BenchTables.sci(0.01));
    assertEquals("2.3e-2", BenchTables.sci(0.0234));
    assertEquals("1.5e3", BenchTables.sci(1500));
    assertEquals("812 B", BenchTables.bytes(812));
    assertEquals("1.2 MB", BenchTables.bytes(1.234e6));
    assertEquals("n/a", BenchTables.bytes(Double.NaN));
  }
}
