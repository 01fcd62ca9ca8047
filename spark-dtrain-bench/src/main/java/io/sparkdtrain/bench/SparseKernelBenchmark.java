package io.sparkdtrain.bench;

import io.sparkdtrain.math.SparseKernels;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sparse-dense dot and axpy over CSR rows: {@link SparseKernels} against the same loop written
 * inline (the plain-loop reference). {@value #ROWS} rows of {@code nnz} sorted random indices below
 * {@code dim} per invocation; the score is nanoseconds per row. {@code nnz=14, dim=123} is a9a's
 * shape, {@code nnz=158, dim=130107} news20-binary's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SparseKernelBenchmark {
  static final int ROWS = 4096;

  /** Non-zeros per row and dense dimension, as "nnz:dim". */
  @Param({"14:123", "158:130107"})
  public String shape;

  int[] offsets;
  int[] indices;
  double[] values;
  double[] dense;

  @Setup
  public void setUp() {
    int nnz = Integer.parseInt(shape.split(":")[0]);
    int dim = Integer.parseInt(shape.split(":")[1]);
    SplittableRandom r = new SplittableRandom(11);
    offsets = new int[ROWS + 1];
    indices = new int[ROWS * nnz];
    values = new double[ROWS * nnz];
    for (int i = 0; i < ROWS; i++) {
      TreeSet<Integer> cols = new TreeSet<>();
      while (cols.size() < nnz) {
        cols.add(r.nextInt(dim));
      }
      int k = i * nnz;
      for (int c : cols) {
        indices[k] = c;
        values[k] = r.nextDouble() - 0.5;
        k++;
      }
      offsets[i + 1] = k;
    }
    dense = new double[dim];
    for (int j = 0; j < dim; j++) {
      dense[j] = r.nextDouble() - 0.5;
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double dotKernel() {
    double s = 0;
    for (int i = 0; i < ROWS; i++) {
      s += SparseKernels.dot(indices, values, offsets[i], offsets[i + 1], dense, 0);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double dotPlainLoop() {
    double s = 0;
    for (int i = 0; i < ROWS; i++) {
      double d = 0;
      for (int k = offsets[i]; k < offsets[i + 1]; k++) {
        d += values[k] * dense[indices[k]];
      }
      s += d;
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double[] axpyKernel() {
    for (int i = 0; i < ROWS; i++) {
      SparseKernels.axpy(1e-9, indices, values, offsets[i], offsets[i + 1], dense, 0);
    }
    return dense;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double[] axpyPlainLoop() {
    for (int i = 0; i < ROWS; i++) {
      for (int k = offsets[i]; k < offsets[i + 1]; k++) {
        dense[indices[k]] += 1e-9 * values[k];
      }
    }
    return dense;
  }
}
