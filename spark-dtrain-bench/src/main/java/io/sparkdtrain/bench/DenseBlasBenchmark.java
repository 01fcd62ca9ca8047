package io.sparkdtrain.bench;

import io.sparkdtrain.math.Blas;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dense level-1 BLAS: {@link Blas#dot} and {@link Blas#axpy} (dev.ludovic.netlib, the library MLlib
 * uses; with {@code --add-modules=jdk.incubator.vector} it picks its Vector API implementation)
 * against plain Java loops over the same arrays. The score is nanoseconds per call; {@code n} is
 * a9a's model size (124), news20-binary's (130108) and a million.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class DenseBlasBenchmark {

  @Param({"124", "130108", "1000000"})
  public int n;

  double[] x;
  double[] y;

  @Setup
  public void setUp() {
    SplittableRandom r = new SplittableRandom(5);
    x = new double[n];
    y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble() - 0.5;
      y[i] = r.nextDouble() - 0.5;
    }
    System.out.println("BLAS implementation: " + Blas.implementationName());
  }

  @Benchmark
  public double ddotNetlib() {
    return Blas.dot(x, y);
  }

  @Benchmark
  public double ddotPlainLoop() {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  @Benchmark
  public double[] daxpyNetlib() {
    Blas.axpy(1e-9, x, y);
    return y;
  }

  @Benchmark
  public double[] daxpyPlainLoop() {
    for (int i = 0; i < x.length; i++) {
      y[i] += 1e-9 * x[i];
    }
    return y;
  }
}
