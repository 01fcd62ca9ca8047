package io.sparkdtrain.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * L-BFGS on problems whose minimiser is known: a random strictly convex quadratic
 * {@code 0.5 (x - m)'A(x - m)} (condition number in the hundreds, minimiser m), Rosenbrock's
 * function from the standard start (minimum at (1, 1)), a diagonal preconditioner, a restored state,
 * and the line search's weak Wolfe conditions checked at every iteration.
 */
class LbfgsTest {

  /** Runs {@code iterations} iterations (stopping when one does not move); returns the last value. */
  private static double run(Lbfgs lbfgs, Lbfgs.DiffFunction f, double[] x, double[] p, int iterations,
                            double gradientTolerance) {
    double[] g = new double[x.length];
    double value = f.valueAndGradient(x, g);
    for (int k = 0; k < iterations && norm(g) > gradientTolerance; k++) {
      double[] before = x.clone();
      double[] gBefore = g.clone();
      double fBefore = value;
      Lbfgs.Step step = lbfgs.iterate(x, value, g, p, f);
      if (!step.moved()) {
        break;
      }
      value = step.value();
      double[] d = new double[x.length];
      double slope0 = 0;
      double slope1 = 0;
      for (int i = 0; i < x.length; i++) {
        d[i] = (x[i] - before[i]) / step.stepLength();
        slope0 += gBefore[i] * d[i];
        slope1 += g[i] * d[i];
      }
      assertTrue(value <= fBefore + Lbfgs.C1 * step.stepLength() * slope0 + 1e-12, "Armijo at iteration " + k);
      assertTrue(slope1 >= Lbfgs.C2 * slope0 - 1e-12, "curvature at iteration " + k);
    }
    return value;
  }

  private static double norm(double[] g) {
    return Math.sqrt(Lbfgs.dot(g, g));
  }

  @Test
  void minimisesAnIllConditionedQuadraticToItsKnownMinimiser() {
    int n = 30;
    SplittableRandom r = new SplittableRandom(11);
    double[][] b = new double[n][n];
    for (double[] row : b) {
      for (int j = 0; j < n; j++) {
        row[j] = r.nextDouble(-1, 1);
      }
    }
    double[][] a = new double[n][n]; // A = B'B + 0.1 I, condition number in the hundreds
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          a[i][j] += b[k][i] * b[k][j];
        }
      }
      a[i][i] += 0.1;
    }
    double[] expected = new double[n];
    for (int i = 0; i < n; i++) {
      expected[i] = r.nextDouble(-2, 2);
    }
    Lbfgs.DiffFunction f = (x, g) -> { // 0.5 (x - m)'A(x - m), minimum 0 at m
      double v = 0;
      for (int i = 0; i < n; i++) {
        double ax = 0;
        for (int j = 0; j < n; j++) {
          ax += a[i][j] * (x[j] - expected[j]);
        }
        g[i] = ax;
        v += 0.5 * (x[i] - expected[i]) * ax;
      }
      return v;
    };
    double[] x = new double[n];
    run(Lbfgs.standard(), f, x, null, 500, 1e-10);
    assertArrayEquals(expected, x, 1e-7);
  }

  @Test
  void reachesRosenbrocksMinimumFromTheStandardStart() {
    Lbfgs.DiffFunction rosenbrock = (x, g) -> {
      double a = 1 - x[0];
      double b = x[1] - x[0] * x[0];
      g[0] = -2 * a - 400 * x[0] * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    };
    double[] x = {-1.2, 1.0};
    double value = run(Lbfgs.standard(), rosenbrock, x, null, 200, 1e-12);
    assertEquals(1.0, x[0], 1e-6);
    assertEquals(1.0, x[1], 1e-6);
    assertTrue(value < 1e-12, "value " + value);
  }

  @Test
  void aDiagonalPreconditionerIsLbfgsInScaledCoordinates() {
    // f(x) = sum_j h_j (x_j - 1)^2 / 2 with curvatures over six orders of magnitude; P = 1/h makes it
    // the identity: the first iteration (step min(1, 1/sqrt(g'Pg)) along -Pg) then lands on the line
    // to the minimiser and the search finishes in a few iterations.
    double[] h = {1e-3, 1, 10, 1e3};
    double[] p = new double[h.length];
    for (int j = 0; j < h.length; j++) {
      p[j] = 1 / h[j];
    }
    Lbfgs.DiffFunction f = (x, g) -> {
      double v = 0;
      for (int j = 0; j < x.length; j++) {
        g[j] = h[j] * (x[j] - 1);
        v += 0.5 * h[j] * (x[j] - 1) * (x[j] - 1);
      }
      return v;
    };
    double[] x = new double[h.length];
    Lbfgs lbfgs = Lbfgs.standard();
    run(lbfgs, f, x, p, 3, 0);
    assertArrayEquals(new double[] {1, 1, 1, 1}, x, 1e-9);
  }

  @Test
  void restoredStateTakesTheSameSteps() {
    Lbfgs.DiffFunction f = (x, g) -> {
      double a = 1 - x[0];
      double b = x[1] - x[0] * x[0];
      g[0] = -2 * a - 400 * x[0] * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    };
    Lbfgs first = Lbfgs.standard();
    double[] x = {-1.2, 1.0};
    run(first, f, x, null, 7, 0);
    Map<String, double[]> state = first.state();
    assertEquals(14, state.size());
    Lbfgs restored = Lbfgs.standard();
    restored.restoreState(state);
    double[] x2 = x.clone();
    run(first, f, x, null, 5, 0);
    run(restored, f, x2, null, 5, 0);
    assertArrayEquals(x, x2, 0.0);
    assertThrows(IllegalArgumentException.class, () -> restored.restoreState(Map.of("s0", new double[2])));
  }

  @Test
  void stopsWithoutMovingAtAStationaryPointAndRejectsBadSettings() {
    double[] x = {2.0};
    Lbfgs.Step step = Lbfgs.standard().iterate(x, 0.0, new double[] {0.0}, null, (y, g) -> 0.0);
    assertFalse(step.moved());
    assertEquals(2.0, x[0]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lbfgs.create(0, 10));
    assertTrue(e.getMessage().contains("memory"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Lbfgs.standard().iterate(new double[1], Double.NaN, new double[1], null, (y, g) -> 0.0));
  }

  /** The convergence test: relative objective decrease, else the gradient's norm, against tol. */
  @Test
  void convergedComparesTheDecreaseAndTheGradientWithTheTolerance() {
    double[] big = {3, 4}; // norm 5
    assertTrue(String.valueOf(Lbfgs.converged(2.0, 2.0 - 1.9e-6, big, 1e-6)).startsWith("objective"), "1e-6 x 2 = 2e-6");
    assertEquals(null, Lbfgs.converged(2.0, 2.0 - 2.1e-6, big, 1e-6), "decrease above tol x |f|");
    assertTrue(String.valueOf(Lbfgs.converged(0.5, 0.4, new double[] {3e-7, 4e-7}, 1e-6)).startsWith("gradient"),
        "norm 5e-7 <= 1e-6 x max(0.4, 1)");
    assertEquals(null, Lbfgs.converged(0.5, 0.4, new double[] {3e-6, 4e-6}, 1e-6));
    assertTrue(String.valueOf(Lbfgs.converged(200, 150, new double[] {3e-5, 4e-5}, 1e-6)).startsWith("gradient"),
        "relative to |f| when |f| > 1: 5e-5 <= 1.5e-4");
  }
}
