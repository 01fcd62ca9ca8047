package io.sparkdtrain.model.mlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The network's batch gradient against two independent references computed here: central finite
 * differences of the objective, and a naive per-example forward/backward written with plain loops.
 */
class MultilayerPerceptronTest {
  private static final int N = 7;

  @Test
  void gradientMatchesFiniteDifferencesForReluAndTanh() {
    for (Activation act : Activation.values()) {
      MultilayerPerceptron net = new MultilayerPerceptron(new MlpLayout(5, 4, 3, 3), act, 0.1, 0.0);
      Batch b = batch(net.layout(), 11);
      double[] w = net.initialWeights(3);
      perturbBiases(w, net.layout());
      double[] g = new double[w.length];
      MlpWorkspace ws = net.newWorkspace(N, 1);
      net.addGradient(b.x, b.y, b.a, N, w, 1.0 / b.weightSum, g, ws);
      net.addPenaltyGradient(w, g);
      double h = 1e-6;
      for (int i = 0; i < w.length; i++) {
        double keep = w[i];
        w[i] = keep + h;
        double up = objective(net, b, w, ws);
        w[i] = keep - h;
        double down = objective(net, b, w, ws);
        w[i] = keep;
        double numeric = (up - down) / (2 * h);
        assertEquals(numeric, g[i], 1e-6 * Math.max(1.0, Math.abs(numeric)),
            act + ": parameter " + i + " (dimension " + w.length + ")");
      }
    }
  }

  @Test
  void batchProductsEqualANaivePerExampleLoop() {
    MultilayerPerceptron net = new MultilayerPerceptron(new MlpLayout(6, 5, 4, 3), Activation.RELU, 0.0, 0.0);
    Batch b = batch(net.layout(), 5);
    double[] w = net.initialWeights(9);
    perturbBiases(w, net.layout());
    double[] g = new double[w.length];
    double loss = net.addGradient(b.x, b.y, b.a, N, w, 0.5, g, net.newWorkspace(2, 1));
    double[] naive = new double[w.length];
    double naiveLoss = 0;
    for (int r = 0; r < N; r++) {
      naiveLoss += b.a[r] * NaiveMlp.addExampleGradient(net.layout(), w,
          Arrays.copyOfRange(b.x, r * 6, r * 6 + 6), (int) b.y[r], 0.5 * b.a[r], naive);
    }
    assertEquals(naiveLoss, loss, 1e-12 * Math.abs(naiveLoss));
    for (int i = 0; i < w.length; i++) {
      assertEquals(naive[i], g[i], 1e-12 * Math.max(1.0, Math.abs(naive[i])), "parameter " + i);
    }
    double[] p = new double[N * 3];
    net.probabilities(b.x, N, w, p, net.newWorkspace(N, 1));
    for (int r = 0; r < N; r++) {
      double[] q = NaiveMlp.probabilities(net.layout(), w, Arrays.copyOfRange(b.x, r * 6, r * 6 + 6));
      assertArrayEquals(q, Arrays.copyOfRange(p, r * 3, r * 3 + 3), 1e-12);
    }
  }

  @Test
  void dropoutIsSeededAndLeavesEvaluationAlone() {
    MultilayerPerceptron net = new MultilayerPerceptron(new MlpLayout(5, 8, 3), Activation.TANH, 0.0, 0.5);
    MultilayerPerceptron plain = new MultilayerPerceptron(new MlpLayout(5, 8, 3), Activation.TANH, 0.0, 0.0);
    Batch b = batch(net.layout(), 2);
    double[] w = net.initialWeights(4);
    double[] g1 = new double[w.length];
    double[] g2 = new double[w.length];
    double[] g0 = new double[w.length];
    net.addGradient(b.x, b.y, b.a, N, w, 1.0, g1, net.newWorkspace(N, 42));
    net.addGradient(b.x, b.y, b.a, N, w, 1.0, g2, net.newWorkspace(N, 42));
    plain.addGradient(b.x, b.y, b.a, N, w, 1.0, g0, plain.newWorkspace(N, 42));
    assertArrayEquals(g1, g2, 0.0, "the same seed gives the same mask");
    assertFalse(Arrays.equals(g0, g1), "dropout changes the training gradient");
    assertEquals(plain.loss(b.x, b.y, b.a, N, w, plain.newWorkspace(N, 1)),
        net.loss(b.x, b.y, b.a, N, w, net.newWorkspace(N, 7)), 0.0, "evaluation uses no dropout");
  }

  @Test
  void dropoutGradientMatchesFiniteDifferencesWithTheMaskFixed() {
    for (Activation act : Activation.values()) {
      MultilayerPerceptron net = new MultilayerPerceptron(new MlpLayout(5, 6, 4, 3), act, 0.1, 0.4);
      Batch b = batch(net.layout(), 13);
      double[] w = net.initialWeights(8);
      perturbBiases(w, net.layout());
      double[] g = new double[w.length];
      net.addGradient(b.x, b.y, b.a, N, w, 1.0 / b.weightSum, g, net.newWorkspace(N, 42));
      net.addPenaltyGradient(w, g);
      double h = 1e-6;
      int moved = 0;
      for (int i = 0; i < w.length; i++) {
        double keep = w[i];
        w[i] = keep + h;
        double up = maskedObjective(net, b, w);
        w[i] = keep - h;
        double down = maskedObjective(net, b, w);
        w[i] = keep;
        double numeric = (up - down) / (2 * h);
        assertEquals(numeric, g[i], 1e-6 * Math.max(1.0, Math.abs(numeric)),
            act + " with dropout 0.4: parameter " + i + " (dimension " + w.length + ")");
        moved += numeric != 0 ? 1 : 0;
      }
      assertTrue(moved > w.length / 2, act + ": only " + moved + " of " + w.length + " derivatives are non-zero");
    }
  }

  @Test
  void predictionWithDropoutIsTheDeterministicForwardPass() {
    MultilayerPerceptron net = new MultilayerPerceptron(new MlpLayout(6, 5, 4, 3), Activation.RELU, 0.0, 0.5);
    Batch b = batch(net.layout(), 17);
    double[] w = net.initialWeights(21);
    perturbBiases(w, net.layout());
    MlpWorkspace ws = net.newWorkspace(N, 3);
    net.addGradient(b.x, b.y, b.a, N, w, 1.0, new double[w.length], ws);
    double[] p = new double[N * 3];
    net.probabilities(b.x, N, w, p, ws);
    double naiveLoss = 0;
    for (int r = 0; r < N; r++) {
      double[] row = Arrays.copyOfRange(b.x, r * 6, r * 6 + 6);
      assertArrayEquals(NaiveMlp.probabilities(net.layout(), w, row), Arrays.copyOfRange(p, r * 3, r * 3 + 3), 1e-12,
          "row " + r + " after a training pass with dropout 0.5 on the same workspace");
      naiveLoss += b.a[r] * NaiveMlp.addExampleGradient(net.layout(), w, row, (int) b.y[r], 0.0, new double[w.length]);
    }
    assertEquals(naiveLoss, net.loss(b.x, b.y, b.a, N, w, ws), 1e-12 * naiveLoss, "evaluation loss without dropout");
  }

  @Test
  void heAndGlorotInitialisationHaveTheirVariance() {
    MlpLayout layout = new MlpLayout(784, 256, 10);
    double[] relu = new MultilayerPerceptron(layout, Activation.RELU, 0, 0).initialWeights(1);
    double[] tanh = new MultilayerPerceptron(layout, Activation.TANH, 0, 0).initialWeights(1);
    int n = 784 * 256;
    assertEquals(2.0 / 784, variance(relu, n), 0.02 * 2.0 / 784, "He: Var = 2 / fanIn");
    assertEquals(2.0 / (784 + 256), variance(tanh, n), 0.02 * 2.0 / (784 + 256), "Glorot: Var = 2 / (in + out)");
    for (int i = layout.biasOffset(1); i < layout.biasOffset(1) + 256; i++) {
      assertEquals(0.0, relu[i], "biases start at 0");
    }
  }

  @Test
  void badSettingsNameTheOptionAndValue() {
    assertEquals("Cannot set layers to [784, 0, 10], every size must be >= 1 (layer 1 is 0)",
        assertThrows(IllegalArgumentException.class, () -> new MlpLayout(784, 0, 10)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new MlpLayout(784)).getMessage()
        .startsWith("Cannot set layers to [784]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new MlpLayout(4, 1)).getMessage()
        .contains("number of classes and must be >= 2"));
    assertEquals("Cannot set activation to 'sigmoid', the value must be relu or tanh",
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("sigmoid")).getMessage());
    assertEquals("Cannot set dropout to 1.0, the value must be in [0, 1)", assertThrows(IllegalArgumentException.class,
        () -> new MultilayerPerceptron(new MlpLayout(2, 2), Activation.RELU, 0, 1.0)).getMessage());
    MultilayerPerceptron net = new MultilayerPerceptron(new MlpLayout(2, 3), Activation.RELU, 0, 0);
    assertEquals("label 3.0 is not a class index of layers=2,3 (0 to 2)", assertThrows(IllegalArgumentException.class,
        () -> net.loss(new double[2], new double[] {3}, null, 1, new double[net.dimension()],
            net.newWorkspace(1, 1))).getMessage());
  }

  @Test
  void densifyWritesTheChosenRowsOfASparseBlock() {
    CsrBlockBuilder bb = new CsrBlockBuilder(4, false);
    bb.addRow(0, 1.0, new int[] {1, 3}, new double[] {2.0, 3.0});
    bb.addRow(1, 1.0, new int[] {0}, new double[] {5.0});
    CsrBlock block = bb.build();
    MultilayerPerceptron net = new MultilayerPerceptron(new MlpLayout(4, 2), Activation.RELU, 0, 0);
    double[] x = new double[8];
    Arrays.fill(x, 9.0);
    net.densify(block, new int[] {1, 0}, 2, x);
    assertArrayEquals(new double[] {5, 0, 0, 0, 0, 2, 0, 3}, x, 0.0);
    MultilayerPerceptron wide = new MultilayerPerceptron(new MlpLayout(5, 2), Activation.RELU, 0, 0);
    assertEquals("the data has 4 features but layers=5,2 starts with 5 inputs",
        assertThrows(IllegalArgumentException.class, () -> wide.densify(block, null, 2, new double[10])).getMessage());
  }

  private static double objective(MultilayerPerceptron net, Batch b, double[] w, MlpWorkspace ws) {
    return net.loss(b.x, b.y, b.a, N, w, ws) / b.weightSum + net.penalty(w);
  }

  /** The training objective with the dropout mask a fresh workspace of seed 42 draws (the same every call). */
  private static double maskedObjective(MultilayerPerceptron net, Batch b, double[] w) {
    double loss = net.addGradient(b.x, b.y, b.a, N, w, 1.0, new double[w.length], net.newWorkspace(N, 42));
    return loss / b.weightSum + net.penalty(w);
  }

  private static double variance(double[] w, int n) {
    double s = 0;
    double s2 = 0;
    for (int i = 0; i < n; i++) {
      s += w[i];
      s2 += w[i] * w[i];
    }
    return s2 / n - (s / n) * (s / n);
  }

  private static void perturbBiases(double[] w, MlpLayout layout) {
    SplittableRandom r = new SplittableRandom(5);
    for (int l = 1; l <= layout.numLayers(); l++) {
      for (int j = 0; j < layout.size(l); j++) {
        w[layout.biasOffset(l) + j] = 0.3 * (r.nextDouble() - 0.5);
      }
    }
  }

  private record Batch(double[] x, double[] y, double[] a, double weightSum) {}

  private static Batch batch(MlpLayout layout, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int in = layout.numInputs();
    double[] x = new double[N * in];
    double[] y = new double[N];
    double[] a = new double[N];
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * r.nextDouble() - 1;
    }
    for (int i = 0; i < N; i++) {
      y[i] = r.nextInt(layout.numClasses());
      a[i] = 0.5 + r.nextDouble();
      sum += a[i];
    }
    return new Batch(x, y, a, sum);
  }
}
