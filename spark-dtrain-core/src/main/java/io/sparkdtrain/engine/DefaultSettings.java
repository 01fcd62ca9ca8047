package io.sparkdtrain.engine;

/**
 * The defaults of the two front doors, the command line ({@code dtrain train}) and the Estimators
 * ({@code DtrainClassifier}, {@code DtrainRegressor}), defined once here so that the same strategy
 * behaves the same through either (a test reads both and compares them with these values).
 *
 * <ul>
 *   <li>step size: derived from the data ({@link TrainingConfig#STEP_SIZE_FROM_DATA}, see
 *       {@link StepSizeDefaults}), with the schedule the strategy needs (inverse square root of
 *       the epoch for Hogwild!, constant for the others);
 *   <li>sync: heavy-ball momentum 0.9 (Polyak 1964), stable with the derived step {@code 1/L}
 *       (a step times curvature below 2(1 + 0.9) is stable), about ten times faster than plain
 *       gradient descent on ill-conditioned data;
 *   <li>async: staleness bound 4 (SSP, Ho et al. 2013) and the staleness-aware rate 1/tau
 *       (Zhang et al. 2016); the server never adds momentum to stale updates;
 *   <li>evaluation: adaptive ({@link TrainingConfig#EVALUATE_ADAPTIVELY}, at most ~20% of the time);
 *   <li>100 rounds.
 * </ul>
 *
 * <p>The programmatic {@link TrainingConfig#builder()} keeps its explicit defaults (step 1.0, evaluate
 * every round) so code and tests that build configs directly behave as before.
 */
public final class DefaultSettings {
  /** Step size: derived from the data. */
  public static final double STEP_SIZE = TrainingConfig.STEP_SIZE_FROM_DATA;
  /** Learning-rate schedule: {@link TrainingConfig#SCHEDULE_AUTO}, chosen per strategy. */
  public static final String LEARNING_RATE_SCHEDULE = TrainingConfig.SCHEDULE_AUTO;
  /** Momentum of sync's SGD step (heavy ball; the only strategy with a momentum setting). */
  public static final double MOMENTUM = 0.9;
  /** Whether sync's momentum is Nesterov's (the command line's --nesterov) rather than heavy ball. */
  public static final boolean NESTEROV = false;
  /** Async's SSP staleness bound (-1 would be unbounded). */
  public static final int MAX_STALENESS = 4;
  /** Async's staleness-dependent rate: "inverse" scales an update of staleness tau by 1/tau. */
  public static final String STALENESS_LR = "inverse";
  /** Evaluation cadence: adaptive. */
  public static final int EVALUATE_EVERY = TrainingConfig.EVALUATE_ADAPTIVELY;
  /** Rounds. */
  public static final int MAX_ROUNDS = 100;

  private DefaultSettings() {}
}
