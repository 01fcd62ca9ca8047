package io.sparkdtrain.examples.bench;

/**
 * The growth exponent of a cost: the least-squares slope {@code b} of {@code log y = a + b log x}
 * (time per epoch {@code y} against data size {@code x}); {@code b = 1} is linear growth. Pure math.
 */
public final class ScalingFit {
  private ScalingFit() {}

  /**
   * The log-log least-squares slope.
   *
   * @param x sizes, each {@code > 0}, at least two distinct
   * @param y costs, each {@code > 0}, same length
   * @throws IllegalArgumentException if the lengths differ, a value is not positive and finite,
   *     or the sizes are all equal
   */
  public static double exponent(double[] x, double[] y) {
    if (x.length != y.length || x.length < 2) {
      throw new IllegalArgumentException("need at least two (size, cost) pairs of equal length, got "
          + x.length + " sizes and " + y.length + " costs");
    }
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      if (!(x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i]))) {
        throw new IllegalArgumentException("sizes and costs must be finite and > 0, got size " + x[i]
            + " and cost " + y[i] + " at " + i);
      }
      mx += Math.log(x[i]) / n;
      my += Math.log(y[i]) / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      double dx = Math.log(x[i]) - mx;
      sxy += dx * (Math.log(y[i]) - my);
      sxx += dx * dx;
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("the sizes are all equal; the exponent is undefined");
    }
    return sxy / sxx;
  }
}
