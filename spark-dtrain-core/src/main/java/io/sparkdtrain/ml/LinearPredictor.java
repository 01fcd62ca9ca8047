package io.sparkdtrain.ml;

import io.sparkdtrain.model.linear.Losses;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import java.io.Serializable;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

/**
 * The prediction side of a trained linear model: margins {@code z_k = w_k . x + b_k} from the flat
 * weights ({@link ModelShape} layout), then what the loss makes of them. Shipped to executors
 * inside the models' UDFs (Java serialization, as every closure), so it holds only the weights,
 * the shape and the stateless loss.
 */
final class LinearPredictor implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] weights;
  private final ModelShape shape;
  private final MarginLoss loss;

  LinearPredictor(double[] weights, ModelShape shape, MarginLoss loss) {
    if (weights.length != shape.dimension()) {
      throw new IllegalArgumentException("the model has " + weights.length + " weights but "
          + shape + " needs " + shape.dimension());
    }
    this.weights = weights.clone();
    this.shape = shape;
    this.loss = loss;
  }

  /**
   * The predictor of a model saved or trained with the loss {@code objective} ({@code logistic},
   * {@code hinge}, {@code softmax} or {@code squared}), checked against the shape.
   */
  static LinearPredictor of(double[] weights, ModelShape shape, String objective) {
    MarginLoss loss = Losses.byName(objective, objective.equals("softmax") ? shape.numOutputs() : 2);
    if (loss.numOutputs() != shape.numOutputs()) {
      throw new IllegalArgumentException("objective " + objective + " has " + loss.numOutputs()
          + " outputs but " + shape + " has " + shape.numOutputs());
    }
    return new LinearPredictor(weights, shape, loss);
  }

  MarginLoss loss() { return loss; }

  ModelShape shape() { return shape; }

  /** A copy of the flat weights. */
  double[] weights() { return weights.clone(); }

  /** One margin per output. */
  double[] margins(Vector x) {
    if (x == null) {
      throw new IllegalArgumentException("the features vector is null");
    }
    if (x.size() != shape.numFeatures()) {
      throw new IllegalArgumentException("the features vector has size " + x.size()
          + " but the model was trained with numFeatures=" + shape.numFeatures());
    }
    int k1 = shape.numOutputs();
    double[] z = new double[k1];
    for (int k = 0; k < k1; k++) {
      int off = shape.offset(k);
      double s = shape.fitIntercept() ? weights[shape.interceptIndex(k)] : 0.0;
      if (x instanceof SparseVector sv) {
        int[] idx = sv.indices();
        double[] val = sv.values();
        for (int i = 0; i < idx.length; i++) {
          s += val[i] * weights[off + idx[i]];
        }
      } else {
        double[] val = x.toArray();
        for (int j = 0; j < val.length; j++) {
          s += val[j] * weights[off + j];
        }
      }
      z[k] = s;
    }
    return z;
  }

  /** Raw prediction as MLlib writes it: {@code [-z, z]} for one margin, else the K margins. */
  Vector raw(Vector x) {
    double[] z = margins(x);
    return z.length == 1 ? Vectors.dense(-z[0], z[0]) : Vectors.dense(z);
  }

  /** Class probabilities, or {@code null} when the loss defines none (hinge, squared). */
  Vector probability(Vector x) {
    double[] z = margins(x);
    double[] p = new double[Math.max(2, z.length)];
    return loss.probabilities(z, p) ? Vectors.dense(p) : null;
  }

  /** The class index (classification) or the value (regression). */
  double predict(Vector x) {
    return loss.predict(margins(x));
  }

  /**
   * The class of {@code x} under MLlib's decision rules. With {@code thresholds} non-empty (one per
   * class; the caller checks the length and that the loss has probabilities): the argmax of
   * {@code p_k / t_k}, where {@code t_k = 0} counts as +infinity (MLlib's
   * {@code ProbabilisticClassificationModel.probability2prediction}). Otherwise, for one margin:
   * 1 when {@code z > ln(t / (1 - t))} with t = {@code threshold} (for logistic exactly
   * {@code P(y=1) > t}; t = 0.5 gives z &gt; 0, t = 0 always 1, t = 1 always 0); for K margins
   * the argmax.
   */
  double predictClass(Vector x, double threshold, double[] thresholds) {
    double[] z = margins(x);
    if (thresholds.length > 0) {
      double[] p = new double[Math.max(2, z.length)];
      loss.probabilities(z, p);
      int best = 0;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < p.length; k++) {
        double v = thresholds[k] == 0 ? Double.POSITIVE_INFINITY : p[k] / thresholds[k];
        if (v > bestValue) {
          best = k;
          bestValue = v;
        }
      }
      return best;
    }
    if (z.length == 1) {
      return z[0] > Math.log(threshold / (1 - threshold)) ? 1.0 : 0.0;
    }
    return loss.predict(z);
  }

  /** Whether {@link #probability} is defined for this loss. */
  boolean hasProbabilities() {
    return loss.probabilities(new double[shape.numOutputs()], new double[Math.max(2, shape.numOutputs())]);
  }
}
