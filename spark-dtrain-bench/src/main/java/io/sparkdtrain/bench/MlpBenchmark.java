package io.sparkdtrain.bench;

import io.sparkdtrain.math.Blas;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpWorkspace;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
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
 * The physical limit of the network's training step (issue 17): one worker's forward and backward
 * pass of {@link MultilayerPerceptron} on a mini-batch, against the bare {@code dgemm} calls of the
 * same shapes and count (the products a batch needs: per layer one forward product, one weight
 * gradient and, below the top layer, one input gradient). The ratio of the two scores is the share
 * of {@code dgemm}'s GFLOP/s that the whole step reaches; the rest is bias, activation, softmax
 * and loss work. Layers are Fashion-MNIST's {@code 784,256,10} (and a deeper {@code 784,256,128,10}).
 * {@code spark-dtrain-bench/mlp-gflops.py} turns JMH's JSON result ({@code -rf json}) into GFLOP/s of
 * both scores ({@link #flops()} per step over the time) and their ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MlpBenchmark {

  @Param({"784,256,10", "784,256,128,10"})
  public String layers;

  @Param({"64"})
  public int batch;

  MultilayerPerceptron net;
  MlpLayout layout;
  MlpWorkspace workspace;
  double[] w;
  double[] gradient;
  double[] x;
  double[] labels;
  double[][] activations;
  double[][] deltas;

  @Setup
  public void setUp() {
    int[] sizes = java.util.Arrays.stream(layers.split(",")).mapToInt(Integer::parseInt).toArray();
    layout = new MlpLayout(sizes);
    net = new MultilayerPerceptron(layout, Activation.RELU, 1e-4, 0.0);
    workspace = net.newWorkspace(batch, 1);
    w = net.initialWeights(1);
    gradient = new double[w.length];
    SplittableRandom r = new SplittableRandom(3);
    x = new double[batch * layout.numInputs()];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble();
    }
    labels = new double[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = r.nextInt(layout.numClasses());
    }
    activations = new double[layout.numLayers() + 1][];
    deltas = new double[layout.numLayers() + 1][];
    activations[0] = x;
    for (int l = 1; l <= layout.numLayers(); l++) {
      activations[l] = new double[batch * layout.size(l)];
      deltas[l] = new double[batch * layout.size(l)];
    }
    System.out.println("BLAS implementation: " + Blas.implementationName() + "; gemm flops per step: " + flops());
  }

  /** Forward, softmax cross-entropy and backward of one mini-batch: the worker's step. */
  @Benchmark
  public double forwardBackward() {
    return net.addGradient(x, labels, null, batch, w, 1.0 / batch, gradient, workspace);
  }

  /** The same products with nothing around them. */
  @Benchmark
  public double[] dgemmOnly() {
    int n = batch;
    for (int l = 1; l <= layout.numLayers(); l++) {
      int in = layout.size(l - 1);
      int out = layout.size(l);
      Blas.gemm(true, false, out, n, in, 1.0, w, layout.weightOffset(l), in, activations[l - 1], 0, in, 0.0,
          activations[l], 0, out);
    }
    for (int l = layout.numLayers(); l >= 1; l--) {
      int in = layout.size(l - 1);
      int out = layout.size(l);
      Blas.gemm(false, true, in, out, n, 1.0, activations[l - 1], 0, in, deltas[l], 0, out, 1.0, gradient,
          layout.weightOffset(l), in);
      if (l > 1) {
        Blas.gemm(false, false, in, n, out, 1.0, w, layout.weightOffset(l), in, deltas[l], 0, out, 0.0,
            deltas[l - 1], 0, in);
      }
    }
    return gradient;
  }

  /** Floating-point operations of the products of one step (2 m n k each). */
  long flops() {
    long f = 0;
    for (int l = 1; l <= layout.numLayers(); l++) {
      long in = layout.size(l - 1);
      long out = layout.size(l);
      f += 2 * 2 * in * out * batch + (l > 1 ? 2 * in * out * batch : 0);
    }
    return f;
  }
}
