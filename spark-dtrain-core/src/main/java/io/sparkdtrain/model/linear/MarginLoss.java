package io.sparkdtrain.model.linear;

import io.sparkdtrain.data.LabelDomain;

/**
 * A loss of a linear model written as a function of its margins {@code z_k = w_k . x + b_k}
 * (one per output). Keeping the loss a function of margins lets one sparse kernel compute the
 * gradient of every loss: {@code dL/dw_k = (dL/dz_k) x} touches only the example's non-zeros.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface MarginLoss extends LabelDomain {

  /** Short name used in reports and on the command line ("logistic", "hinge", ...). */
  @Override
  String name();

  /** Number of margins per example: 1, or K for K-class softmax. */
  int numOutputs();

  /** Loss at the given margins. */
  double loss(double[] margins, double label);

  /**
   * Loss at the given margins; writes {@code dL/dz_k} into {@code derivative[k]} for every output.
   * For the non-differentiable hinge, a subgradient.
   */
  double lossAndDerivative(double[] margins, double label, double[] derivative);

  /** Prediction from margins: class index (binary: 0 or 1) or the regression value. */
  double predict(double[] margins);

  /**
   * Class probabilities from margins into {@code probabilities} (length 2 for binary, K for softmax).
   * Returns false when the loss defines no probabilities (hinge, squared).
   */
  boolean probabilities(double[] margins, double[] probabilities);
}
