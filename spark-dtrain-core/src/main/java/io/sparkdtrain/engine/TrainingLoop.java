package io.sparkdtrain.engine;

import io.sparkdtrain.checkpoint.Checkpoint;
import io.sparkdtrain.checkpoint.CheckpointStore;
import io.sparkdtrain.checkpoint.Checkpointable;
import io.sparkdtrain.checkpoint.StrategyState;
import io.sparkdtrain.events.EventLog;
import io.sparkdtrain.events.WorkerEvent;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * <p><b>Job group.</b> When the calling thread has a Spark job group (e.g. a Zeppelin paragraph's),
 * the run's jobs stay in it (the loop only sets, then restores, job descriptions), so cancelling
 * that group cancels training. Otherwise the loop sets its own {@code dtrain-<strategy>-...} group
 * and clears it in {@link #finish}. Threads started after {@link #start} inherit the group (see
 * {@link RunJobGroup}).
 *
 * <p>The loop also keeps the run's {@link EventLog}: it records every round there, starts its clock
 * with the training clock, and hands it to the {@link TrainingResult}. Strategies add their workers'
 * steps to {@link #events()} (see {@link io.sparkdtrain.events.StepTimer}).
 *
 * <p>For models other than linear ones (matrix factorisation) every evaluation also measures the
 * held-out metrics on the training data (RMSE on the training ratings); the result's extras list
 * them by round under {@code training_metrics} (since the start or the resume).
 *
 * <p><b>Checkpoints.</b> With {@link TrainingConfig#checkpointDir()} set, the loop writes a
 * {@link Checkpoint} after every {@link TrainingConfig#checkpointEvery()}-th round (in
 * {@link #endRound}, after the round's evaluation): the model, the counters (round, bytes, clocks),
 * the history, the event log and the strategy's own state, which the strategy hands over with
 * {@link #checkpointing} before {@link #start}. With {@link TrainingConfig#resume()} {@link #start}
 * reads the newest checkpoint instead of evaluating the starting model, checks that it was written
 * by the same strategy with the same settings ({@link CheckpointFingerprint}), restores the loop and
 * the strategy, and returns the checkpoint's model; the loop then continues from the next round.
 * Writing a checkpoint is not counted in the training wall-clock (its time is the report's
 * {@code checkpoint_seconds}).
 */
public final class TrainingLoop {
  private final String strategy;
  private final TrainingContext context;
  private final TrainingConfig config;
  private final Evaluator evaluator;
  private final EvaluationCadence cadence;
  private long evaluationNanosAll;
  private int evaluations;
  private double secondsAtLastEvaluation;
  private final List<RoundRecord> history = new ArrayList<>();
  private final RunJobGroup jobGroup;
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
  private final CheckpointStore checkpoints;
  private Checkpointable strategyState = Checkpointable.stateless("");
  private int resumedFromRound;
  private double savedSeconds;
  private double savedEvaluationSeconds;
  private long checkpointNanos;
  private int checkpointsWritten;
  private boolean started;
  private final List<Map<String, Object>> trainingMetrics; // null for linear models

  public TrainingLoop(String strategy, TrainingContext context) {
    this.strategy = strategy;
    this.context = context;
    this.config = context.config();
    this.evaluator = new Evaluator(context.model(), config.treeDepth());
    this.trainingMetrics = context.model() instanceof Objective ? null : new ArrayList<>();
    this.cadence = new EvaluationCadence(config);
    this.jobGroup = new RunJobGroup(context.sparkContext(), strategy);
    this.events = new EventLog(strategy);
    this.checkpoints = config.checkpointDir() == null ? null : new CheckpointStore(config.checkpointDir(),
        config.checkpointKeep(), context.sparkContext().hadoopConfiguration());
  }

  /**
   * Hands the loop the strategy's own state to save in checkpoints and restore on resume, and the
   * strategy's settings that a resumed run must share; call before {@link #start}. Without it a
   * checkpoint holds the model and the loop's counters only.
   */
  public TrainingLoop checkpointing(Checkpointable state) {
    if (started) {
      throw new IllegalStateException("checkpointing(...) must be called before start()");
    }
    this.strategyState = state;
    return this;
  }

  /**
   * Evaluates the starting model (round 0), starts the clock and returns {@code w}; or, when the
   * config says {@code resume}, restores the newest checkpoint and returns its model.
   */
  public double[] start(double[] w) {
    started = true;
    jobGroup.enter();
    context.listener().onStart(strategy, config.maxRounds());
    if (config.resume()) {
      return resume(w.length);
    }
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

  /** A strategy's own stopping rule fired (L-BFGS converged): no next round; call before {@link #endRound}. */
  public void stop(StopReason reason) {
    stopReason = stopReason == null ? reason : stopReason;
  }

  /** Starts the next round, names it in the Spark UI and returns its number (1-based). */
  public int beginRound() {
    if (!hasNextRound()) {
      throw new IllegalStateException("no rounds left (round " + round + ", stop " + stopReason + ")");
    }
    round++;
    jobGroup.describe("dtrain " + strategy + " round " + round + "/" + config.maxRounds());
    return round;
  }

  /**
   * Ends the round: adds {@code roundBytes}, checks the model, evaluates when due, applies the
   * stopping rules and tells the listener.
   */
  public void endRound(double[] w, long roundBytes) {
    bytes += roundBytes;
    checkFinite(w);
    double now = elapsedSeconds();
    boolean due = cadence.due(round, now - secondsAtLastEvaluation,
        evaluations == 0 ? Double.NaN : evaluationNanosAll / 1e9 / evaluations);
    if (due) {
      secondsAtLastEvaluation = now;
      evaluate(w);
      checkDivergence();
      applyStoppingRules();
    }
    record(due ? lastObjective : Double.NaN, due ? lastTest : null);
    if (checkpoints != null && config.checkpointEvery() > 0 && round % config.checkpointEvery() == 0) {
      writeCheckpoint(w);
    }
  }

  /** Evaluates the final model if needed and builds the result; releases the job group (see above). */
  public TrainingResult finish(double[] w, Map<String, Object> extras) {
    if (lastEvaluatedRound != round) {
      evaluate(w);
    }
    if (stopReason == null) {
      stopReason = StopReason.MAX_ROUNDS;
    }
    jobGroup.release();
    Map<String, Object> all = new LinkedHashMap<>(extras);
    if (trainingMetrics != null) {
      all.put("training_metrics", List.copyOf(trainingMetrics));
    }
    if (checkpoints != null) {
      all.put("resumed_from_round", resumedFromRound);
      all.put("checkpoints_written", checkpointsWritten);
      all.put("checkpoint_seconds", checkpointNanos / 1e9);
    }
    ModelShape shape = context.model() instanceof Objective o ? o.shape() : null;
    TrainingResult result = new TrainingResult(strategy, w, shape, history,
        stopReason, lastObjective, lastTest, savedEvaluationSeconds + evaluationNanos / 1e9, all, events);
    context.listener().onEnd(result);
    return result;
  }

  /** Training seconds so far, evaluation excluded. */
  public double elapsedSeconds() {
    return savedSeconds + (System.nanoTime() - startNanos - evaluationNanos - checkpointNanos) / 1e9;
  }

  public int round() { return round; }
  /** The run's event log (worker steps and rounds; its clock starts with {@link #start}). */
  public EventLog events() { return events; }
  public long bytes() { return bytes; }
  /** The round this run resumed after (0 when it started from scratch). */
  public int resumedFromRound() { return resumedFromRound; }

  private void writeCheckpoint(double[] w) {
    long t0 = System.nanoTime();
    StrategyState state = new StrategyState();
    strategyState.save(state);
    double seconds = history.get(history.size() - 1).seconds();
    List<WorkerEvent> eventsNow;
    synchronized (events) { // asynchronous strategies record from their worker threads
      eventsNow = List.copyOf(events.events());
    }
    Checkpoint c = new Checkpoint(strategy, fingerprint(), round, bytes, seconds,
        savedEvaluationSeconds + evaluationNanos / 1e9, events.nowMs(), initialObjective, lastObjective,
        lastTest, lastEvaluatedRound, stopReason == null ? null : stopReason.name(), w, history,
        eventsNow, state);
    String file = checkpoints.write(c);
    checkpointsWritten++;
    checkpointNanos += System.nanoTime() - t0;
    context.listener().onCheckpoint(round, file);
  }

  private double[] resume(int dimension) {
    String file = checkpoints.latestForResume();
    Checkpoint c = checkpoints.read(file);
    c.checkCompatible(fingerprint(), file);
    if (c.model().length != dimension) {
      throw new IllegalArgumentException("Cannot resume from checkpoint " + file + ": its model has "
          + c.model().length + " parameters but this run's has " + dimension);
    }
    round = c.round();
    bytes = c.bytes();
    history.clear();
    history.addAll(c.history());
    initialObjective = c.initialObjective();
    lastObjective = c.lastObjective();
    lastTest = c.lastTest();
    lastEvaluatedRound = c.lastEvaluatedRound();
    stopReason = c.stopReason() == null ? null : StopReason.valueOf(c.stopReason());
    savedSeconds = c.trainingSeconds();
    secondsAtLastEvaluation = savedSeconds;
    savedEvaluationSeconds = c.evaluationSeconds();
    resumedFromRound = c.round();
    strategyState.restore(c.state());
    events.restore(c.events(), c.history(), c.eventClockMs());
    startNanos = System.nanoTime();
    evaluationNanos = 0;
    context.listener().onResume(round, file);
    return c.model();
  }

  private Map<String, String> fingerprint() {
    return CheckpointFingerprint.of(strategy, context, strategyState.settings());
  }

  private void evaluate(double[] w) {
    long t0 = System.nanoTime();
    String description = "dtrain " + strategy + " evaluation after round " + round;
    jobGroup.describe(description);
    lastObjective = evaluator.objective(context.trainData(), w);
    lastTest = context.testData() == null ? null : evaluator.metrics(context.testData(), w);
    if (trainingMetrics != null) {
      Map<String, Object> m = new LinkedHashMap<>(Map.of("round", round));
      m.putAll(evaluator.metrics(context.trainData(), w).asMap());
      trainingMetrics.add(m);
    }
    lastEvaluatedRound = round;
    long spent = System.nanoTime() - t0;
    evaluationNanos += spent;
    evaluationNanosAll += spent;
    evaluations++;
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

  /** The job group the run's jobs belong to: the caller's when it had one, else the loop's own. */
  public String jobGroup() {
    return jobGroup.id();
  }

  private TrainingDivergedException diverged(String what) {
    jobGroup.release();
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
