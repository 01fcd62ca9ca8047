package io.sparkdtrain.examples.bench;

import io.sparkdtrain.engine.StrategyProvider;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingDivergedException;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.strategy.StrategyRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Any of our strategies with fixed settings, run through {@link TrainingContext} like the command
 * line does: evaluated every round, stopped at the smallest gap's target or after {@code maxRounds}.
 * The time to a gap is the training wall-clock ({@link RoundRecord#seconds()}, evaluation excluded)
 * of the first round reaching it; the per-round cost is the training time over the rounds. The test
 * accuracy is measured once, on the final model.
 *
 * <p>The per-example cost is the workers' summed computation time (the event log's
 * {@code computeMs}, i.e. the inner loops without scheduling or communication) over the examples
 * processed, counted from the strategy's report ({@link #examplesProcessed}); strategies without
 * worker events use the training wall-clock instead.
 */
public final class StrategyBench extends NamedBenchMethod implements EpochTimed {
  private final String settings;
  private final Supplier<TrainingStrategy> strategy;
  private final UnaryOperator<TrainingConfig.Builder> config;
  private final int maxRounds;

  /**
   * @param strategy a fresh strategy per run
   * @param config the strategy's own settings on top of the harness's (rounds, target, seed,
   *     evaluation every round)
   */
  public StrategyBench(String id, String family, String label, String settings,
                       Supplier<TrainingStrategy> strategy, UnaryOperator<TrainingConfig.Builder> config,
                       int maxRounds) {
    super(id, family, label);
    this.settings = settings;
    this.strategy = strategy;
    this.config = config;
    this.maxRounds = maxRounds;
  }

  @Override public String settings() { return settings + ", maxRounds " + maxRounds + ", evaluated every round"; }

  @Override
  public MethodRun run(BenchContext ctx, int repeat, MethodRun first) {
    TrainingConfig c = config.apply(TrainingConfig.builder().maxRounds(maxRounds)
        .targetObjective(GapMath.target(ctx.fStar(), ctx.smallestGap())).evaluateEvery(1).seed(ctx.seed()))
        .build();
    TrainingResult result;
    try {
      result = strategy.get().train(new TrainingContext(ctx.sparkContext(), ctx.train(), null,
          ctx.objective(), c, null, TrainingListener.NONE));
    } catch (TrainingDivergedException e) {
      System.err.println("bench: " + id() + " repeat " + repeat + " diverged: " + e.getMessage());
      return MethodRun.fromCheckpoints(id(), repeat, List.of(), ctx.fStar(), ctx.gaps(), Double.NaN);
    }
    List<Checkpoint> trace = trace(ctx, result);
    double perRound = result.rounds() > 0 ? result.wallClockSeconds() / result.rounds() : Double.NaN;
    double examples = examplesProcessed(result, ctx.train().numRows(), c.miniBatchFraction());
    double computeSeconds = result.events() != null && !result.events().events().isEmpty()
        ? result.events().totalComputeMs() / 1e3 : result.wallClockSeconds();
    double perExample = examples > 0 ? computeSeconds / examples : Double.NaN;
    return MethodRun.fromCheckpoints(id(), repeat, trace, ctx.fStar(), ctx.gaps(), perRound, perExample);
  }

  @Override
  public double secondsPerEpoch(BenchContext ctx, int rounds) {
    TrainingConfig c = config.apply(TrainingConfig.builder().maxRounds(rounds).evaluateEvery(rounds)
        .seed(ctx.seed())).build();
    TrainingResult result = strategy.get().train(new TrainingContext(ctx.sparkContext(), ctx.train(), null,
        ctx.objective(), c, null, TrainingListener.NONE));
    double examples = examplesProcessed(result, ctx.train().numRows(), c.miniBatchFraction());
    return result.wallClockSeconds() / examples * ctx.train().numRows();
  }

  /**
   * The training examples a run processed (one row's gradient each), as its strategy's provider
   * counts them from its report ({@link StrategyProvider#examplesProcessed}); NaN when it does not say.
   */
  static double examplesProcessed(TrainingResult r, long rows, double fraction) {
    return StrategyRegistry.examplesProcessed(r, rows, fraction);
  }

  @Override
  public String toString() {
    return "StrategyBench(" + id() + ": " + settings() + ")";
  }

  /**
   * The evaluated rounds of a strategy's result as bench checkpoints; the test accuracy of the final
   * model on the last one (measured once, so that evaluation stays out of the training clock).
   */
  static List<Checkpoint> trace(BenchContext ctx, TrainingResult result) {
    double finalAccuracy = ctx.test() == null ? Double.NaN
        : ctx.evaluator().metrics(ctx.test(), result.weights()).accuracy();
    List<Checkpoint> trace = new ArrayList<>();
    List<RoundRecord> history = result.history();
    for (int i = 0; i < history.size(); i++) {
      RoundRecord r = history.get(i);
      if (r.round() > 0 && !Double.isNaN(r.objective())) {
        double acc = i == history.size() - 1 ? finalAccuracy : Double.NaN;
        trace.add(new Checkpoint(r.round(), r.round(), r.seconds(), r.objective(), acc, r.bytesCommunicated()));
      }
    }
    return trace;
  }
}
