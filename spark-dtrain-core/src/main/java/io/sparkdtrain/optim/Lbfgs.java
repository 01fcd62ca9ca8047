package io.sparkdtrain.optim;

import io.sparkdtrain.validation.Require;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limited-memory BFGS for a smooth objective, one iteration at a time: the two-loop recursion of
 * Nocedal, "Updating Quasi-Newton Matrices with Limited Storage" (Math. Comp. 35, 1980) and Liu and
 * Nocedal, "On the limited memory BFGS method for large scale optimization" (Math. Prog. 45, 1989),
 * with the newest {@code memory} (default 10) pairs {@code s = x' - x}, {@code y = g' - g}, and the
 * initial matrix {@code H0 = gamma P}, {@code gamma = s'y / y'Py} of the newest pair (Nocedal and
 * Wright, "Numerical Optimization", 2nd ed., eq. 7.20) and {@code P} an optional diagonal
 * preconditioner (identity when none; with {@code P = diag(1 / sigma_j^2)} it is L-BFGS on
 * standardised features, as MLlib's {@code LogisticRegression} runs it).
 *
 * <p>Line search: a bracketing search for the <b>weak Wolfe conditions</b>
 * {@code f(x + a d) <= f(x) + c1 a g'd} and {@code g(x + a d)'d >= c2 g'd} ({@code c1 = 1e-4},
 * {@code c2 = 0.9}), which guarantee {@code s'y > 0} so that the update stays positive definite:
 * it starts at {@code a = 1} (on the first iteration, without curvature pairs, at
 * {@code min(1, 1 / sqrt(g'Pg))}), doubles {@code a} until the bracket's upper end is found, then
 * takes the minimiser of the quadratic through the bracket's ends (safeguarded to its inner 80%,
 * bisection when the quadratic has none). This is the bisection search of Lewis and Overton,
 * "Nonsmooth optimization via quasi-Newton methods" (Math. Prog. 141, 2013), with quadratic
 * interpolation as in Nocedal and Wright section 3.5; Breeze (and so MLlib) use More and Thuente's
 * search for the strong Wolfe conditions instead.
 *
 * <p>Pure arithmetic, no Spark: the caller supplies the objective as a {@link DiffFunction} (one
 * call = one evaluation of value and gradient, in a distributed run one aggregation over the data).
 * The state ({@link #state()}) is the curvature pairs, so a run restored from it takes the same
 * steps. Not thread-safe.
 */
public final class Lbfgs implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Sufficient decrease constant of the Armijo condition. */
  public static final double C1 = 1e-4;
  /** Curvature constant of the weak Wolfe condition. */
  public static final double C2 = 0.9;

  /** The objective: writes the gradient at {@code x} into {@code gradient} and returns the value. */
  @FunctionalInterface
  public interface DiffFunction {
    double valueAndGradient(double[] x, double[] gradient);
  }

  /**
   * What one {@link #iterate} did: the value at the new point, the accepted step length
   * {@code a}, the function evaluations it took, and whether it moved ({@code false}: no point with a
   * lower value was found along the direction, the point is unchanged and the run should stop).
   */
  public record Step(double value, double stepLength, int evaluations, boolean moved) {}

  private final int memory;
  private final int maxEvaluations;
  private final Deque<double[]> sHistory = new ArrayDeque<>();
  private final Deque<double[]> yHistory = new ArrayDeque<>();

  private Lbfgs(int memory, int maxEvaluations) {
    this.memory = memory;
    this.maxEvaluations = maxEvaluations;
  }

  /**
   * L-BFGS keeping {@code memory} curvature pairs and allowing {@code maxLineSearchEvaluations}
   * evaluations per line search.
   *
   * @throws IllegalArgumentException naming the setting when either is below 1
   */
  public static Lbfgs create(int memory, int maxLineSearchEvaluations) {
    return new Lbfgs(Require.atLeast("memory", memory, 1),
        Require.atLeast("maxLineSearchEvaluations", maxLineSearchEvaluations, 1));
  }

  /** The usual setting: memory 10, at most 30 evaluations per line search. */
  public static Lbfgs standard() {
    return create(10, 30);
  }

  /** Same settings, no curvature pairs. */
  public Lbfgs copy() {
    return new Lbfgs(memory, maxEvaluations);
  }

  /** The number of curvature pairs kept now (at most {@code memory}). */
  public int pairs() {
    return sHistory.size();
  }

  /**
   * One iteration from {@code x} with {@code value} and {@code gradient} there (both updated in
   * place to the accepted point): direction {@code d = -H g} by the two-loop recursion, weak Wolfe
   * line search, new curvature pair. {@code preconditioner} is {@code P} (null = identity).
   *
   * @throws IllegalArgumentException if the lengths differ or {@code value} is not finite
   */
  public Step iterate(double[] x, double value, double[] gradient, double[] preconditioner, DiffFunction f) {
    int n = x.length;
    if (gradient.length != n || (preconditioner != null && preconditioner.length != n)) {
      throw new IllegalArgumentException("x has length " + n + " but gradient has length " + gradient.length
          + (preconditioner == null ? "" : " and preconditioner " + preconditioner.length));
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("Cannot iterate from a point whose value is " + value);
    }
    double[] d = direction(gradient, preconditioner);
    double slope = dot(gradient, d);
    if (!(slope < 0)) { // not a descent direction (or zero gradient): restart from the preconditioned gradient
      sHistory.clear();
      yHistory.clear();
      d = direction(gradient, preconditioner);
      slope = dot(gradient, d);
      if (!(slope < 0)) {
        return new Step(value, 0, 0, false);
      }
    }
    double first = sHistory.isEmpty() ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
    LineSearch ls = new LineSearch(x, value, slope, d, f);
    boolean found = ls.search(first);
    if (!ls.moved()) {
      return new Step(value, 0, ls.evaluations, false);
    }
    double[] s = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = ls.bestX[i] - x[i];
      y[i] = ls.bestGradient[i] - gradient[i];
    }
    if (found || dot(s, y) > 0) { // weak Wolfe implies s'y > 0; a best-effort point only when it holds
      if (sHistory.size() == memory) {
        sHistory.removeFirst();
        yHistory.removeFirst();
      }
      sHistory.addLast(s);
      yHistory.addLast(y);
    }
    System.arraycopy(ls.bestX, 0, x, 0, n);
    System.arraycopy(ls.bestGradient, 0, gradient, 0, n);
    return new Step(ls.bestValue, ls.bestStep, ls.evaluations, true);
  }

  /**
   * The convergence test of MLlib's {@code tol} (as Breeze's, on one iteration): the objective fell from
   * {@code before} to {@code after} by at most {@code tol x max(|before|, |after|)}, or the gradient's norm
   * is at most {@code tol x max(|after|, 1)}. Returns which held, or null when neither did.
   */
  public static String converged(double before, double after, double[] gradient, double tol) {
    if (Math.abs(before - after) <= tol * Math.max(Math.abs(before), Math.abs(after))) {
      return "objective: relative decrease " + Math.abs(before - after) / Math.max(Math.abs(before), 1e-300)
          + " <= tol " + tol;
    }
    double norm = Math.sqrt(dot(gradient, gradient));
    return norm <= tol * Math.max(Math.abs(after), 1.0) ? "gradient: norm " + norm + " <= tol x max(|f|, 1)" : null;
  }

  /** {@code -H g}: the two-loop recursion over the stored pairs, oldest last in the first loop. */
  double[] direction(double[] g, double[] p) {
    int k = sHistory.size();
    double[] q = g.clone();
    double[] alpha = new double[k];
    double[] rho = new double[k];
    double[][] s = sHistory.toArray(new double[0][]);
    double[][] y = yHistory.toArray(new double[0][]);
    for (int i = k - 1; i >= 0; i--) {
      rho[i] = 1.0 / dot(y[i], s[i]);
      alpha[i] = rho[i] * dot(s[i], q);
      axpy(-alpha[i], y[i], q);
    }
    double gamma = 1.0;
    if (k > 0) {
      double yPy = 0;
      for (int j = 0; j < g.length; j++) {
        yPy += y[k - 1][j] * y[k - 1][j] * (p == null ? 1.0 : p[j]);
      }
      gamma = dot(s[k - 1], y[k - 1]) / yPy;
    }
    for (int j = 0; j < q.length; j++) {
      q[j] *= gamma * (p == null ? 1.0 : p[j]);
    }
    for (int i = 0; i < k; i++) {
      double beta = rho[i] * dot(y[i], q);
      axpy(alpha[i] - beta, s[i], q);
    }
    for (int j = 0; j < q.length; j++) {
      q[j] = -q[j];
    }
    return q;
  }

  /**
   * The curvature pairs, oldest first, as {@code s0, y0, s1, y1, ...} (copies); empty before the
   * first iteration.
   */
  public Map<String, double[]> state() {
    Map<String, double[]> m = new LinkedHashMap<>();
    Iterator<double[]> ys = yHistory.iterator();
    int i = 0;
    for (double[] s : sHistory) {
      m.put("s" + i, s.clone());
      m.put("y" + i, ys.next().clone());
      i++;
    }
    return m;
  }

  /**
   * Replaces the curvature pairs by those of {@link #state()}.
   *
   * @throws IllegalArgumentException if the names are not {@code s0, y0, ...}, there are more pairs
   *     than {@code memory}, or the lengths differ
   */
  public void restoreState(Map<String, double[]> state) {
    int k = state.size() / 2;
    if (state.size() % 2 != 0 || k > memory) {
      throw new IllegalArgumentException("Cannot restore L-BFGS state " + state.keySet()
          + ": expected pairs s0, y0, ... of at most memory = " + memory);
    }
    sHistory.clear();
    yHistory.clear();
    for (int i = 0; i < k; i++) {
      double[] s = state.get("s" + i);
      double[] y = state.get("y" + i);
      if (s == null || y == null || s.length != y.length || s.length != state.get("s0").length) {
        throw new IllegalArgumentException("Cannot restore L-BFGS state " + state.keySet()
            + ": pair " + i + " is missing or has mismatched lengths");
      }
      sHistory.addLast(s.clone());
      yHistory.addLast(y.clone());
    }
  }

  /** The weak Wolfe bracketing search along {@code d} from {@code x} (value {@code f0}, slope {@code g0d}). */
  private final class LineSearch {
    private final double[] x;
    private final double f0;
    private final double slope0;
    private final double[] d;
    private final DiffFunction f;
    private final double[] trialX;
    private final double[] trialGradient;
    double[] bestX;
    double[] bestGradient;
    double bestValue;
    double bestStep;
    int evaluations;

    LineSearch(double[] x, double f0, double slope0, double[] d, DiffFunction f) {
      this.x = x;
      this.f0 = f0;
      this.slope0 = slope0;
      this.d = d;
      this.f = f;
      this.trialX = new double[x.length];
      this.trialGradient = new double[x.length];
      this.bestValue = f0;
    }

    boolean moved() {
      return bestX != null;
    }

    /** True when a point satisfying both conditions was found (then it is the best point). */
    boolean search(double first) {
      double lo = 0;
      double fLo = f0;
      double slopeLo = slope0;
      double hi = Double.POSITIVE_INFINITY;
      double fHi = Double.NaN;
      double a = first;
      while (evaluations < maxEvaluations) {
        for (int i = 0; i < x.length; i++) {
          trialX[i] = x[i] + a * d[i];
        }
        double fa = f.valueAndGradient(trialX, trialGradient);
        evaluations++;
        double slope = dot(trialGradient, d);
        // Armijo, and strictly lower: near the minimum f0 + c1 a g'd rounds to f0, and equal values are no progress
        if (!Double.isFinite(fa) || fa > f0 + C1 * a * slope0 || fa >= f0) {
          hi = a;
          fHi = fa;
        } else {
          if (slope >= C2 * slope0) {
            keep(fa, a, true);
            return true;
          }
          keep(fa, a, false);
          lo = a;
          fLo = fa;
          slopeLo = slope;
        }
        a = Double.isInfinite(hi) ? 2 * a : next(lo, fLo, slopeLo, hi, fHi);
        if (Double.isFinite(hi) && !(hi - lo > 1e-16 * Math.max(1.0, hi))) { // the bracket has collapsed
          break;
        }
      }
      return false;
    }

    /** Keeps the trial point when {@code wolfe} or when it is the lowest Armijo point so far. */
    private void keep(double fa, double a, boolean wolfe) {
      if (wolfe || fa < bestValue || bestX == null) {
        bestValue = fa;
        bestStep = a;
        bestX = trialX.clone();
        bestGradient = trialGradient.clone();
      }
    }

    /** The quadratic interpolant's minimiser in the bracket's inner 80%, or its midpoint. */
    private double next(double lo, double fLo, double slopeLo, double hi, double fHi) {
      double width = hi - lo;
      double curvature = fHi - fLo - slopeLo * width;
      double a = Double.isFinite(fHi) && curvature > 0 ? lo - slopeLo * width * width / (2 * curvature)
          : lo + width / 2;
      return Math.min(hi - 0.1 * width, Math.max(lo + 0.1 * width, a));
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += alpha * x[i];
    }
  }

  @Override
  public String toString() {
    return "Lbfgs(memory=" + memory + ", maxLineSearchEvaluations=" + maxEvaluations + ")";
  }
}
