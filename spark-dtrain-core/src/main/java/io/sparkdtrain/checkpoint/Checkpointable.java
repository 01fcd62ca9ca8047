package io.sparkdtrain.checkpoint;

/**
 * A strategy's state that a checkpoint must hold so that a resumed run continues exactly where the
 * interrupted one was (optimiser state, step counters, schedules, report statistics). The
 * {@link io.sparkdtrain.engine.TrainingLoop} calls {@link #save} after a round whose checkpoint is
 * due and {@link #restore} once, from {@code start}, when it resumes.
 */
public interface Checkpointable {

  /**
   * A one-line description of the strategy's settings that must not change between the run that
   * wrote a checkpoint and the one resuming from it (usually its config's {@code toString()}).
   */
  String settings();

  /** Writes the state after the current round into {@code out}. */
  void save(StrategyState out);

  /** Sets the state from what {@link #save} wrote. */
  void restore(StrategyState in);

  /** For strategies with no state beyond the model and the loop's counters. */
  static Checkpointable stateless(String settings) {
    return new Checkpointable() {
      @Override
      public String settings() {
        return settings;
      }

      @Override
      public void save(StrategyState out) {}

      @Override
      public void restore(StrategyState in) {}
    };
  }
}
