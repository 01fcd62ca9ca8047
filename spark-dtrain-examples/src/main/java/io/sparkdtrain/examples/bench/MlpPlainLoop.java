package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.IdxInput;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpWorkspace;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The feed-forward network trained by a plain one-core loop, without Spark: shuffled mini-batches of
 * {@code B} rows, plain SGD {@code w -= lr (g + lambda W)}, on IDX data (Fashion-MNIST). It is the
 * reference the distributed strategies are compared with (same network, same step), and the check
 * that the network itself learns. Prints, per epoch: seconds, mean training loss and test accuracy.
 *
 * <pre>
 * java -cp spark-dtrain-examples/target/classes:spark-dtrain-core/target/classes:$(cat spark-dtrain-examples/target/spark-classpath.txt) \
 *   io.sparkdtrain.examples.bench.MlpPlainLoop /usr/share/datasets/fashion-mnist/train /usr/share/datasets/fashion-mnist/t10k \
 *   784,256,10 relu 64 0.1 10
 * </pre>
 *
 * Arguments: train prefix, test prefix, layers, activation, batch size, step size, epochs
 * (optional: L2, default 1e-4; seed, default 1).
 */
public final class MlpPlainLoop {
  private MlpPlainLoop() {}

  public static void main(String[] args) {
    if (args.length < 7) {
      System.err.println("usage: MlpPlainLoop TRAIN_PREFIX TEST_PREFIX LAYERS ACTIVATION BATCH STEP EPOCHS [L2] [SEED]");
      System.exit(2);
    }
    IdxInput.IdxData train = IdxInput.load(args[0]);
    IdxInput.IdxData test = IdxInput.load(args[1]);
    int[] sizes = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
    MultilayerPerceptron net = new MultilayerPerceptron(new MlpLayout(sizes), Activation.parse(args[3]),
        args.length > 7 ? Double.parseDouble(args[7]) : 1e-4, 0.0);
    int batch = Integer.parseInt(args[4]);
    double lr = Double.parseDouble(args[5]);
    int epochs = Integer.parseInt(args[6]);
    long seed = args.length > 8 ? Long.parseLong(args[8]) : 1L;
    double[] w = net.initialWeights(seed);
    double[] g = new double[w.length];
    int in = net.layout().numInputs();
    double[] x = new double[batch * in];
    double[] y = new double[batch];
    MlpWorkspace ws = net.newWorkspace(batch, seed);
    SplittableRandom random = new SplittableRandom(seed);
    int n = train.count();
    System.out.printf(Locale.ROOT, "%s, %d rows, batch %d, lr %s%n", net, n, batch, args[5]);
    for (int e = 1; e <= epochs; e++) {
      long t0 = System.nanoTime();
      int[] order = shuffled(n, random);
      double loss = 0;
      for (int start = 0; start + batch <= n; start += batch) {
        fill(train, order, start, batch, in, x, y);
        Arrays.fill(g, 0.0);
        loss += net.addGradient(x, y, null, batch, w, 1.0 / batch, g, ws);
        net.addPenaltyGradient(w, g);
        for (int i = 0; i < w.length; i++) {
          w[i] -= lr * g[i];
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "epoch %d: %.2f s, training loss %.4f, test accuracy %.4f%n", e, seconds,
          loss / (n - n % batch), accuracy(net, w, test));
    }
  }

  /** Test accuracy of {@code w}, in batches of 1000 rows. */
  static double accuracy(MultilayerPerceptron net, double[] w, IdxInput.IdxData data) {
    int in = net.layout().numInputs();
    int classes = net.layout().numClasses();
    int batch = 1000;
    double[] x = new double[batch * in];
    double[] y = new double[batch];
    double[] p = new double[batch * classes];
    MlpWorkspace ws = net.newWorkspace(batch, 0);
    int correct = 0;
    int[] identity = new int[data.count()];
    Arrays.setAll(identity, i -> i);
    for (int start = 0; start < data.count(); start += batch) {
      int m = Math.min(batch, data.count() - start);
      fill(data, identity, start, m, in, x, y);
      net.probabilities(x, m, w, p, ws);
      for (int r = 0; r < m; r++) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
          if (p[r * classes + k] > p[r * classes + best]) {
            best = k;
          }
        }
        correct += best == (int) y[r] ? 1 : 0;
      }
    }
    return correct / (double) data.count();
  }

  private static void fill(IdxInput.IdxData d, int[] order, int start, int m, int in, double[] x, double[] y) {
    for (int r = 0; r < m; r++) {
      int row = order[start + r];
      for (int i = 0; i < in; i++) {
        x[r * in + i] = (d.pixels()[row * in + i] & 0xff) / 255.0;
      }
      y[r] = d.labels()[row] & 0xff;
    }
  }

  private static int[] shuffled(int n, SplittableRandom random) {
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
