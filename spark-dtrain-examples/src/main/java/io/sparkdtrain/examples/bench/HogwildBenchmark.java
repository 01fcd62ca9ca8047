package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.store.SharedParameters;
import io.sparkdtrain.strategy.hogwild.HogwildWorker;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * The Hogwild! inner loop without Spark (JMH-free): T plain Java threads run the exact per-example
 * step of {@link HogwildWorker} ({@code Stepper} plus the task's delta recorder) on disjoint shares
 * of the rows against one {@link SharedParameters}, for each access mode and the locked variant,
 * and print updates per second and the epoch objective. The reference is a plain single-threaded
 * Java loop over the same CSR arrays and a {@code double[]} (same step, same penalty), i.e. the
 * physical limit of the inner loop. {@code --dense} adds the dense contrast (every example touches
 * every coordinate, so threads collide on every update).
 *
 * <pre>
 * java -cp core.jar:$(cat spark-dtrain-examples/target/spark-classpath.txt) \
 *   io.sparkdtrain.examples.bench.HogwildBenchmark news20.binary.train.libsvm.gz [epochs] [--dense]
 * </pre>
 */
public final class HogwildBenchmark {
  private HogwildBenchmark() {}

  public static void main(String[] args) throws Exception {
    String path = args[0];
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    boolean dense = args.length > 2 && args[2].equals("--dense");
    CsrBlock data = dense ? denseData(20_000, 200, 3) : readLibsvm(path);
    Objective obj = new Objective(new LogisticLoss(), Regularization.l2(1e-4),
        new ModelShape(data.numFeatures(), 1, true));
    double[] scale = penaltyScale(data);
    double lr = dense ? 0.02 : 0.5;
    System.out.printf(Locale.ROOT, "data %s, %d epochs, lr %.3f, %d cores%n", dense ? "dense 20000x200" : path,
        epochs, lr, Runtime.getRuntime().availableProcessors());
    for (int warm = 0; warm < 2; warm++) {
      reference(data, obj, scale, lr, 1);
      for (SharedParameters.Access access : SharedParameters.Access.values()) {
        run(data, obj, scale, lr, 1, 2, access, warm == 1);
      }
    }
    System.out.println("best and median of " + REPEATS + " repeats (wall-clock updates/s), best updates per CPU-second of the threads; objective of the best");
    report("reference plain loop", 1, () -> reference(data, obj, scale, lr, epochs));
    for (SharedParameters.Access access : SharedParameters.Access.values()) {
      for (int threads = 1; threads <= 2; threads++) {
        int t = threads;
        report("hogwild " + access.name().toLowerCase(Locale.ROOT), t,
            () -> run(data, obj, scale, lr, epochs, t, access, false));
      }
    }
    for (int threads = 1; threads <= 2; threads++) {
      int t = threads;
      report("locked plain", t, () -> run(data, obj, scale, lr, epochs, t, SharedParameters.Access.PLAIN, true));
    }
  }

  static final int REPEATS = 3;
  static final java.util.concurrent.atomic.DoubleAdder SINK = new java.util.concurrent.atomic.DoubleAdder();
  static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  interface Measure {
    double[] get() throws InterruptedException;
  }

  static void report(String name, int threads, Measure m) throws InterruptedException {
    double[][] r = new double[REPEATS][];
    for (int i = 0; i < REPEATS; i++) {
      r[i] = m.get();
    }
    java.util.Arrays.sort(r, (a, b) -> Double.compare(b[0], a[0]));
    double cpuBest = 0;
    for (double[] x : r) {
      cpuBest = Math.max(cpuBest, x[2]);
    }
    System.out.printf(Locale.ROOT, "%-22s threads %d  updates/s best %,10.0f  median %,10.0f  per cpu-s %,10.0f"
        + "  objective %.6f%n", name, threads, r[0][0], r[REPEATS / 2][0], cpuBest, r[0][1]);
  }

  /** {updates per second, objective after the epochs}. */
  static double[] run(CsrBlock data, Objective obj, double[] scale, double lr, int epochs, int threads,
                      SharedParameters.Access access, boolean locked) throws InterruptedException {
    SharedParameters w = new SharedParameters(obj.shape().dimension(), access);
    Object lock = new Object();
    int n = data.numRows();
    long t0 = System.nanoTime();
    java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
    for (int epoch = 0; epoch < epochs; epoch++) {
      List<Thread> list = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int share = t;
        final int e = epoch;
        Thread th = new Thread(() -> {
          long c0 = THREADS.getCurrentThreadCpuTime();
          HogwildWorker.TouchedSet rec = new HogwildWorker.TouchedSet(obj.shape().dimension());
          HogwildWorker.Stepper s = new HogwildWorker.Stepper(obj, w, rec, lr, scale);
          int[] order = HogwildWorker.shuffled(n, new SplittableRandom(e * 31L + share));
          for (int r = share; r < n; r += threads) {
            if (locked) {
              synchronized (lock) {
                s.step(data, order[r]);
              }
            } else {
              s.step(data, order[r]);
            }
          }
          double shipped = 0; // what a task ships: its touched coordinates' values
          for (int j : rec.indices()) {
            shipped += w.get(j);
          }
          SINK.add(shipped);
          cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - c0);
        });
        th.start();
        list.add(th);
      }
      for (Thread th : list) {
        th.join();
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new double[] {(double) epochs * n / seconds, obj.value(List.of(data), w.snapshot()),
        (double) epochs * n / (cpu.get() / 1e9)};
  }

  /** The same step as a plain loop over a double[]: the physical limit. */
  static double[] reference(CsrBlock data, Objective obj, double[] scale, double lr, int epochs) {
    int d = data.numFeatures();
    double[] w = new double[d + 1];
    int[] idx = data.indices();
    double[] val = data.values();
    double lambda = obj.regularization().lambda();
    int n = data.numRows();
    long t0 = System.nanoTime();
    long c0 = THREADS.getCurrentThreadCpuTime();
    for (int epoch = 0; epoch < epochs; epoch++) {
      int[] order = HogwildWorker.shuffled(n, new SplittableRandom(epoch * 31L));
      for (int r = 0; r < n; r++) {
        int row = order[r];
        int from = data.rowStart(row);
        int to = data.rowEnd(row);
        double z = w[d];
        for (int p = from; p < to; p++) {
          z += val[p] * w[idx[p]];
        }
        double y = data.label(row) > 0 ? 1 : -1;
        double c = lr * (-y / (1 + Math.exp(y * z)));
        for (int p = from; p < to; p++) {
          int j = idx[p];
          double mu = lr * lambda * scale[j];
          w[j] = (w[j] - c * val[p]) / (1 + mu);
        }
        w[d] -= c;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
    return new double[] {(double) epochs * n / seconds, obj.value(List.of(data), w), epochs * n / cpu};
  }

  static double[] penaltyScale(CsrBlock data) {
    double[] c = new double[data.numFeatures()];
    for (int i : data.indices()) {
      c[i]++;
    }
    for (int j = 0; j < c.length; j++) {
      c[j] = c[j] == 0 ? 0 : data.numRows() / c[j];
    }
    return c;
  }

  static CsrBlock readLibsvm(String path) throws IOException {
    List<int[]> rowsIdx = new ArrayList<>();
    List<double[]> rowsVal = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    int max = 0;
    try (InputStream raw = new FileInputStream(path);
         InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
         BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 0 || f[0].isEmpty()) {
          continue;
        }
        int[] idx = new int[f.length - 1];
        double[] val = new double[f.length - 1];
        for (int k = 1; k < f.length; k++) {
          int colon = f[k].indexOf(':');
          idx[k - 1] = Integer.parseInt(f[k].substring(0, colon)) - 1;
          val[k - 1] = Double.parseDouble(f[k].substring(colon + 1));
          max = Math.max(max, idx[k - 1] + 1);
        }
        labels.add(Double.parseDouble(f[0]));
        rowsIdx.add(idx);
        rowsVal.add(val);
      }
    }
    CsrBlockBuilder b = new CsrBlockBuilder(max, false);
    for (int i = 0; i < labels.size(); i++) {
      b.addRow(labels.get(i), 1.0, rowsIdx.get(i), rowsVal.get(i));
    }
    return b.build();
  }

  static CsrBlock denseData(int n, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] truth = new double[d];
    for (int j = 0; j < d; j++) {
      truth[j] = r.nextGaussian();
    }
    CsrBlockBuilder b = new CsrBlockBuilder(d, false);
    int[] idx = new int[d];
    for (int j = 0; j < d; j++) {
      idx[j] = j;
    }
    for (int i = 0; i < n; i++) {
      double[] x = new double[d];
      double z = 0;
      for (int j = 0; j < d; j++) {
        x[j] = r.nextGaussian() / Math.sqrt(d);
        z += x[j] * truth[j];
      }
      b.addRow(z + 0.3 * r.nextGaussian() > 0 ? 1.0 : -1.0, 1.0, idx.clone(), x);
    }
    return b.build();
  }
}
