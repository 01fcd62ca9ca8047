package io.sparkdtrain.engine;

import io.sparkdtrain.events.EventLog;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.RoundRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The round bookkeeping every strategy shares: the training clock (evaluation time excluded), bytes,
 * periodic evaluation, the stopping rules, the divergence guard, Spark job descriptions and the
 * listener. A strategy drives it like this:
 *
 * <pre>{@code
 * TrainingLoop loop = new TrainingLoop("sync", context);
 * double[] w = loop.start(context.startingWeights());
 * while (loop.hasNextRound()) {
 *   int round = loop.beginRound();
 *   ... one round of Spark work that updates w ...
 *   loop.endRound(w, bytesOfThisRound);
 * }
 * return loop.finish(w, extras);
 * }</pre>
 *
 * <p>The loop also keeps the run's {@link EventLog}: it records every round there, starts its clock
 * with the training clock, and hands it to the {@link TrainingResult}. Strategies add their workers'
 * steps to {@link #events()} (see {@link io.sparkdtrain.events.StepTimer}).
 */
public final class TrainingLoop {
  private final String strategy;
  private final TrainingContext context;
  private final TrainingConfig config;
  private final Evaluator evaluator;
  private final List<RoundRecord> history = new ArrayList<>();
  private final String jobGroup;
  private final EventLog events;
  private long startNanos;
  private long evaluationNanos;
  private long bytes;
  private int round;
  private double initialObjective = Double.NaN;
  private double lastObjective = Double.NaN;
  private EvaluationMetrics lastTest;
  private int lastEvaluatedRound = -1;
  private StopReason stopReason;

  public TrainingLoop(String strategy, TrainingContext context) {
    this.strategy = strategy;
    this.context = context;
    this.config = context.config();
    this.evaluator = new Evaluator(context.objective(), config.treeDepth());
    this.jobGroup = "dtrain-" + strategy + "-" + Long.toHexString(System.nanoTime());
    this.events = new EventLog(strategy);
  }

  /** Evaluates the starting model (round 0), starts the clock and returns {@code w}. */
  public double[] start(double[] w) {
    context.sparkContext().setJobGroup(jobGroup, "dtrain " + strategy + " evaluation", true);
    context.listener().onStart(strategy, config.maxRounds());
    evaluate(w);
    initialObjective = lastObjective;
    record(0);
    startNanos = System.nanoTime();
    events.restartClock();
    evaluationNanos = 0;
    return w;
  }

  /** True while no stopping rule has fired and rounds remain. */
  public boolean hasNextRound() {
    return stopReason == null && round < config.maxRounds();
  }

  /** Starts the next round, names it in the Spark UI and returns its number (1-based). */
  public int beginRound() {
    if (!hasNextRound()) {
      throw new IllegalStateException("no rounds left (round " + round + ", stop " + stopReason + ")");
    }
    round++;
    context.sparkContext().setJobDescription(
        "dtrain " + strategy + " round " + round + "/" + config.maxRounds());
    return round;
  }

  /**
   * Ends the round: adds {@code roundBytes}, checks the model, evaluates when due, applies the
   * stopping rules and tells the listener.
   */
  public void endRound(double[] w, long roundBytes) {
    bytes += roundBytes;
    checkFinite(w);
    boolean due = round % config.evaluateEvery() == 0 || round == config.maxRounds();
    if (due) {
      evaluate(w);
      checkDivergence();
      applyStoppingRules();
    }
    record(due ? lastObjective : Double.NaN, due ? lastTest : null);
  }

  /** Evaluates the final model if needed and builds the result; clears the Spark job group. */
  public TrainingResult finish(double[] w, Map<String, Object> extras) {
    if (lastEvaluatedRound != round) {
      evaluate(w);
    }
    if (stopReason == null) {
      stopReason = StopReason.MAX_ROUNDS;
    }
    context.sparkContext().clearJobGroup();
    TrainingResult result = new TrainingResult(strategy, w, context.objective().shape(), history,
        stopReason, lastObjective, lastTest, evaluationNanos / 1e9, extras, events);
    context.listener().onEnd(result);
    return result;
  }

  /** Training seconds so far, evaluation excluded. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos - evaluationNanos) / 1e9;
  }

  public int round() { return round; }
  /** The run's event log (worker steps and rounds; its clock starts with {@link #start}). */
  public EventLog events() { return events; }
  public long bytes() { return bytes; }

  private void evaluate(double[] w) {
    long t0 = System.nanoTime();
    String description = "dtrain " + strategy + " evaluation after round " + round;
    context.sparkContext().setJobDescription(description);
    lastObjective = evaluator.objective(context.train(), w);
    lastTest = context.test() == null ? null : evaluator.metrics(context.test(), w);
    lastEvaluatedRound = round;
    evaluationNanos += System.nanoTime() - t0;
  }

  private void record(int r) {
    history.add(new RoundRecord(r, 0.0, lastObjective, lastTest, 0));
    events.record(history.get(history.size() - 1));
    context.listener().onRound(history.get(history.size() - 1));
  }

  private void record(double objective, EvaluationMetrics test) {
    RoundRecord rec = new RoundRecord(round, elapsedSeconds(), objective, test, bytes);
    history.add(rec);
    events.record(rec);
    context.listener().onRound(rec);
  }

  private void checkFinite(double[] w) {
    for (double v : w) {
      if (!Double.isFinite(v)) {
        throw diverged("the model has a non-finite weight (" + v + ")");
      }
    }
  }

  private void checkDivergence() {
    if (!Double.isFinite(lastObjective)) {
      throw diverged("the objective is " + lastObjective);
    }
    double limit = config.divergenceFactor() * Math.max(Math.abs(initialObjective), 1e-3);
    if (lastObjective > limit) {
      throw diverged("the objective " + lastObjective + " exceeds " + config.divergenceFactor()
          + " x the initial objective " + initialObjective);
    }
  }

  private TrainingDivergedException diverged(String what) {
    context.sparkContext().clearJobGroup();
    return new TrainingDivergedException("Training diverged at round " + round + " (strategy "
        + strategy + "): " + what + ". Lower the step size (stepSize=" + config.stepSize()
        + ", --step-size on the command line).");
  }

  private void applyStoppingRules() {
    double previous = history.isEmpty() ? Double.NaN : lastRecordedObjective();
    if (!Double.isNaN(config.targetObjective()) && lastObjective <= config.targetObjective()) {
      stopReason = StopReason.TARGET_OBJECTIVE;
    } else if (!Double.isNaN(config.targetAccuracy()) && lastTest != null
        && lastTest.accuracy() >= config.targetAccuracy()) {
      stopReason = StopReason.TARGET_ACCURACY;
    } else if (config.tolerance() > 0 && !Double.isNaN(previous)
        && Math.abs(previous - lastObjective) <= config.tolerance() * Math.max(Math.abs(lastObjective), 1e-12)) {
      stopReason = StopReason.CONVERGED;
    }
  }

  private double lastRecordedObjective() {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (!Double.isNaN(history.get(i).objective())) {
        return history.get(i).objective();
      }
    }
    return Double.NaN;
  }
}
