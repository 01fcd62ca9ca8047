package io.sparkdtrain.model.mlp;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.model.Classifier;
import io.sparkdtrain.model.ModelDescription;
import io.sparkdtrain.model.Workspace;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The feed-forward network as a {@link io.sparkdtrain.model.Model} the engine trains: rows of a {@link CsrBlock} (labels
 * are class indices) are densified in chunks of at most {@value #CHUNK} rows and passed to
 * {@link MultilayerPerceptron}'s batched forward and backward pass. Dense: it uses the interface's
 * default dense local stepper and racing step (every step touches every weight), so every strategy
 * trains it: synchronous SGD, Local SGD, Hogwild!, the asynchronous parameter server and FedAvg.
 *
 * <p>Evaluation: a {@link Classifier} (the softmax outputs, {@value #CHUNK} rows per forward pass),
 * so the engine's held-out metrics are accuracy, log-loss and, with two classes, AUC, computed as
 * for the linear softmax model.
 */
public final class MlpModel implements Classifier<CsrBlock> {
  private static final long serialVersionUID = 1L;
  /** Rows densified at once: bounds the scratch memory at {@code CHUNK x widest layer} doubles. */
  static final int CHUNK = 256;

  private final MultilayerPerceptron network;

  /** The model of {@code network}. */
  public MlpModel(MultilayerPerceptron network) {
    if (network == null) {
      throw new IllegalArgumentException("Cannot set network to null");
    }
    this.network = network;
  }

  /** The network's settings and math. */
  public MultilayerPerceptron network() {
    return network;
  }

  @Override
  public String family() {
    return "multilayer perceptron";
  }

  @Override
  public Class<CsrBlock> blockType() {
    return CsrBlock.class;
  }

  @Override
  public int dimension() {
    return network.dimension();
  }

  @Override
  public ModelDescription description() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("layers", network.layout().spec());
    m.put("activation", network.activation().name().toLowerCase(java.util.Locale.ROOT));
    m.put("l2", Double.toString(network.l2()));
    m.put("dropout", Double.toString(network.dropout()));
    return new ModelDescription("mlp", m);
  }

  /** He or Glorot initialisation from {@code seed} (see {@link Activation}). */
  @Override
  public double[] initialParameters(long seed) {
    return network.initialWeights(seed);
  }

  @Override
  public Workspace newWorkspace() {
    return new Chunks(network);
  }

  @Override
  public double addGradient(CsrBlock block, int[] rows, int count, double[] w, double scale, double[] gradient,
                            Workspace ws) {
    Chunks c = (Chunks) ws;
    double loss = 0;
    for (int from = 0; from < count; from += CHUNK) {
      int n = c.fill(block, rows, from, Math.min(CHUNK, count - from));
      loss += network.addGradient(c.x, c.y, c.a, n, w, scale, gradient, c.mlp);
    }
    return loss;
  }

  @Override
  public double loss(CsrBlock block, int[] rows, int count, double[] w, Workspace ws) {
    Chunks c = (Chunks) ws;
    double loss = 0;
    for (int from = 0; from < count; from += CHUNK) {
      int n = c.fill(block, rows, from, Math.min(CHUNK, count - from));
      loss += network.loss(c.x, c.y, c.a, n, w, c.mlp);
    }
    return loss;
  }

  @Override
  public double penalty(double[] w) {
    return network.penalty(w);
  }

  @Override
  public void addPenaltyGradient(double[] w, double[] gradient) {
    network.addPenaltyGradient(w, gradient);
  }

  /** The output layer's size. */
  @Override
  public int numClasses() {
    return network.layout().numClasses();
  }

  /** The row's label, which must be a class index of the output layer. */
  @Override
  public int classIndex(CsrBlock block, int row) {
    double label = block.label(row);
    int y = (int) label;
    if (y != label || y < 0 || y >= numClasses()) {
      throw new IllegalArgumentException("label " + label + " of row " + row + " is not a class index of layers="
          + network.layout().spec() + " (0 to " + (numClasses() - 1) + ")");
    }
    return y;
  }

  /** Softmax outputs of the rows, {@value #CHUNK} rows per forward pass (no dropout). */
  @Override
  public void classProbabilities(CsrBlock block, int from, int count, double[] w, double[] out, Workspace ws) {
    Chunks c = (Chunks) ws;
    int classes = numClasses();
    for (int done = 0; done < count; done += CHUNK) {
      int n = c.fill(block, null, from + done, Math.min(CHUNK, count - done));
      network.probabilities(c.x, n, w, c.probabilities, c.mlp);
      System.arraycopy(c.probabilities, 0, out, done * classes, n * classes);
    }
  }

  /** The weighted share of rows of {@code block} whose most probable class is the label. */
  public double accuracy(CsrBlock block, double[] w) {
    int classes = numClasses();
    Workspace ws = newWorkspace();
    double[] p = new double[CHUNK * classes];
    double correct = 0;
    for (int from = 0; from < block.numRows(); from += CHUNK) {
      int n = Math.min(CHUNK, block.numRows() - from);
      classProbabilities(block, from, n, w, p, ws);
      for (int r = 0; r < n; r++) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
          best = p[r * classes + k] > p[r * classes + best] ? k : best;
        }
        correct += best == classIndex(block, from + r) ? block.weight(from + r) : 0;
      }
    }
    return block.numRows() == 0 ? Double.NaN : correct / block.weightSum();
  }

  @Override
  public String toString() {
    return "MlpModel(" + network + ")";
  }

  /** A task's scratch: one chunk of densified rows, labels and weights, and the network's workspace. */
  private static final class Chunks implements Workspace {
    final MultilayerPerceptron network;
    final double[] x;
    final double[] y = new double[CHUNK];
    final double[] a = new double[CHUNK];
    final double[] probabilities;
    final MlpWorkspace mlp;

    Chunks(MultilayerPerceptron network) {
      this.network = network;
      this.x = new double[CHUNK * network.layout().numInputs()];
      this.probabilities = new double[CHUNK * network.layout().numClasses()];
      this.mlp = network.newWorkspace(CHUNK, 0x5eedL);
    }

    /** Densifies rows {@code [from, from + n)} of {@code rows} (or of the block); returns n. */
    int fill(CsrBlock block, int[] rows, int from, int n) {
      int[] chosen = new int[n];
      for (int r = 0; r < n; r++) {
        chosen[r] = rows == null ? from + r : rows[from + r];
        y[r] = block.label(chosen[r]);
        a[r] = block.weight(chosen[r]);
      }
      network.densify(block, chosen, n, x);
      return n;
    }
  }
}
