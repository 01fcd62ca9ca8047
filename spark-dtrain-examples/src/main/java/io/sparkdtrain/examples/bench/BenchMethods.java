package io.sparkdtrain.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methods {@code dtrain bench} knows, by {@code --methods} family: {@code mllib-lbfgs},
 * {@code mllib-sgd} (full batch and mini-batch 0.1), {@code sync} (full batch and mini-batch 0.1).
 * A new strategy adds its family here. {@code --methods} also accepts a single method id
 * ({@code sync-mb0.1}).
 */
public final class BenchMethods {
  /** The families, in report order. */
  public static final List<String> FAMILIES = List.of(MllibLbfgs.ID, MllibGradientDescent.FAMILY,
      SyncSgdBench.FAMILY);

  private BenchMethods() {}

  /**
   * The settings the methods take from the command line.
   *
   * @param lbfgsMaxIter the largest {@code maxIter} the L-BFGS sweep tries
   * @param sgdIterations the {@code numIterations} the GradientDescent sweep tries
   * @param miniBatchFraction the mini-batch variants' fraction
   * @param maxRounds our strategies' round limit
   */
  public record Settings(int lbfgsMaxIter, int[] sgdIterations, double miniBatchFraction, int maxRounds) {}

  /** Every method, in report order. */
  public static List<BenchMethod> all(Settings s) {
    List<BenchMethod> m = new ArrayList<>();
    m.add(new MllibLbfgs(s.lbfgsMaxIter()));
    m.add(new MllibGradientDescent(1.0, 1.0, s.sgdIterations()));
    m.add(new MllibGradientDescent(1.0, s.miniBatchFraction(), s.sgdIterations()));
    m.add(new SyncSgdBench(1.0, 0.9, true, 1.0, s.maxRounds()));
    m.add(new SyncSgdBench(1.0, 0.9, true, s.miniBatchFraction(), s.maxRounds()));
    return m;
  }

  /**
   * The methods named by {@code names} (families or ids), in report order, each once.
   *
   * @throws IllegalArgumentException naming an unknown name and listing the known ones
   */
  public static List<BenchMethod> select(List<String> names, Settings s) {
    List<BenchMethod> all = all(s);
    Map<String, BenchMethod> chosen = new LinkedHashMap<>();
    for (String raw : names) {
      String n = raw.trim();
      boolean found = false;
      for (BenchMethod m : all) {
        if (m.family().equals(n) || m.id().equals(n)) {
          chosen.put(m.id(), m);
          found = true;
        }
      }
      if (!found) {
        List<String> known = new ArrayList<>(FAMILIES);
        all.forEach(m -> {
          if (!known.contains(m.id())) {
            known.add(m.id());
          }
        });
        throw new IllegalArgumentException("Invalid value '" + n + "' for option --methods: must be one of "
            + String.join(", ", known));
      }
    }
    List<BenchMethod> ordered = new ArrayList<>();
    for (BenchMethod m : all) {
      if (chosen.containsKey(m.id())) {
        ordered.add(m);
      }
    }
    return ordered;
  }
}
