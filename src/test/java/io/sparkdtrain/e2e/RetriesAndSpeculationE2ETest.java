package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.spark.ClusterActivity;
import io.sparkdtrain.spark.SparkConfigs;
import io.sparkdtrain.spark.TaskFailureInjection;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.async.AsyncConfig;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import io.sparkdtrain.strategy.hogwild.HogwildConfig;
import io.sparkdtrain.strategy.hogwild.HogwildSgd;
import io.sparkdtrain.strategy.local.LocalSgd;
import io.sparkdtrain.strategy.local.LocalSgdConfig;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskKilled;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retried and speculative task attempts on real executor JVMs on two hosts ({@link TwoHostCluster}:
 * two Workers on 127.0.0.2 and 127.0.0.3, one single-core executor each; the driver is this JVM).
 * Every fault run is compared with a fault-free run of the same strategy, data and seed on the same
 * cluster, and must train exactly the same model (bit for bit: a retried or speculative attempt
 * recomputes the same result from the same broadcast and block, and Spark keeps exactly one result
 * and one accumulator merge per task): sync and Local SGD with {@link TaskFailureInjection}, async in
 * its deterministic mode (injected staleness 2) with its own {@code failFirstAttempts}, which fails
 * first attempts after they pushed their delta, and Hogwild! in its deterministic mode
 * ({@link HogwildConfig#deterministic()}; the racing mode is compared with it, within a tolerance). A
 * second Hogwild! test holds a straggler until its speculative copy has committed. A straggler worker (the {@link StragglerModel}'s fixed
 * pause: the arithmetic is untouched, only sleeps are added) and aggressive speculation settings make Spark
 * launch speculative copies; {@link ClusterActivity} counts them and the injected failures, and the
 * tests assert that both happened.
 */
@Tag("faults")
class RetriesAndSpeculationE2ETest {
  private static TwoHostCluster cluster;
  private static SparkSession spark;
  private static ClusterActivity activity;
  private static TrainingData data;
  private static Objective objective;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    cluster = TwoHostCluster.start(2, dir);
    SparkConf conf = SparkConfigs.applyKryo(new SparkConf(), true)
        .setMaster(cluster.masterUrl()).setAppName("retries and speculation")
        .set("spark.driver.host", "127.0.0.1").set("spark.ui.enabled", "false")
        .set("spark.executor.cores", "1").set("spark.cores.max", "2").set("spark.executor.memory", "512m")
        .set("spark.executor.extraClassPath", TwoHostCluster.testClassPath())
        .set("spark.executorEnv.SPARK_SCALA_VERSION", System.getenv().getOrDefault("SPARK_SCALA_VERSION", "2.12"))
        .set("spark.task.maxFailures", "4")
        .set("spark.locality.wait", "0")
        .set("spark.speculation", "true")
        .set("spark.speculation.interval", "20ms")
        .set("spark.speculation.quantile", "0.5")
        .set("spark.speculation.multiplier", "1.5")
        .set("spark.speculation.minTaskRuntime", "50ms")
        // one-task jobs (async) are speculated only by this threshold (stages with no more tasks than an
        // executor's slots); efficiency checks off so that a slow copy always counts as slow
        .set("spark.speculation.task.duration.threshold", "150ms")
        .set("spark.speculation.efficiency.enabled", "false");
    spark = SparkSession.builder().config(conf).getOrCreate();
    activity = ClusterActivity.attach(spark.sparkContext());
    assertTrue(activity.awaitExecutors(2, TwoHostCluster.seconds(180)), "two executors: " + activity.report());
    data = LibsvmInput.read(spark, Dtrain.data("a9a/a9a"), 123, 4, new LogisticLoss());
    objective = new Objective(new LogisticLoss(), Regularization.l2(1e-4), new ModelShape(123, 1, true));
  }

  @AfterAll
  static void stop() {
    if (data != null) {
      data.close();
    }
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * The straggler's pause per step: well above the 50 ms minimum runtime and the 150 ms one-task
   * threshold (async's one-partition jobs) of the speculation settings above.
   */
  private static final double PAUSE_MS = 400;

  private static TrainingResult train(TrainingStrategy s, TrainingData d, TrainingConfig tc, StragglerModel m) {
    return s.train(new TrainingContext(JavaSparkContext.fromSparkContext(spark.sparkContext()), d, null, objective,
        tc, null, null, m));
  }

  /**
   * Runs {@code s} fault-free, then with failures and a straggler; both must give the same weights.
   * Partition 0 pauses {@link #PAUSE_MS} in every step, so its tasks outlast
   * {@code spark.speculation.minTaskRuntime} (50 ms) and 1.5 times the other tasks' median by a wide
   * margin on any machine, and speculative copies are certain to launch. (A slowdown factor is not
   * enough: it multiplies the measured compute, which on a quiet machine is well under a millisecond
   * for a Local SGD or async task; a CI run saw no speculative copy of the async straggler at 300x.)
   */
  private static void sameModelUnderFailuresAndSpeculation(TrainingStrategy s, TrainingConfig tc) {
    sameModelUnderFailuresAndSpeculation(s, tc, train(s, data, tc, StragglerModel.NONE));
  }

  /** As above, with the fault-free run {@code clean} of {@code s} and {@code tc} given. */
  private static void sameModelUnderFailuresAndSpeculation(TrainingStrategy s, TrainingConfig tc,
                                                           TrainingResult clean) {
    activity.drain();
    long injected0 = activity.failed("injected");
    long speculative0 = activity.speculativeLaunched();
    TrainingData faulty = new TaskFailureInjection(0.3, 11).applyTo(data);
    TrainingResult r = train(s, faulty, tc, StragglerModel.builder().pause(0, PAUSE_MS).seed(1).build());
    activity.drain();
    Map<String, Object> seen = activity.report();
    assertTrue(activity.failed("injected") > injected0, "first attempts failed: " + seen);
    assertTrue(activity.speculativeLaunched() > speculative0, "speculative copies launched: " + seen);
    assertEquals(clean.rounds(), r.rounds());
    assertArrayEquals(clean.weights(), r.weights(), 0.0, "the same model as the fault-free run; " + seen);
    System.out.println(s.name() + ": objective " + r.finalObjective() + " (fault-free " + clean.finalObjective()
        + "), spark " + seen);
  }

  @Test
  void syncTrainsTheSameModelUnderRetriesAndSpeculation() {
    sameModelUnderFailuresAndSpeculation(new SynchronousSgd(),
        TrainingConfig.builder().stepSize(1.0).maxRounds(12).seed(3).evaluateEvery(12).build());
  }

  @Test
  void localSgdTrainsTheSameModelUnderRetriesAndSpeculation() {
    sameModelUnderFailuresAndSpeculation(new LocalSgd(LocalSgdConfig.builder().localSteps(16).batchSize(32).build()),
        TrainingConfig.builder().stepSize(1.0).maxRounds(8).seed(3).evaluateEvery(8).build());
  }

  /**
   * Async, deterministic mode: the same updates in the same order, so the fault run must apply
   * exactly as many updates as the fault-free run and end with the same weights, every retried
   * update merged once (deltas received = jobs succeeded, no duplicate), and the failures the
   * report counts are the ones the cluster saw.
   */
  @Test
  void asyncAppliesEveryUpdateExactlyOnceUnderRetriesAndSpeculation() {
    AsyncConfig base = AsyncConfig.builder().localSteps(16).batchSize(32).injectStaleness(2).build();
    TrainingConfig tc = TrainingConfig.builder().stepSize(0.05).momentum(0).nesterov(false).maxRounds(10).seed(3)
        .evaluateEvery(10).build();
    TrainingResult clean = train(new AsyncParameterServer(base), data, tc, StragglerModel.NONE);
    activity.drain();
    long injected0 = activity.failed("injected");
    long speculative0 = activity.speculativeLaunched();
    long killed0 = activity.failed("killed");
    TrainingResult r = train(new AsyncParameterServer(base.toBuilder().failFirstAttempts(0.3).build()), data, tc,
        StragglerModel.builder().pause(0, PAUSE_MS).seed(1).build());
    activity.drain();
    Map<String, Object> seen = activity.report();
    Map<String, Object> x = r.extras();
    long injected = ((Number) x.get("injected_failures")).longValue();
    assertTrue(injected > 0, x.toString());
    // injected_failures counts the first attempts chosen to fail; one whose speculative copy finished
    // first is killed before it reaches its failure, so Spark reports it as killed, not failed
    long seenInjected = activity.failed("injected") - injected0;
    long seenKilled = activity.failed("killed") - killed0;
    assertTrue(seenInjected <= injected && injected <= seenInjected + seenKilled,
        "the report's " + injected + " injected failures are the ones Spark saw fail (" + seenInjected
            + ") or killed (" + seenKilled + "): " + seen);
    assertTrue(activity.speculativeLaunched() > speculative0, "speculative copies launched: " + seen);
    assertEquals(clean.extras().get("updates"), x.get("updates"), "same update count as the fault-free run");
    assertEquals(40L, ((Number) x.get("updates")).longValue());
    assertEquals(x.get("jobs_succeeded"), x.get("deltas_received"), x.toString());
    assertEquals(x.get("jobs_submitted"), x.get("jobs_succeeded"), x.toString());
    assertEquals(0L, ((Number) x.get("deltas_duplicate")).longValue(), x.toString());
    assertArrayEquals(clean.weights(), r.weights(), 0.0, "the same model as the fault-free run; " + x);
    System.out.println("async: " + x.get("updates") + " updates, " + injected + " injected failures, spark " + seen);
  }

  /**
   * Deterministic Hogwild! (tasks on private copies, merged in partition order), one task per each of
   * the data's 4 partitions.
   */
  private static HogwildSgd deterministicHogwild() {
    return new HogwildSgd(HogwildConfig.builder().deterministic(true).build());
  }

  private static TrainingConfig hogwildTraining() {
    return TrainingConfig.builder().stepSize(0.01).maxRounds(10).seed(5).evaluateEvery(10).build();
  }

  private static TrainingResult undisturbedHogwild;

  /** The fault-free deterministic Hogwild! run on this cluster, computed once for the tests that compare with it. */
  private static synchronized TrainingResult undisturbedHogwild() {
    if (undisturbedHogwild == null) {
      undisturbedHogwild = train(deterministicHogwild(), data, hogwildTraining(), StragglerModel.NONE);
    }
    return undisturbedHogwild;
  }

  /**
   * Deterministic Hogwild! ({@link HogwildConfig#deterministic()}) under injected first-attempt
   * failures and speculative copies trains exactly the model of the fault-free run computed first:
   * every task's change is a function of the round's model and its rows only, and is merged once, so
   * a delta lost or applied twice in any round changes the weights.
   */
  @Test
  void deterministicHogwildTrainsTheSameModelUnderRetriesAndSpeculation() {
    sameModelUnderFailuresAndSpeculation(deterministicHogwild(), hogwildTraining(), undisturbedHogwild());
  }

  /**
   * A speculative copy commits and its straggling original never does: attempt 0 of partition 0 of
   * every stage holds after its rows until Spark kills it ({@link HoldFirstAttemptUntilKilled}), so
   * in every stage the speculative copy's success is the one Spark commits. Asserted: in every Hogwild!
   * round (and every other stage) partition 0 ended with a successful speculative attempt and a killed
   * attempt 0, the run counts the rows of exactly one attempt per task, and the weights equal the
   * undisturbed run's bit for bit (the straggler's delta, computed in full, was never merged).
   */
  @Test
  void speculativeCopyCommitsOnceAndTheStragglersDeltaIsNeverMerged() {
    TrainingResult clean = undisturbedHogwild();
    AttemptRecorder attempts = new AttemptRecorder();
    spark.sparkContext().addSparkListener(attempts);
    TrainingResult r;
    try {
      r = train(deterministicHogwild(), data.withWrappedBlocks(new HoldFirstAttemptUntilKilled(0, 120)::wrap),
          hogwildTraining(), StragglerModel.NONE);
      activity.drain();
    } finally {
      spark.sparkContext().removeSparkListener(attempts);
    }
    Map<Integer, List<String>> partitionZero = attempts.partitionZero();
    // the stages whose partition 0 read the held rows: every round, the evaluation and the penalty counts
    Map<Integer, List<String>> held = new TreeMap<>(partitionZero);
    held.values().removeIf(ends -> !ends.contains("attempt 0 killed"));
    assertTrue(held.size() >= 10, "the 10 rounds held partition 0's original until it was killed: " + partitionZero);
    partitionZero.forEach((stage, ends) -> {
      assertEquals(1, ends.stream().filter(e -> e.contains("success")).count(),
          "stage " + stage + ": exactly one attempt of partition 0 committed: " + ends);
      if (held.containsKey(stage)) {
        assertEquals(List.of("attempt 1 speculative success"),
            ends.stream().filter(e -> e.contains("success")).toList(), "stage " + stage + ": the copy committed");
      }
    });
    assertEquals(clean.extras().get("updates"), r.extras().get("updates"), "one attempt's rows per task and epoch");
    assertEquals(10L * data.numRows(), ((Number) r.extras().get("updates")).longValue());
    assertArrayEquals(clean.weights(), r.weights(), 0.0, "the same model as the undisturbed run");
    System.out.println("speculation: partition 0 per stage " + partitionZero);
  }

  /**
   * Hogwild! (racing, the default mode, 2 tasks) across two executor JVMs: every round combined two
   * executors, it ends within 0.01 of the deterministic run of the same settings on the same cluster
   * (computed here; it averages the 4 partitions' changes), and afterwards no executor JVM holds the run's shared array (a follow-up job asks each
   * executor's {@link LocalParameterRegistry}).
   */
  @Test
  void hogwildOnTwoExecutorJvmsConvergesAndReleasesItsStores() {
    TrainingResult reference = undisturbedHogwild();
    TrainingResult r = train(new HogwildSgd(HogwildConfig.builder().threads(2).build()), data, hogwildTraining(),
        StragglerModel.NONE);
    assertEquals(2, ((Number) r.extras().get("executors_averaged")).intValue(), r.extras().toString());
    assertEquals(10L * data.numRows(), ((Number) r.extras().get("updates")).longValue(), "one merged delta per task");
    System.out.println("hogwild on 2 executors: objective " + r.finalObjective() + ", deterministic "
        + reference.finalObjective());
    assertEquals(reference.finalObjective(), r.finalObjective(), 0.01, "within 0.01 of deterministic Hogwild!");
    Map<String, List<String>> held = heldRunsPerExecutor();
    assertEquals(2, held.size(), "both executor JVMs answered: " + held);
    held.forEach((executor, runs) -> assertTrue(runs.stream().noneMatch(id -> id.startsWith("hogwild-")),
        "executor " + executor + " still holds " + runs));
    System.out.println("hogwild on 2 executors: registries after " + held);
  }

  /** How every attempt of partition 0 ended, per stage ("attempt N killed", "attempt N speculative success"). */
  static final class AttemptRecorder extends SparkListener {
    private final Map<Integer, List<String>> ends = new TreeMap<>();

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
      if (e.taskInfo().index() != 0) {
        return;
      }
      String how = e.taskInfo().successful() ? (e.taskInfo().speculative() ? "speculative success" : "success")
          : (e.reason() instanceof TaskKilled ? "killed" : "failed " + e.reason());
      ends.computeIfAbsent(e.stageId(), k -> new ArrayList<>()).add("attempt " + e.taskInfo().attemptNumber() + " "
          + how);
    }

    synchronized Map<Integer, List<String>> partitionZero() {
      return new TreeMap<>(ends);
    }
  }

  /** Each executor's held run ids, by executor id; asks until both executors answered (bounded). */
  private static Map<String, List<String>> heldRunsPerExecutor() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Map<String, List<String>> out = new TreeMap<>();
    for (int attempt = 0; attempt < 20 && out.size() < 2; attempt++) {
      List<Integer> slots = IntStream.range(0, 16).boxed().toList();
      sc.parallelize(slots, 16).mapPartitions(it -> Collections.singletonList(
          SparkEnv.get().executorId() + "=" + String.join(",", LocalParameterRegistry.heldRuns())).iterator())
          .collect().forEach(line -> {
            String[] kv = line.split("=", -1);
            out.put(kv[0], kv[1].isEmpty() ? List.of() : new ArrayList<>(List.of(kv[1].split(","))));
          });
    }
    return out;
  }
}
