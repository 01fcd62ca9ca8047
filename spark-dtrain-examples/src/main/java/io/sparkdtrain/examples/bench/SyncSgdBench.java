package io.sparkdtrain.examples.bench;

import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingDivergedException;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import java.util.List;

/**
 * Our {@link SynchronousSgd} with fixed settings, evaluated every round and stopped at the smallest
 * gap's target ({@code targetObjective = F* + gap |F*|}) or after {@code maxRounds}. The time to a
 * gap is the training wall-clock ({@link RoundRecord#seconds()}, evaluation passes excluded) of the
 * first round that reaches it; the per-round cost is the run's training time over its rounds.
 *
 * <p>The run is given no test set, so each round's evaluation is one objective pass; the test
 * accuracy is measured once, on the final model (the one at the smallest gap when it was reached).
 * The test accuracy at larger gaps is therefore not reported for this method.
 */
public final class SyncSgdBench extends MiniBatchMethod implements EpochTimed {
  /** The family name. */
  public static final String FAMILY = SynchronousSgd.NAME;
  private final double stepSize;
  private final double momentum;
  private final boolean nesterov;
  private final int maxRounds;

  /** Synchronous SGD with these settings (constant learning rate; momentum 0 for plain SGD). */
  public SyncSgdBench(double stepSize, double momentum, boolean nesterov, double fraction, int maxRounds) {
    super(FAMILY, "dtrain sync SGD", fraction);
    this.stepSize = stepSize;
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.maxRounds = maxRounds;
  }

  @Override
  public String settings() {
    return "stepSize " + stepSize + " constant, " + (nesterov ? "Nesterov" : "heavy-ball") + " momentum "
        + momentum + ", miniBatchFraction " + fraction + ", maxRounds " + maxRounds
        + ", evaluated every round";
  }

  @Override
  public MethodRun run(BenchContext ctx, int repeat, MethodRun first) {
    TrainingConfig config = TrainingConfig.builder().stepSize(stepSize).momentum(momentum)
        .nesterov(nesterov && momentum > 0).miniBatchFraction(fraction).maxRounds(maxRounds)
        .targetObjective(GapMath.target(ctx.fStar(), ctx.smallestGap())).evaluateEvery(1)
        .seed(ctx.seed()).build();
    TrainingResult result;
    try {
      result = new SynchronousSgd().train(new TrainingContext(ctx.sparkContext(), ctx.train(), null,
          ctx.objective(), config, null, TrainingListener.NONE));
    } catch (TrainingDivergedException e) {
      System.err.println("bench: " + id() + " repeat " + repeat + " diverged: " + e.getMessage());
      return MethodRun.fromCheckpoints(id(), repeat, List.of(), ctx.fStar(), ctx.gaps(), Double.NaN);
    }
    List<Checkpoint> trace = StrategyBench.trace(ctx, result);
    double perRound = result.rounds() > 0 ? result.wallClockSeconds() / result.rounds() : Double.NaN;
    return MethodRun.fromCheckpoints(id(), repeat, trace, ctx.fStar(), ctx.gaps(), perRound);
  }

  @Override
  public double secondsPerEpoch(BenchContext ctx, int rounds) {
    TrainingConfig config = TrainingConfig.builder().stepSize(stepSize).momentum(momentum)
        .nesterov(nesterov && momentum > 0).miniBatchFraction(fraction).maxRounds(rounds).evaluateEvery(rounds)
        .seed(ctx.seed()).build();
    TrainingResult result = new SynchronousSgd().train(new TrainingContext(ctx.sparkContext(), ctx.train(), null,
        ctx.objective(), config, null, TrainingListener.NONE));
    return result.wallClockSeconds() / (result.rounds() * fraction);
  }

  @Override
  public String toString() {
    return "SyncSgdBench(" + settings() + ")";
  }
}
