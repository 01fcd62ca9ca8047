package io.sparkdtrain.strategy.local;

import io.sparkdtrain.engine.Optimizers;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.model.DenseLocalStepper;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.LocalStepper;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.optim.LearningRates;
import java.util.Map;

/**
 * A {@link LocalStepper} that takes Adam steps (Kingma and Ba, "Adam: A Method for Stochastic
 * Optimization", ICLR 2015, Algorithm 1, as written in {@link Adam}) on a private dense copy of the
 * parameters: the local optimiser of Local SGD workers with {@code optimizer=adam}, for dense models
 * (the network). Each step computes the batch's mean gradient {@code (sum_r a_r dL_r/dw) /
 * (sum_r a_r) + grad R(w)} as {@link DenseLocalStepper} does, and hands it to a fresh {@link Adam}
 * built here instead of the plain SGD update.
 *
 * <p>Where the moments live: in this stepper, so in the worker's task for one round. They start at
 * 0 with every new stepper, and the bias correction counts the stepper's own steps ({@code 1 - beta^s}
 * with {@code s} = 1, 2, ... from the stepper's first step), which is what makes zero-started moments
 * unbiased again; the learning rate is {@code rates.rate(steps())}, where the caller passes the
 * globally numbered schedule shifted to the round's first step. Nothing is averaged but the
 * parameters, and nothing outlives the stepper: a retried task starts from the same zero moments and
 * recomputes the same update. It lives with the strategy rather than in {@code model}, which does
 * not depend on {@code optim}. O(dimension) per step, plus {@code m} and {@code v}: three arrays of
 * the model's dimension besides the copy.
 *
 * <p>With {@link LocalSgdConfig.AdamMoments#KEEP} Local SGD starts a round's stepper from the
 * moments the partition ended its previous round with ({@link LocalAdamMoments}): the bias correction
 * then counts every step those moments have seen, and the rate is still the round's global one.
 *
 * <p>The same stepper is the local optimiser of asynchronous workers (moments reset at every update
 * a worker computes) and of FedAvg clients (reset at every client round): see {@link #settingsFor}.
 *
 * @param <B> the block type
 */
public final class AdamLocalStepper<B extends ExampleBlock> extends DenseLocalStepper<B> {
  private final Adam adam;
  private final long carriedSteps;

  /**
   * A stepper at a copy of {@code start} whose moments start at 0.
   *
   * @param rates the learning rate of local step t (0-based)
   * @param settings the beta1, beta2 and epsilon to use (its schedule and state are not used)
   * @throws IllegalArgumentException when {@code start} does not have the model's dimension
   */
  public AdamLocalStepper(Model<B> model, double[] start, LearningRateSchedule rates, Adam settings) {
    this(model, start, rates, settings, null);
  }

  /**
   * A stepper at a copy of {@code start} whose moments start from {@code carried} (null: zero) and
   * whose bias correction continues their step count; step {@code s} of this stepper still takes the
   * rate {@code rates.rate(s)}.
   */
  AdamLocalStepper(Model<B> model, double[] start, LearningRateSchedule rates, Adam settings,
                   LocalAdamMoments.Moments carried) {
    super(model, start, rates);
    this.carriedSteps = carried == null ? 0 : carried.steps();
    this.adam = Adam.builder().schedule(LearningRates.shifted(rates, -carriedSteps)).beta1(settings.beta1())
        .beta2(settings.beta2()).epsilon(settings.epsilon()).build();
    if (carried != null) {
      adam.restoreState(Map.of("m", carried.m(), "v", carried.v()));
    }
  }

  /** The moments after this stepper's steps (copies), with the number of steps they have seen. */
  LocalAdamMoments.Moments moments() {
    Map<String, double[]> s = adam.state();
    if (s.isEmpty()) {
      return null;
    }
    return new LocalAdamMoments.Moments(s.get("m"), s.get("v"), carriedSteps + steps());
  }

  /**
   * The Adam settings for a strategy whose workers take {@code optimizer=adam} steps with this
   * stepper (Local SGD, the asynchronous parameter server, FedAvg): the run's {@link Adam} (its
   * schedule, beta1, beta2, epsilon; the workers build their own zero moments from it). Only the
   * network: a linear model's local steps are sparse (O(nnz)), Adam's would touch every coordinate.
   *
   * @param strategy how the message names the strategy ("Local SGD", "FedAvg", ...)
   * @throws IllegalArgumentException naming {@code optimizer} when the model is not the network
   */
  public static Adam settingsFor(Model<?> model, TrainingConfig tc, String strategy) {
    if (!((Object) model instanceof MlpModel)) {
      throw new IllegalArgumentException("Cannot set optimizer to 'adam' for " + strategy + " with the "
          + model.family() + " model, the value must be sgd (local Adam steps are dense: the network only)");
    }
    return (Adam) Optimizers.create(tc, model);
  }

  /**
   * A worker's local stepper at a copy of {@code start}: the model's own ({@link Model#localStepper},
   * SGD) when {@code settings} is null, else Adam steps with those settings and zero moments.
   */
  public static <B extends ExampleBlock> LocalStepper<B> sgdOrAdam(Model<B> model, double[] start,
                                                                 LearningRateSchedule rates, Adam settings) {
    return settings == null ? model.localStepper(start, rates) : new AdamLocalStepper<>(model, start, rates, settings);
  }

  /**
   * An Adam step on the batch's mean gradient, with the bias correction of every step the moments
   * have seen (this stepper's own when they started from zero).
   */
  @Override
  protected void descend(double[] gradient) {
    adam.step(w, gradient, carriedSteps + steps());
  }
}
