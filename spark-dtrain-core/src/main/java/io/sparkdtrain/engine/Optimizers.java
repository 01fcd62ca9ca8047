package io.sparkdtrain.engine;

import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.optim.AdaGrad;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.optim.Optimizer;
import io.sparkdtrain.optim.Sgd;

/** Builds the configured {@link Optimizer} for an objective (fresh state each call). */
public final class Optimizers {
  /**
   * The {@code optimizer} value of synchronous training's full-batch L-BFGS update
   * ({@link io.sparkdtrain.optim.Lbfgs}); not a step rule, so {@link #create} rejects it.
   */
  public static final String LBFGS = "lbfgs";

  private Optimizers() {}

  /** The learning-rate schedule the config names, starting at its step size. */
  public static LearningRateSchedule schedule(TrainingConfig config) {
    if (config.stepSizeFromData() || TrainingConfig.SCHEDULE_AUTO.equals(config.learningRateSchedule())) {
      throw new IllegalArgumentException("Cannot train with stepSize unset (NaN = derive from the data) or"
          + " learningRateSchedule 'auto': pass the context through StepSizeDefaults.resolve(strategy, context)"
          + " first, or set both");
    }
    return LearningRates.parse(config.learningRateSchedule(), config.stepSize());
  }

  /**
   * The optimiser for any model: {@link #create(TrainingConfig, Objective)} for a linear one; for
   * another model the same optimiser without a penalty of its own (the caller adds the model's
   * {@code addPenaltyGradient}).
   */
  public static Optimizer create(TrainingConfig config, io.sparkdtrain.model.Model<?> model) {
    rejectLbfgs(config);
    if (model instanceof Objective objective) {
      return create(config, objective);
    }
    LearningRateSchedule schedule = schedule(config);
    if (config.optimizer().equals("adagrad")) {
      return AdaGrad.builder().schedule(schedule).build();
    }
    if (config.optimizer().equals("adam")) {
      return Adam.builder().schedule(schedule).build();
    }
    return Sgd.builder().schedule(schedule).momentum(config.momentum()).nesterov(config.nesterov()).build();
  }

  /**
   * "sgd" (momentum and Nesterov as configured), "adagrad" or "adam" (Kingma and Ba 2015, the
   * paper's beta1, beta2, epsilon; its moments are this instance's state: on the driver for
   * synchronous SGD, one pair for the whole run, saved in checkpoints); L1 handled by a proximal step.
   */
  public static Optimizer create(TrainingConfig config, Objective objective) {
    rejectLbfgs(config);
    LearningRateSchedule schedule = schedule(config);
    if (config.optimizer().equals("adagrad")) {
      return AdaGrad.builder().schedule(schedule)
          .regularization(objective.regularization(), objective.shape()).build();
    }
    if (config.optimizer().equals("adam")) {
      return Adam.builder().schedule(schedule)
          .regularization(objective.regularization(), objective.shape()).build();
    }
    return Sgd.builder().schedule(schedule).momentum(config.momentum()).nesterov(config.nesterov())
        .regularization(objective.regularization(), objective.shape()).build();
  }

  private static void rejectLbfgs(TrainingConfig config) {
    if (config.optimizer().equals(LBFGS)) {
      throw new IllegalArgumentException("Cannot set optimizer to 'lbfgs' here: it is synchronous training's"
          + " full-batch update (strategy sync), not a step rule; use sgd, adagrad or adam");
    }
  }
}
