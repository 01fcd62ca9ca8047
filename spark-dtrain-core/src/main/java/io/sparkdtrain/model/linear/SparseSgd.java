package io.sparkdtrain.model.linear;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.math.SparseKernels;
import io.sparkdtrain.model.LocalStepper;
import io.sparkdtrain.model.StepSizes;

/**
 * Mini-batch SGD (Robbins and Monro 1951) on sparse data whose step costs O(nnz of the batch x
 * outputs), not O(dimension): the executor-side local stepper of local SGD, model averaging and
 * Hogwild-style strategies. A step on the batch {@code B} at the current {@code w} is exactly
 *
 * <pre>
 *   w  &lt;-  w - lr_t ( (sum_{i in B} a_i dL_i/dw) / (sum_{i in B} a_i) + grad R2(w) )     (R = L2 or none)
 *   w  &lt;-  prox_{lr_t lambda ||.||_1}( w - lr_t (sum_{i in B} a_i dL_i/dw) / (sum_{i in B} a_i) )   (R = L1)
 * </pre>
 *
 * <p>with row weights {@code a_i}, {@code lr_t = schedule.rate(t)}, {@code t} counting steps from 0,
 * and intercepts never penalised: plain mini-batch (proximal) SGD on the {@link Objective}
 * restricted to the batch. Every row's margins are computed at the current {@code w} before any
 * update.
 *
 * <p><b>L2 in O(1).</b> The penalised weights are stored as {@code w = scale * v} (Shalev-Shwartz et
 * al. 2007, Pegasos; Bottou 2012, "Stochastic Gradient Descent Tricks"): the decay
 * {@code w *= 1 - lr_t lambda} multiplies {@code scale} only, and the sparse gradient is added to
 * {@code v} divided by {@code scale}. Intercepts are stored unscaled beside {@code v}, so they are
 * not decayed. When {@code |scale|} leaves {@code [1e-9, 1e9]} the scale is folded into {@code v}
 * (one O(dimension) pass, every ~{@code 20 / (lr lambda)} steps), keeping {@code v} well within
 * double range.
 *
 * <p><b>L1 lazily and exactly.</b> With no gradient on a coordinate, consecutive soft-thresholds
 * compose: {@code S_b(S_a(x)) = S_{a+b}(x)}. So a coordinate's pending penalty is kept as the
 * difference between the running sum {@code lambda sum_s lr_s} and the sum already applied to it,
 * and is applied when the coordinate is next read, before its margins and gradient update; a
 * step's own threshold thus reaches its updated coordinates at their next read (the lazy proximal
 * update of Duchi and Singer 2009, FOBOS, Section 6; cf. the truncated gradient
 * of Langford, Li and Zhang 2009). The result equals the dense proximal step of {@code optim.Sgd} up to
 * rounding; {@link #weights()} applies every pending penalty.
 *
 * <p><b>No momentum here.</b> A momentum velocity decays on every coordinate at every step, so each
 * step would be O(dimension): use the dense {@code optim.Sgd}. <b>No AdaGrad here.</b> Its
 * per-coordinate rates make the L2 decay per coordinate, which one shared {@code scale} cannot
 * express: use the dense {@code optim.AdaGrad}. This is the linear model's {@link LocalStepper}.
 *
 * <p>Not thread-safe; one instance per task. Holds O(dimension) memory for {@code v} (and, for L1,
 * the applied penalties).
 */
public final class SparseSgd implements LocalStepper<CsrBlock> {
  /** Bounds of {@code |scale|} outside which the scale is folded into {@code v}. */
  static final double MIN_SCALE = 1e-9;
  static final double MAX_SCALE = 1e9;

  private final Objective objective;
  private final ModelShape shape;
  private final MarginLoss loss;
  private final StepSizes schedule;
  private final Regularization.Kind kind;
  private final double lambda;
  private final double[] v;
  private double scale = 1.0;
  private double decayProduct = 1.0;
  private final double[] appliedPenalty;
  private double totalPenalty;
  private long steps;
  private final double[] margins;
  private final double[] derivative;
  private double[] coefficients = new double[16];

  /**
   * A stepper starting at {@code initialWeights} (copied), laid out as {@code objective.shape()}.
   *
   * @param objective loss, regularisation and model shape
   * @param schedule the learning rate per step
   * @param initialWeights the starting point, length {@code objective.shape().dimension()}
   * @throws IllegalArgumentException if the length does not match the shape
   */
  public SparseSgd(Objective objective, StepSizes schedule, double[] initialWeights) {
    if (objective == null || schedule == null) {
      throw new IllegalArgumentException("objective and schedule must be non-null");
    }
    this.objective = objective;
    this.shape = objective.shape();
    this.loss = objective.loss();
    this.schedule = schedule;
    this.kind = objective.regularization().kind();
    this.lambda = objective.regularization().lambda();
    if (initialWeights.length != shape.dimension()) {
      throw new IllegalArgumentException("initialWeights has length " + initialWeights.length
          + " but the model shape " + shape + " has dimension " + shape.dimension());
    }
    this.v = initialWeights.clone();
    this.appliedPenalty = kind == Regularization.Kind.L1 ? new double[v.length] : null;
    this.margins = new double[shape.numOutputs()];
    this.derivative = new double[shape.numOutputs()];
  }

  /**
   * One mini-batch step on rows {@code rows[0..count)} of {@code block} (a row may repeat), at
   * the current weights. A batch whose weights sum to 0 carries no data gradient: it is skipped
   * (weights, penalty and step counter unchanged) and 0 is returned.
   *
   * @param block the data
   * @param rows row numbers within the block
   * @param count how many entries of {@code rows} form the batch, in {@code [1, rows.length]}
   * @return the batch's weighted mean data loss at the weights before the update
   * @throws IllegalArgumentException if the block does not match the model, {@code count} is out
   *     of range, a row number is out of range or a label is invalid for the loss
   */
  @Override
  public double step(CsrBlock block, int[] rows, int count) {
    checkBatch(block, rows, count);
    int numOutputs = shape.numOutputs();
    if (coefficients.length < count * numOutputs) {
      coefficients = new double[Math.max(count * numOutputs, 2 * coefficients.length)];
    }
    if (kind == Regularization.Kind.L1) {
      applyPendingPenalty(block, rows, count);
    }
    double lossSum = 0.0;
    double weightSum = 0.0;
    for (int r = 0; r < count; r++) {
      int row = rows[r];
      computeMargins(block, row);
      double a = block.weight(row);
      double l = loss.lossAndDerivative(margins, block.label(row), derivative);
      lossSum += a * l;
      weightSum += a;
      for (int k = 0; k < numOutputs; k++) {
        coefficients[r * numOutputs + k] = a * derivative[k];
      }
    }
    if (!(weightSum > 0)) {
      return 0.0;
    }
    double lr = schedule.rate(steps);
    if (kind == Regularization.Kind.L2) {
      decayProduct = decayProduct * (1.0 - lr * lambda);
      decay(1.0 - lr * lambda);
    }
    double c = -lr / weightSum;
    int[] idx = block.indices();
    double[] val = block.values();
    for (int r = 0; r < count; r++) {
      int row = rows[r];
      for (int k = 0; k < numOutputs; k++) {
        double d = c * coefficients[r * numOutputs + k];
        SparseKernels.axpy(d / scale, idx, val, block.rowStart(row), block.rowEnd(row), v,
            shape.offset(k));
        if (shape.fitIntercept()) {
          v[shape.interceptIndex(k)] += d;
        }
      }
    }
    if (kind == Regularization.Kind.L1) {
      totalPenalty += lr * lambda; // applied lazily, before each coordinate is next read
    }
    steps++;
    return lossSum / weightSum;
  }

  /** The number of steps taken; the next step uses {@code schedule.rate(steps())}. */
  @Override
  public long steps() {
    return steps;
  }

  /** The current weights as a new array (scale and pending L1 penalties applied). O(dimension). */
  @Override
  public double[] weights() {
    double[] out = new double[v.length];
    weightsInto(out);
    return out;
  }

  /**
   * Writes the current weights into {@code out} without changing this stepper's state.
   *
   * @param out an array of length {@code objective().shape().dimension()}
   * @throws IllegalArgumentException if the length differs
   */
  @Override
  public void weightsInto(double[] out) {
    if (out.length != v.length) {
      throw new IllegalArgumentException("out has length " + out.length
          + " but the model dimension is " + v.length);
    }
    for (int i = 0; i < v.length; i++) {
      if (shape.isIntercept(i)) {
        out[i] = v[i];
      } else if (kind == Regularization.Kind.L1) {
        out[i] = softThreshold(v[i], totalPenalty - appliedPenalty[i]);
      } else {
        out[i] = scale * v[i];
      }
    }
  }

  /**
   * The current weight of coordinate {@code i} (scale and a pending L1 penalty applied), exactly
   * the value {@link #weightsInto} writes there. O(1).
   */
  public double weight(int i) {
    return shape.isIntercept(i) ? v[i] : penalisedWeight(i);
  }

  /**
   * {@link #weight} of a coordinate the caller knows is not an intercept (no index arithmetic to
   * find out). O(1).
   */
  public double penalisedWeight(int i) {
    if (kind == Regularization.Kind.L1) {
      return softThreshold(v[i], totalPenalty - appliedPenalty[i]);
    }
    return scale * v[i];
  }

  /**
   * Whether no step has written coordinate {@code i} since it started at {@code initial}: its stored
   * value is still exactly {@code initial} (so its weight is {@code scale() x initial}, or
   * {@code initial} for an intercept; under L1 a pending penalty may still apply). O(1).
   */
  public boolean unchanged(int i, double initial) {
    return v[i] == initial;
  }

  /**
   * The lazy L2 scale: penalised weights are {@code scale() x v}. It starts at 1 and is the product
   * of the steps' decays {@code 1 - lr lambda} until it is folded into {@code v} (then 1 again), so
   * while it equals that product, a coordinate no step touched is exactly its initial value times it.
   */
  public double scale() {
    return scale;
  }

  /** The objective this stepper minimises. */
  public Objective objective() {
    return objective;
  }

  /** The product of the steps' L2 decays {@code 1 - lr_t lambda} (1 without L2). */
  @Override
  public double decay() {
    return decayProduct;
  }

  /**
   * The coordinates a step wrote and the intercepts (a penalised coordinate no step wrote is exactly
   * {@code scale x start} with {@code scale == decay()}); false under L1 or once the scale was folded.
   */
  @Override
  public boolean changes(double[] start, ChangeSink out) {
    if (kind == Regularization.Kind.L1 || scale != decayProduct) {
      return false;
    }
    double c = decayProduct;
    for (int k = 0; k < shape.numOutputs(); k++) {
      int base = shape.offset(k);
      for (int i = base; i < base + shape.numFeatures(); i++) {
        if (!unchanged(i, start[i])) {
          out.accept(i, penalisedWeight(i) - c * start[i]);
        }
      }
      if (shape.fitIntercept()) {
        int b = shape.interceptIndex(k);
        out.accept(b, weight(b) - start[b]);
      }
    }
    return true;
  }

  /** The learning-rate schedule. */
  public StepSizes schedule() {
    return schedule;
  }

  /** The objective, schedule and step count. */
  @Override
  public String toString() {
    return "SparseSgd(objective=" + objective + ", schedule=" + schedule + ", steps=" + steps + ")";
  }

  private void computeMargins(CsrBlock block, int row) {
    int from = block.rowStart(row);
    int to = block.rowEnd(row);
    for (int k = 0; k < shape.numOutputs(); k++) {
      double z = scale * SparseKernels.dot(block.indices(), block.values(), from, to, v, shape.offset(k));
      margins[k] = shape.fitIntercept() ? z + v[shape.interceptIndex(k)] : z;
    }
  }

  /** {@code w *= factor} on the penalised weights: O(1), or O(dimension) when folding the scale. */
  private void decay(double factor) {
    double next = scale * factor;
    if (Math.abs(next) >= MIN_SCALE && Math.abs(next) <= MAX_SCALE) {
      scale = next;
      return;
    }
    for (int i = 0; i < v.length; i++) {
      if (!shape.isIntercept(i)) {
        v[i] *= next;
      }
    }
    scale = 1.0;
  }

  /**
   * Brings the batch's coordinates up to the running L1 penalty. Every coordinate that receives a
   * gradient was brought up first, so the thresholds pending on it all come after its last
   * gradient update and compose into one soft-threshold.
   */
  private void applyPendingPenalty(CsrBlock block, int[] rows, int count) {
    int[] idx = block.indices();
    for (int r = 0; r < count; r++) {
      int row = rows[r];
      for (int p = block.rowStart(row); p < block.rowEnd(row); p++) {
        for (int k = 0; k < shape.numOutputs(); k++) {
          int i = shape.offset(k) + idx[p];
          double pending = totalPenalty - appliedPenalty[i];
          if (pending > 0) {
            v[i] = softThreshold(v[i], pending);
            appliedPenalty[i] = totalPenalty;
          }
        }
      }
    }
  }

  private static double softThreshold(double x, double t) {
    return x > t ? x - t : (x < -t ? x + t : 0.0);
  }

  private void checkBatch(CsrBlock block, int[] rows, int count) {
    if (block.numFeatures() != shape.numFeatures()) {
      throw new IllegalArgumentException("Block has numFeatures=" + block.numFeatures()
          + " but the model has numFeatures=" + shape.numFeatures());
    }
    if (count < 1 || count > rows.length) {
      throw new IllegalArgumentException("Cannot set count to " + count + ", the value must be in [1, "
          + rows.length + "] (the length of rows)");
    }
    for (int r = 0; r < count; r++) {
      if (rows[r] < 0 || rows[r] >= block.numRows()) {
        throw new IllegalArgumentException("rows[" + r + "] = " + rows[r]
            + " is outside [0, numRows=" + block.numRows() + ")");
      }
    }
  }
}
