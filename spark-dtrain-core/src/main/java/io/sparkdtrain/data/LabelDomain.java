package io.sparkdtrain.data;

import java.io.Serializable;

/**
 * The labels a model accepts, checked while data is read so that a bad label is reported with its
 * file and line (or row) before training starts. Every {@code MarginLoss} is one; the data
 * readers take this interface so that {@code data} depends on no model package.
 */
public interface LabelDomain extends Serializable {

  /** Short name of the model or loss, for messages ("logistic", "softmax", ...). */
  String name();

  /** Whether {@code label} belongs to the label set. */
  boolean isValidLabel(double label);

  /** The label set in words, for error messages ("0/1 or -1/+1"). */
  String labelDomain();
}
