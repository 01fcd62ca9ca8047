package io.sparkdtrain.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gap arithmetic and the first-reaching rule, against hand-computed values. */
class GapMathTest {
  private static final double F_STAR = 0.5;

  private static Checkpoint cp(int rounds, double seconds, double objective) {
    return new Checkpoint(rounds, rounds, seconds, objective, 0.8, rounds * 100L);
  }

  @Test
  void targetIsOnePlusGapTimesOptimum() {
    assertEquals(0.505, GapMath.target(F_STAR, 1e-2), 1e-15);
    assertEquals(0.01, GapMath.relativeGap(0.505, F_STAR), 1e-12);
    // a negative optimum (not a loss here, but the formula stays a relative distance above it)
    assertEquals(-0.99, GapMath.target(-1.0, 1e-2), 1e-15);
  }

  @Test
  void firstReachingIsTheFirstCheckpointAtOrBelowTheTarget() {
    List<Checkpoint> cps = List.of(cp(1, 0.1, 0.9), cp(2, 0.2, 0.506), cp(3, 0.3, 0.505),
        cp(4, 0.4, 0.5004), cp(5, 0.5, 0.51));
    assertEquals(2, GapMath.firstReaching(cps, F_STAR, 1e-2), "0.505 is exactly the 1e-2 target");
    assertEquals(3, GapMath.firstReaching(cps, F_STAR, 1e-3));
    assertEquals(-1, GapMath.firstReaching(cps, F_STAR, 1e-4));
    assertEquals(-1, GapMath.firstReaching(List.of(cp(1, 0.1, Double.NaN)), F_STAR, 0.5), "NaN never reaches");
  }

  @Test
  void gapPointsKeepTheLastCheckpointWhenNotReached() {
    List<Checkpoint> cps = List.of(cp(1, 0.1, 0.9), cp(2, 0.2, 0.504), cp(3, 0.3, 0.503));
    List<GapPoint> points = GapMath.gapPoints(cps, F_STAR, List.of(1e-2, 1e-3));
    assertTrue(points.get(0).reached());
    assertEquals(2, points.get(0).at().rounds());
    assertEquals(0.2, points.get(0).at().seconds());
    assertFalse(points.get(1).reached());
    assertEquals(3, points.get(1).at().rounds(), "unreached: the last checkpoint");
    assertFalse(GapMath.allReached(cps, F_STAR, List.of(1e-2, 1e-3)));
    assertTrue(GapMath.allReached(cps, F_STAR, List.of(1e-2)));
    assertNull(GapMath.gapPoints(List.of(), F_STAR, List.of(1e-2)).get(0).at());
  }

  @Test
  void parsesGapsAndNamesTheBadOne() {
    assertEquals(List.of(1e-2, 1e-3), GapMath.parseGaps("1e-2, 1e-3"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GapMath.parseGaps("1e-2,x"));
    assertEquals("Invalid value 'x' for option --gaps: not a number", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GapMath.parseGaps("1.5"));
    assertEquals("Invalid value '1.5' for option --gaps: each gap must be in (0, 1)", e.getMessage());
  }

  @Test
  void scanStopsOnceEveryGapIsReachedAndRetimesOnlyWhatMatters() {
    // objective after k iterations: F* (1 + 0.1 / k^2): 1e-2 at k = 4 (0.1/16 = 6.25e-3), 1e-3 at k = 10
    List<Integer> fitted = new ArrayList<>();
    Sweep.Fit fit = k -> {
      fitted.add(k);
      return cp(k, 0.05 * k, F_STAR * (1 + 0.1 / ((double) k * k)));
    };
    List<Checkpoint> scan = Sweep.scan(Sweep.upTo(50), fit, F_STAR, List.of(1e-2, 1e-3));
    assertEquals(10, scan.size(), "stops at the first budget reaching the last gap");
    assertEquals(10, fitted.get(fitted.size() - 1));
    int[] retime = Sweep.retimeBudgets(scan, F_STAR, List.of(1e-2, 1e-3));
    assertEquals(List.of(4, 10), toList(retime));
    assertEquals(0.05, Sweep.secondsPerRound(scan), 1e-12);

    List<Checkpoint> again = Sweep.run(retime, fit);
    List<GapPoint> points = GapMath.gapPoints(again, F_STAR, List.of(1e-2, 1e-3));
    assertEquals(4, points.get(0).at().budget());
    assertEquals(10, points.get(1).at().budget());
  }

  @Test
  void unreachedScanRetimesTheLastBudget() {
    Sweep.Fit fit = k -> cp(k, k, 1.0);
    List<Checkpoint> scan = Sweep.scan(new int[] {10, 20, 50}, fit, F_STAR, List.of(1e-2));
    assertEquals(3, scan.size());
    assertEquals(List.of(50), toList(Sweep.retimeBudgets(scan, F_STAR, List.of(1e-2))));
  }

  @Test
  void parsesBudgets() {
    assertEquals(List.of(10, 20, 50), toList(Sweep.parseBudgets("--x", "10, 20,50")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.parseBudgets("--x", "10,5"));
    assertEquals("Invalid value '10,5' for option --x: budgets must be >= 1 and strictly increasing", e.getMessage());
  }

  private static List<Integer> toList(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int v : a) {
      l.add(v);
    }
    return l;
  }
}
