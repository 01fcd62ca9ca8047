package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.model.GradientSum;
import io.sparkdtrain.model.LocalStepper;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.Sgd;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Memory of the network's training state, measured on the code's own objects (issue 17): builds a
 * worker's local stepper (Local SGD, async and FedAvg workers), a synchronous task's gradient sum,
 * the driver's momentum SGD and Adam, lets each take one step on a batch so that lazily sized arrays
 * exist, then walks each object's fields by reflection and adds up the bytes of every primitive
 * array it reaches ({@code 8 x length} for {@code double[]}, array headers of 16 bytes included),
 * grouped by field. The model itself (layer sizes) is shared and not counted; object headers and
 * the JDK's own objects (the workspace's {@code SplittableRandom}) are left out (a few dozen bytes).
 *
 * <pre>
 * java -cp spark-dtrain-examples/target/classes:spark-dtrain-core/target/classes:$(cat /tmp/core-cp.txt) \
 *   io.sparkdtrain.examples.bench.MlpMemoryBench 784,256,10 784,256,128,10
 * </pre>
 *
 * Arguments: layer lists (input first, classes last). Batch: 64 rows (the batch of the Fashion-MNIST
 * runs); the workspace is sized for chunks of 256 rows whatever the batch.
 */
public final class MlpMemoryBench {
  private static final int BATCH = 64;

  private MlpMemoryBench() {}

  public static void main(String[] args) throws IllegalAccessException {
    for (String spec : args.length == 0 ? new String[] {"784,256,10", "784,256,128,10"} : args) {
      int[] sizes = java.util.Arrays.stream(spec.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
      MlpModel model = new MlpModel(new MultilayerPerceptron(new MlpLayout(sizes), Activation.RELU, 1e-4, 0.0));
      long d = model.dimension();
      CsrBlock block = batch(sizes[0], sizes[sizes.length - 1]);
      int[] rows = new int[BATCH];
      for (int i = 0; i < BATCH; i++) {
        rows[i] = i;
      }
      double[] w = model.initialParameters(1);

      LocalStepper<CsrBlock> stepper = model.localStepper(w, t -> 0.01);
      stepper.step(block, rows, BATCH);
      GradientSum<CsrBlock> sum = new GradientSum<>(model).add(block, rows, BATCH, w);
      double[] g = sum.gradient();
      Sgd momentum = Sgd.builder().momentum(0.9).nesterov(true).build();
      momentum.step(w.clone(), g, 0);
      Adam adam = Adam.builder().build();
      adam.step(w.clone(), g, 0);

      System.out.printf(Locale.ROOT, "%nlayers %s: %,d parameters, %,d bytes of doubles (8 x dimension)%n", spec, d,
          8 * d);
      System.out.println("| holder (where it lives) | field | bytes | x parameter bytes |");
      System.out.println("|---|---|---|---|");
      report("local stepper (Local SGD, async, FedAvg worker task)", stepper, d);
      report("gradient sum (sync worker task)", sum, d);
      report("Nesterov momentum SGD (sync, driver)", momentum, d);
      report("Adam (sync --optimizer adam, driver)", adam, d);
    }
  }

  private static void report(String holder, Object root, long d) throws IllegalAccessException {
    Map<String, Long> byField = new TreeMap<>();
    walk(root, "", byField, new IdentityHashMap<>());
    long total = 0;
    for (Map.Entry<String, Long> e : byField.entrySet()) {
      total += e.getValue();
      System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.3f |%n", holder, e.getKey(), e.getValue(),
          e.getValue() / (8.0 * d));
    }
    System.out.printf(Locale.ROOT, "| %s | **total** | **%,d** | **%.3f** |%n", holder, total, total / (8.0 * d));
  }

  /** Adds the bytes of the primitive arrays reachable from {@code o} through the project's objects. */
  private static void walk(Object o, String path, Map<String, Long> out, IdentityHashMap<Object, Boolean> seen)
      throws IllegalAccessException {
    if (o == null || seen.put(o, Boolean.TRUE) != null || o instanceof Model<?>
        || o instanceof MultilayerPerceptron || o instanceof MlpLayout) {
      return;
    }
    Class<?> c = o.getClass();
    if (c.isArray()) {
      Class<?> e = c.getComponentType();
      if (e.isPrimitive()) {
        long bytes = 16 + (long) Array.getLength(o) * elementBytes(e);
        out.merge(path, bytes, Long::sum);
      } else {
        for (int i = 0; i < Array.getLength(o); i++) {
          walk(Array.get(o, i), path + "[]", out, seen);
        }
      }
      return;
    }
    if (!c.getName().startsWith("io.sparkdtrain.")) {
      return;
    }
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        f.setAccessible(true);
        walk(f.get(o), path.isEmpty() ? f.getName() : path + "." + f.getName(), out, seen);
      }
    }
  }

  private static int elementBytes(Class<?> e) {
    if (e == double.class || e == long.class) {
      return 8;
    }
    if (e == int.class || e == float.class) {
      return 4;
    }
    return e == short.class || e == char.class ? 2 : 1;
  }

  /** {@value #BATCH} dense random rows in [0, 1] with labels spread over the classes. */
  private static CsrBlock batch(int features, int classes) {
    CsrBlockBuilder b = new CsrBlockBuilder(features, false);
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < BATCH; i++) {
      double[] x = new double[features];
      for (int j = 0; j < features; j++) {
        x[j] = r.nextDouble();
      }
      b.addDenseRow(i % classes, 1.0, x);
    }
    return b.build();
  }
}
