package io.sparkdtrain.engine;

/**
 * Decides after which rounds the {@link TrainingLoop} evaluates the model. With an explicit
 * {@code evaluateEvery = k >= 1}: every k-th round. With {@link TrainingConfig#EVALUATE_ADAPTIVELY}:
 * a round is evaluated once the training time since the last evaluation is at least four times the
 * mean cost of an evaluation so far (the starting model's evaluation gives the first cost), so
 * evaluation takes at most about 20% of the wall-clock: cheap evaluations still happen every round,
 * expensive ones every few rounds, and the cadence follows the costs as they change. In both modes
 * the last round ({@code maxRounds}) is always evaluated, and the loop evaluates the final model
 * whenever training stops between evaluations.
 */
public final class EvaluationCadence {
  /** Evaluation may cost at most this share of the training time between two evaluations. */
  static final double MAX_EVALUATION_TO_TRAINING = 0.25; // eval / (train + eval) <= 20%

  private final int every;
  private final int maxRounds;

  /** The cadence of {@code config} (its evaluateEvery and maxRounds). */
  public EvaluationCadence(TrainingConfig config) {
    this(config.evaluateEvery(), config.maxRounds());
  }

  EvaluationCadence(int every, int maxRounds) {
    this.every = every;
    this.maxRounds = maxRounds;
  }

  /** Whether the cadence is adaptive (no explicit evaluateEvery). */
  public boolean adaptive() {
    return every == TrainingConfig.EVALUATE_ADAPTIVELY;
  }

  /**
   * Whether {@code round} is evaluated.
   *
   * @param trainingSecondsSinceLastEvaluation training time (evaluation excluded) since the last
   *     evaluation
   * @param meanEvaluationSeconds the mean time of the evaluations so far (NaN when none)
   */
  public boolean due(int round, double trainingSecondsSinceLastEvaluation, double meanEvaluationSeconds) {
    if (round >= maxRounds) {
      return true;
    }
    if (!adaptive()) {
      return round % every == 0;
    }
    if (Double.isNaN(meanEvaluationSeconds)) {
      return true;
    }
    return meanEvaluationSeconds <= MAX_EVALUATION_TO_TRAINING * trainingSecondsSinceLastEvaluation;
  }
}
