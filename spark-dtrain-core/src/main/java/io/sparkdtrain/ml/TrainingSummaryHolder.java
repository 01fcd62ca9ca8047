package io.sparkdtrain.ml;

import java.io.Serializable;
import org.apache.spark.ml.Model;

/**
 * The training summary that a model returned by {@code fit} carries, as MLlib's models do: set by
 * the Estimator, carried by {@code copy} (with the parent), never saved, so absent after
 * {@code load}. One instance per model; {@link LinearModelParts} (the linear models), the matrix
 * factorisation model and the network model hold their summary in one.
 *
 * @param <S> the summary type of the model family
 */
class TrainingSummaryHolder<S> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String whenAbsent;
  private transient S summary;

  /** @param whenAbsent why a model has no summary, the end of {@link #summary}'s error message */
  TrainingSummaryHolder(String whenAbsent) {
    this.whenAbsent = whenAbsent;
  }

  /** Whether a summary is attached (after {@code fit}; not after {@code load}). */
  final boolean hasSummary() {
    return summary != null;
  }

  /**
   * The summary of {@code owner}'s fit.
   *
   * @throws IllegalStateException when there is none (a model loaded from disk)
   */
  final S summary(Model<?> owner) {
    if (summary == null) {
      throw new IllegalStateException("No training summary available for this " + owner.getClass().getSimpleName()
          + " (" + owner.uid() + "): " + whenAbsent);
    }
    return summary;
  }

  /** Attaches the summary of the fit that produced the model. */
  final void setSummary(S value) {
    summary = value;
  }

  /**
   * Completes {@code copy} (a new model of the same weights, params copied) of {@code from}: the
   * summary (into {@code copyHolder}, the copy's holder) and the parent.
   */
  final <M extends Model<M>> M copied(M from, M copy, TrainingSummaryHolder<S> copyHolder) {
    copyHolder.summary = summary;
    if (from.hasParent()) {
      copy.setParent(from.parent());
    }
    return copy;
  }
}
