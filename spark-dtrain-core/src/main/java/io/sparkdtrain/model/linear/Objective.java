package io.sparkdtrain.model.linear;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.math.SparseKernels;
import io.sparkdtrain.model.LocalStepper;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.model.ModelDescription;
import io.sparkdtrain.model.StepSizes;
import io.sparkdtrain.model.Workspace;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training objective of a linear model:
 * {@code F(w) = (sum_i a_i L(z_i(w), y_i)) / (sum_i a_i) + R(w)} with row weights {@code a_i},
 * margins {@code z_i}, a {@link MarginLoss} {@code L} and a {@link Regularization} {@code R} that
 * skips intercepts. With logistic loss, L2 and unit weights this is exactly the objective MLlib's
 * {@code LogisticRegression} minimises with {@code standardization=false}.
 *
 * <p>Row-level methods touch only the row's non-zeros and the intercepts: O(nnz x outputs).
 *
 * <p>The linear family of the engine's {@link Model}: the batch methods sum the row methods; the
 * local stepper is {@link SparseSgd} (O(nnz) steps, lazy L2 and L1); {@link #decays} is false on the
 * intercepts only. The Hogwild! step of linear models needs per-feature visit counts of the data and
 * stays in {@code strategy.hogwild.HogwildWorker}.
 */
public final class Objective implements Model<CsrBlock> {
  private static final long serialVersionUID = 1L;

  private final MarginLoss loss;
  private final Regularization regularization;
  private final ModelShape shape;

  /**
   * The objective of {@code loss} plus {@code regularization} for a model of the given shape.
   *
   * @throws IllegalArgumentException if the loss's number of outputs differs from the shape's
   */
  public Objective(MarginLoss loss, Regularization regularization, ModelShape shape) {
    if (loss.numOutputs() != shape.numOutputs()) {
      throw new IllegalArgumentException("loss " + loss.name() + " has " + loss.numOutputs()
          + " outputs but the model shape has " + shape.numOutputs());
    }
    this.loss = loss;
    this.regularization = regularization;
    this.shape = shape;
  }

  /** The data loss L. */
  public MarginLoss loss() { return loss; }
  /** The penalty R (never applied to intercepts). */
  public Regularization regularization() { return regularization; }
  /** The parameter layout. */
  public ModelShape shape() { return shape; }

  /** Margins of one row into {@code margins[0..numOutputs)}. */
  public void margins(CsrBlock block, int row, double[] w, double[] margins) {
    int from = block.rowStart(row);
    int to = block.rowEnd(row);
    int[] idx = block.indices();
    double[] val = block.values();
    for (int k = 0; k < shape.numOutputs(); k++) {
      double z = SparseKernels.dot(idx, val, from, to, w, shape.offset(k));
      if (shape.fitIntercept()) {
        z += w[shape.interceptIndex(k)];
      }
      margins[k] = z;
    }
  }

  /**
   * Adds {@code scale * a_i * dL_i/dw} for one row into {@code gradient} and returns the row's
   * weighted loss {@code a_i * L_i}. {@code margins} and {@code derivative} are scratch arrays of
   * at least numOutputs doubles (allocated once per task, not per row).
   */
  public double addRowGradient(CsrBlock block, int row, double[] w, double[] gradient, double scale,
                               double[] margins, double[] derivative) {
    int k1 = shape.numOutputs();
    margins(block, row, w, margins);
    double l = loss.lossAndDerivative(margins, block.label(row), derivative);
    double a = block.weight(row);
    int from = block.rowStart(row);
    int to = block.rowEnd(row);
    for (int k = 0; k < k1; k++) {
      double c = scale * a * derivative[k];
      SparseKernels.axpy(c, block.indices(), block.values(), from, to, gradient, shape.offset(k));
      if (shape.fitIntercept()) {
        gradient[shape.interceptIndex(k)] += c;
      }
    }
    return a * l;
  }

  /** The row's weighted loss {@code a_i * L_i}; {@code scratch} holds numOutputs doubles. */
  public double rowLoss(CsrBlock block, int row, double[] w, double[] scratch) {
    margins(block, row, w, scratch);
    return block.weight(row) * loss.loss(scratch, block.label(row));
  }

  /** The full objective over the given blocks (one pass, single-threaded). */
  public double value(Iterable<CsrBlock> blocks, double[] w) {
    double sum = 0;
    double weights = 0;
    double[] scratch = new double[shape.numOutputs()];
    for (CsrBlock b : blocks) {
      for (int i = 0; i < b.numRows(); i++) {
        sum += rowLoss(b, i, w, scratch);
      }
      weights += b.weightSum();
    }
    if (weights <= 0) {
      throw new IllegalArgumentException("the objective needs at least one row of positive weight");
    }
    return sum / weights + regularization.value(w, shape);
  }

  /** "linear". */
  @Override
  public String family() {
    return "linear";
  }

  @Override
  public Class<CsrBlock> blockType() {
    return CsrBlock.class;
  }

  @Override
  public int dimension() {
    return shape.dimension();
  }

  /** Family "linear" with the shape's three settings, the loss and the regularisation. */
  @Override
  public ModelDescription description() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("numFeatures", Integer.toString(shape.numFeatures()));
    m.put("numOutputs", Integer.toString(shape.numOutputs()));
    m.put("fitIntercept", Boolean.toString(shape.fitIntercept()));
    m.put("loss", loss.name());
    m.put("regularization", regularization.toString());
    return new ModelDescription(family(), m);
  }

  /** Scratch of numOutputs doubles for margins and derivatives. */
  @Override
  public Workspace newWorkspace() {
    return new Scratch(shape.numOutputs());
  }

  /**
   * The sum of {@link #addRowGradient} over the rows, in order.
   *
   * @throws IllegalArgumentException if the block's numFeatures is not the model's
   */
  @Override
  public double addGradient(CsrBlock block, int[] rows, int count, double[] w, double scale, double[] gradient,
                            Workspace ws) {
    if (block.numFeatures() != shape.numFeatures()) {
      throw new IllegalArgumentException("Block has numFeatures=" + block.numFeatures()
          + " but the model has numFeatures=" + shape.numFeatures());
    }
    Scratch s = (Scratch) ws;
    double sum = 0;
    for (int r = 0; r < count; r++) {
      sum += addRowGradient(block, rows == null ? r : rows[r], w, gradient, scale, s.margins, s.derivative);
    }
    return sum;
  }

  /** The sum of {@link #rowLoss} over the rows, in order. */
  @Override
  public double loss(CsrBlock block, int[] rows, int count, double[] w, Workspace ws) {
    Scratch s = (Scratch) ws;
    double sum = 0;
    for (int r = 0; r < count; r++) {
      sum += rowLoss(block, rows == null ? r : rows[r], w, s.margins);
    }
    return sum;
  }

  /** {@code R(w)} (intercepts skipped). */
  @Override
  public double penalty(double[] w) {
    return regularization.value(w, shape);
  }

  @Override
  public void addPenaltyGradient(double[] w, double[] gradient) {
    regularization.addGradient(w, shape, gradient);
  }

  /** Every weight but the intercepts (the lazy L2 scale of {@link SparseSgd}). */
  @Override
  public boolean decays(int i) {
    return !shape.isIntercept(i);
  }

  /** {@link SparseSgd}: O(nnz) steps with lazy L2 and L1. */
  @Override
  public LocalStepper<CsrBlock> localStepper(double[] start, StepSizes rates) {
    return new SparseSgd(this, rates, start);
  }

  /** The first output's margin (the prediction of squared loss; the log-odds of logistic loss). */
  @Override
  public double predict(CsrBlock block, int row, double[] w) {
    double[] m = new double[shape.numOutputs()];
    margins(block, row, w, m);
    return m[0];
  }

  /** The row's label. */
  @Override
  public double target(CsrBlock block, int row) {
    return block.label(row);
  }

  /** Margins and loss derivatives of one row. */
  private static final class Scratch implements Workspace {
    final double[] margins;
    final double[] derivative;

    Scratch(int outputs) {
      margins = new double[outputs];
      derivative = new double[outputs];
    }
  }

  @Override
  public String toString() {
    return "Objective(loss=" + loss.name() + ", regularization=" + regularization + ", " + shape + ")";
  }
}
