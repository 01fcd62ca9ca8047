package io.sparkdtrain.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.checkpoint.Checkpoint;
import io.sparkdtrain.checkpoint.CheckpointStore;
import io.sparkdtrain.data.ClientPartitioner;
import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.strategy.async.AsyncConfig;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import io.sparkdtrain.strategy.fedavg.FederatedAveraging;
import io.sparkdtrain.strategy.fedavg.FederatedConfig;
import io.sparkdtrain.strategy.hogwild.HogwildConfig;
import io.sparkdtrain.strategy.hogwild.HogwildSgd;
import io.sparkdtrain.strategy.local.LocalSgd;
import io.sparkdtrain.strategy.local.LocalSgdConfig;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and resume through every strategy on a real {@code local[2]} session. A run is
 * "killed" by a listener that throws after round 7 (checkpoints every 5 rounds, so the newest is
 * round 5's), then resumed to 12 rounds. The reference is the same configuration run without
 * interruption: for the deterministic strategies (sync, local, fedavg) the resumed run must end with
 * the same model bit for bit and the same objective and bytes in every round; for async and Hogwild!
 * it must continue from the checkpointed round and model.
 */
class ResumeTest {
  static final int ROUNDS = 12;
  static final int EVERY = 5;
  static final int CRASH_AFTER = 7;
  static TrainingData train;
  static TrainingData test;

  @TempDir
  Path tmp;

  @BeforeAll
  static void data() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(800, 30, 5, 7);
    train = SyntheticData.train(SharedSpark.context(), spec, 4, new LogisticLoss());
    test = SyntheticData.test(SharedSpark.context(), spec, 200, 2, new LogisticLoss());
  }

  @AfterAll
  static void release() {
    train.close();
    test.close();
  }

  static Objective objective() {
    return new Objective(new LogisticLoss(), Regularization.l2(1e-3), new ModelShape(30, 1, true));
  }

  /** A simulated driver crash: thrown from the listener after round {@code CRASH_AFTER}. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("simulated driver crash after round " + CRASH_AFTER);
    }
  }

  static TrainingListener crashAfter(int round) {
    return r -> {
      if (r.round() == round) {
        throw new Crash();
      }
    };
  }

  static TrainingResult run(TrainingStrategy s, TrainingConfig c, TrainingListener l) {
    return s.train(new TrainingContext(SharedSpark.context(), train, test, objective(), c, null, l));
  }

  /** Reference, crash, resume; returns (reference, resumed) after the checks every strategy shares. */
  TrainingResult[] crashAndResume(Supplier<TrainingStrategy> strategy, TrainingConfig.Builder base) {
    TrainingResult reference = run(strategy.get(), base.maxRounds(ROUNDS).build(), null);
    String dir = tmp.resolve("ckpt").toString();
    TrainingConfig.Builder withCheckpoints = base.maxRounds(ROUNDS).checkpointDir(dir).checkpointEvery(EVERY);
    assertThrows(Crash.class, () -> run(strategy.get(), withCheckpoints.build(), crashAfter(CRASH_AFTER)));
    CheckpointStore store = new CheckpointStore(dir, 1, SharedSpark.context().hadoopConfiguration());
    assertEquals(List.of(EVERY), store.rounds(), "the crash after round 7 leaves round 5's checkpoint");
    TrainingResult resumed = run(strategy.get(), withCheckpoints.resume(true).build(), null);
    assertEquals(EVERY, resumed.extras().get("resumed_from_round"));
    assertEquals(ROUNDS, resumed.rounds());
    assertEquals(ROUNDS + 1, resumed.history().size());
    assertEquals(List.of(10), store.rounds(), "the resumed run wrote round 10's and kept only the newest");
    for (int r = 0; r <= EVERY; r++) {
      assertEquals(reference.history().get(r).round(), resumed.history().get(r).round());
    }
    return new TrainingResult[] {reference, resumed};
  }

  static void assertSameRun(TrainingResult reference, TrainingResult resumed) {
    assertArrayEquals(reference.weights(), resumed.weights(), "final model, bit for bit");
    assertEquals(reference.finalObjective(), resumed.finalObjective());
    assertEquals(reference.bytesCommunicated(), resumed.bytesCommunicated());
    for (int r = 0; r <= ROUNDS; r++) {
      RoundRecord a = reference.history().get(r);
      RoundRecord b = resumed.history().get(r);
      assertEquals(a.objective(), b.objective(), "objective of round " + r);
      assertEquals(a.bytesCommunicated(), b.bytesCommunicated(), "bytes after round " + r);
      assertEquals(a.test(), b.test(), "test metrics of round " + r);
    }
  }

  @Test
  void syncWithNesterovMomentumAndMiniBatchesResumesToTheSameModel() {
    TrainingConfig.Builder base = TrainingConfig.builder().stepSize(0.5).momentum(0.9).nesterov(true)
        .miniBatchFraction(0.3).seed(5);
    TrainingResult[] r = crashAndResume(SynchronousSgd::new, base);
    assertSameRun(r[0], r[1]);
    // the resumed run's event log holds the first run's 5 barrier rounds and its own 7, 4 workers each
    assertEquals(4 * ROUNDS, r[1].events().events().size());
  }

  @Test
  void syncWithAdaGradResumesToTheSameModel() {
    TrainingConfig.Builder base = TrainingConfig.builder().optimizer("adagrad").stepSize(0.3).seed(9);
    TrainingResult[] r = crashAndResume(SynchronousSgd::new, base);
    assertSameRun(r[0], r[1]);
  }

  @Test
  void syncWithLbfgsResumesWithItsCurvaturePairsToTheSameModel() {
    TrainingConfig.Builder base = TrainingConfig.builder().optimizer("lbfgs").tolerance(0).seed(9);
    TrainingResult[] r = crashAndResume(SynchronousSgd::new, base);
    assertSameRun(r[0], r[1]);
    assertEquals(r[0].extras().get("function_evaluations"), r[1].extras().get("function_evaluations"));
  }

  @Test
  void localSgdWithNesterovOuterStepAndAdaptiveHResumesToTheSameModel() {
    LocalSgdConfig config = LocalSgdConfig.builder().localSteps(4).batchSize(8).nesterov(0.7, 0.5)
        .schedule(LocalSgdConfig.Schedule.ADAPTIVE).build();
    TrainingConfig.Builder base = TrainingConfig.builder().stepSize(0.5).learningRateSchedule("step:0.5:20").seed(3);
    TrainingResult[] r = crashAndResume(() -> new LocalSgd(config), base);
    assertSameRun(r[0], r[1]);
    for (String key : List.of("local_steps_per_round", "local_steps_total", "worker_steps_total", "bytes_up",
        "bytes_down")) {
      assertEquals(r[0].extras().get(key), r[1].extras().get(key), key);
    }
  }

  @Test
  void localSgdWithTopKErrorFeedbackResumesWithItsResidualsToTheSameModel() {
    LocalSgdConfig config = LocalSgdConfig.builder().localSteps(3).batchSize(8).topK(6).errorFeedback(true).build();
    TrainingConfig.Builder base = TrainingConfig.builder().stepSize(0.5).seed(8);
    TrainingResult[] r = crashAndResume(() -> new LocalSgd(config), base);
    assertSameRun(r[0], r[1]);
  }

  @Test
  void fedAvgWithSampledClientsResumesToTheSameModel() {
    FederatedConfig config = FederatedConfig.builder().clients(10).fraction(0.3).localEpochs(2).batchSize(10)
        .partitioner(ClientPartitioner.parse("shards")).build();
    TrainingConfig.Builder base = TrainingConfig.builder().stepSize(0.3).seed(4);
    TrainingResult[] r = crashAndResume(() -> new FederatedAveraging(config), base);
    assertSameRun(r[0], r[1]);
    for (String key : List.of("participating_clients", "local_steps_total", "bytes_up", "bytes_down")) {
      assertEquals(r[0].extras().get(key), r[1].extras().get(key), key);
    }
  }

  @Test
  void resumingIntoAnotherRunNamesTheSettingAndBothValues() {
    String dir = tmp.resolve("ckpt").toString();
    TrainingConfig.Builder b = TrainingConfig.builder().stepSize(0.5).seed(5).maxRounds(2).checkpointDir(dir)
        .checkpointEvery(2);
    run(new SynchronousSgd(), b.build(), null);
    TrainingConfig resume = b.resume(true).build();
    IllegalArgumentException strategy = assertThrows(IllegalArgumentException.class,
        () -> run(new LocalSgd(LocalSgdConfig.builder().build()), resume, null));
    assertTrue(strategy.getMessage().endsWith("checkpoint-00000002.dtc: it was written with strategy=sync"
        + " but this run has strategy=local"), strategy.getMessage());
    IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
        () -> run(new SynchronousSgd(), b.seed(6).build(), null));
    assertTrue(seed.getMessage().endsWith("it was written with seed=5 but this run has seed=6"), seed.getMessage());
    b.seed(5);
    Objective noIntercept = new Objective(new LogisticLoss(), Regularization.l2(1e-3), new ModelShape(30, 1, false));
    IllegalArgumentException dimension = assertThrows(IllegalArgumentException.class,
        () -> new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), train, null, noIntercept,
            resume, null, null)));
    assertTrue(dimension.getMessage().endsWith("it was written with dimension=31 but this run has dimension=30"),
        dimension.getMessage());
    Objective hinge = new Objective(new io.sparkdtrain.model.linear.HingeLoss(), Regularization.l2(1e-3),
        new ModelShape(30, 1, true));
    IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
        () -> new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), train, null, hinge,
            resume, null, null)));
    assertTrue(loss.getMessage().contains("it was written with objective=logistic but this run has objective=hinge"),
        loss.getMessage());
    String empty = tmp.resolve("empty").toString();
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> run(new SynchronousSgd(), b.checkpointDir(empty).build(), null));
    assertTrue(none.getMessage().startsWith("Cannot resume: no checkpoint in file:" + empty), none.getMessage());
  }

  @Test
  void checkpointSettingsAreValidatedByName() {
    assertEquals("Cannot set checkpointEvery to 5, the value must be >= 0 (0 = no checkpoints) and needs"
        + " checkpointDir when > 0", assertThrows(IllegalArgumentException.class,
            () -> TrainingConfig.builder().checkpointEvery(5).build()).getMessage());
    assertEquals("Cannot set resume to true without checkpointDir (the directory to resume from)",
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().resume(true).build()).getMessage());
    assertEquals("Cannot set checkpointKeep to 0, the value must be >= 1", assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.builder().checkpointDir("/tmp/x").checkpointKeep(0).build()).getMessage());
    TrainingConfig c = TrainingConfig.builder().checkpointDir("/tmp/x").checkpointEvery(3).resume(true).build();
    assertTrue(c.toString().contains("checkpointDir=/tmp/x, checkpointEvery=3, checkpointKeep=1, resume=true"));
    assertEquals(c.toString(), c.toBuilder().build().toString());
  }

  /**
   * Async and Hogwild!: the resumed run starts from the checkpoint's round, history and model, and
   * ends closer to the uninterrupted run of the same settings than half the distance between that run
   * and a continuation that lost the restored state (both computed here); returns (uninterrupted,
   * resumed).
   */
  TrainingResult[] continuesFromTheCheckpoint(Supplier<TrainingStrategy> strategy, TrainingConfig.Builder base) {
    String dir = tmp.resolve("ckpt").toString();
    TrainingConfig.Builder withCheckpoints = base.maxRounds(ROUNDS).checkpointDir(dir).checkpointEvery(EVERY);
    assertThrows(Crash.class, () -> run(strategy.get(), withCheckpoints.build(), crashAfter(CRASH_AFTER)));
    CheckpointStore store = new CheckpointStore(dir, 1, SharedSpark.context().hadoopConfiguration());
    Checkpoint saved = store.read(store.latest().orElseThrow());
    assertEquals(EVERY, saved.round());
    // resumed with maxRounds = the checkpoint's round: no round is left, so the result is the saved model
    TrainingResult atCheckpoint = run(strategy.get(), withCheckpoints.maxRounds(EVERY).resume(true).build(), null);
    assertArrayEquals(saved.model(), atCheckpoint.weights());
    assertEquals(saved.history(), atCheckpoint.history());
    TrainingResult resumed = run(strategy.get(), withCheckpoints.maxRounds(ROUNDS).checkpointEvery(0).build(), null);
    assertEquals(EVERY, resumed.extras().get("resumed_from_round"));
    assertEquals(saved.history(), resumed.history().subList(0, EVERY + 1));
    assertEquals(ROUNDS, resumed.rounds());
    assertTrue(resumed.finalObjective() < saved.history().get(0).objective(),
        "training went on: " + resumed.finalObjective() + " vs the starting " + saved.history().get(0).objective());
    // The references, run here: the same settings without interruption, and what a continuation that
    // lost the restored state after one round would end at (the rounds left after it, from the zero model).
    TrainingResult uninterrupted = run(strategy.get(), base.maxRounds(ROUNDS).checkpointDir(null).checkpointEvery(0)
        .resume(false).build(), null);
    TrainingResult lostState = run(strategy.get(), base.maxRounds(ROUNDS - EVERY - 1).build(), null);
    double gap = Math.abs(lostState.finalObjective() - uninterrupted.finalObjective());
    double off = Math.abs(resumed.finalObjective() - uninterrupted.finalObjective());
    System.out.printf("%s resume: resumed %.17g, uninterrupted %.17g (off %.3g), lost state %.17g (gap %.3g)%n",
        resumed.strategy(), resumed.finalObjective(), uninterrupted.finalObjective(), off,
        lostState.finalObjective(), gap);
    assertTrue(off < gap / 2, "the resumed run ends " + off + " from the uninterrupted run's "
        + uninterrupted.finalObjective() + ", less than half the " + gap + " a run that lost its state would be off");
    return new TrainingResult[] {uninterrupted, resumed};
  }

  @Test
  void asyncContinuesFromTheCheckpointedRoundAndModel() {
    AsyncConfig config = AsyncConfig.builder().injectStaleness(2).batchSize(8).build();
    continuesFromTheCheckpoint(() -> new AsyncParameterServer(config), TrainingConfig.builder().stepSize(0.2).seed(3));
  }

  @Test
  void hogwildContinuesFromTheCheckpointedEpochAndModel() {
    HogwildConfig config = HogwildConfig.builder().threads(2).build();
    continuesFromTheCheckpoint(() -> new HogwildSgd(config), TrainingConfig.builder().stepSize(0.01).seed(3));
  }
}
