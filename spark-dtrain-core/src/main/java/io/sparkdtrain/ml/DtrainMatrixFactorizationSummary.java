package io.sparkdtrain.ml;

import io.sparkdtrain.model.mf.MatrixFactorization;
import io.sparkdtrain.strategy.hogwild.HogwildConfig;
import io.sparkdtrain.strategy.hogwild.HogwildMf;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a {@link DtrainMatrixFactorization} {@code fit} recorded, available on the model it returned
 * ({@code model.summary()}); a model loaded from disk has none. The training RMSE after every epoch
 * (epoch 0 = the initial factors), the held-out RMSE after every epoch when the Estimator's
 * {@code validationIndicatorCol} marked ratings (with the global-mean baseline's), the Hogwild! update counts and the report map that
 * {@code dtrain train-mf} writes as JSON.
 */
public final class DtrainMatrixFactorizationSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final HogwildMf.Result result;
  private final Map<String, Object> report;

  DtrainMatrixFactorizationSummary(HogwildMf.Result result, MatrixFactorization model, HogwildConfig config) {
    this.result = result;
    this.report = result.asReport(config, model);
  }

  /** One entry per epoch, epoch 0 first: seconds of training so far and the training RMSE. */
  public List<HogwildMf.Epoch> history() { return result.history(); }

  /** The training RMSE after each epoch, epoch 0 (the initial factors) first. */
  public double[] rmseHistory() {
    return result.history().stream().mapToDouble(HogwildMf.Epoch::rmseTrain).toArray();
  }

  /** The training RMSE of the final factors. */
  public double finalRmse() { return result.rmseTrain(); }

  /**
   * The RMSE on the held-out ratings (those {@code validationIndicatorCol} marks) after each epoch,
   * epoch 0 (the initial factors) first; every entry NaN when the fit had no held-out ratings.
   */
  public double[] validationRmseHistory() {
    return result.history().stream().mapToDouble(HogwildMf.Epoch::rmseTest).toArray();
  }

  /** The held-out RMSE of the final factors (NaN without held-out ratings). */
  public double finalValidationRmse() { return result.rmseTest(); }

  /**
   * The held-out RMSE of the global-mean baseline, predicting the training ratings' mean for every
   * held-out rating (NaN without held-out ratings): a model that learned something is below it.
   */
  public double validationBaselineRmse() { return result.baselineRmseTest(); }

  /** Epochs run. */
  public int totalIterations() { return result.history().size() - 1; }

  /** SGD updates (one per training rating and epoch). */
  public long updates() { return result.updates(); }

  /** Updates per second of training wall-clock. */
  public double updatesPerSecond() { return result.updatesPerSecond(); }

  /** Training wall-clock in seconds, the RMSE passes excluded. */
  public double wallClockSeconds() { return result.seconds(); }

  /** The JSON-ready report ({@code dtrain train-mf --report-json}'s fields). */
  public Map<String, Object> report() { return report; }

  @Override
  public String toString() {
    return "DtrainMatrixFactorizationSummary(epochs=" + totalIterations() + ", finalRmse=" + finalRmse()
        + ", finalValidationRmse=" + finalValidationRmse() + ", updates=" + updates() + ")";
  }
}
