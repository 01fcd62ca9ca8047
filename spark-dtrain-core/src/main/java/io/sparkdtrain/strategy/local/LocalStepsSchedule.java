package io.sparkdtrain.strategy.local;

/**
 * The number of local steps per round under a {@link LocalSgdConfig.Schedule}; driver side, one
 * instance per run. {@link #observe} is fed every evaluated training objective (round 0 first).
 *
 * <ul>
 *   <li>FIXED: H in every round.
 *   <li>POST_LOCAL: 1 in rounds {@code r < switchRound}, H from {@code switchRound} on (Lin, Stich,
 *       Patel and Jaggi, "Don't Use Large Mini-Batches, Use Local SGD", ICLR 2020: synchronous
 *       SGD in the first phase, local SGD after it).
 *   <li>ADAPTIVE: round 1 uses H; after each evaluation the next rounds use
 *       {@code H_r = min(H_{r-1}, max(1, ceil(H sqrt(F_e / F_0))))}, with {@code F_0} the training
 *       objective of the starting model and {@code F_e} the latest evaluated one. This is the rule
 *       of ADACOMM (Wang and Joshi, "Adaptive Communication Strategies to Achieve the Best
 *       Error-Runtime Trade-off in Local-Update SGD", SysML 2019, eq. 14, without the
 *       learning-rate factor), made non-increasing so that noise in {@code F_e} cannot make H
 *       oscillate. The evaluations are the loop's own (every {@code evaluateEvery} rounds), so the
 *       rule is deterministic for a seed.
 * </ul>
 */
final class LocalStepsSchedule {
  private final LocalSgdConfig config;
  private double initialObjective = Double.NaN;
  private int adaptive;

  LocalStepsSchedule(LocalSgdConfig config) {
    this.config = config;
    this.adaptive = config.localSteps();
  }

  /** Local steps for round {@code round} (1-based). */
  int localSteps(int round) {
    return switch (config.schedule()) {
      case FIXED -> config.localSteps();
      case POST_LOCAL -> round < config.switchRound() ? 1 : config.localSteps();
      case ADAPTIVE -> adaptive;
    };
  }

  /** Takes an evaluated training objective ({@code NaN}: the round was not evaluated). */
  void observe(double objective) {
    if (Double.isNaN(objective)) {
      return;
    }
    if (Double.isNaN(initialObjective)) {
      initialObjective = objective;
      return;
    }
    adaptive = Math.min(adaptive, adaptiveSteps(config.localSteps(), initialObjective, objective));
  }

  /** Saves the schedule's state (the starting objective and the current adaptive H). */
  void save(io.sparkdtrain.checkpoint.StrategyState out) {
    out.putDouble("schedule.initial_objective", initialObjective);
    out.putLong("schedule.adaptive_steps", adaptive);
  }

  /** Restores what {@link #save} wrote. */
  void restore(io.sparkdtrain.checkpoint.StrategyState in) {
    initialObjective = in.getDouble("schedule.initial_objective");
    adaptive = (int) in.getLong("schedule.adaptive_steps");
  }

  /** {@code max(1, ceil(h0 sqrt(f / f0)))}, capped at {@code h0}; {@code h0} when {@code f0 <= 0}. */
  static int adaptiveSteps(int h0, double f0, double f) {
    if (!(f0 > 0) || !Double.isFinite(f)) {
      return h0;
    }
    double h = Math.ceil(h0 * Math.sqrt(Math.max(f, 0) / f0));
    return (int) Math.max(1, Math.min(h0, h));
  }
}
