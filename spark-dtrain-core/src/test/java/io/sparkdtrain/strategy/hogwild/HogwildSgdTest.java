package io.sparkdtrain.strategy.hogwild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingDivergedException;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.store.SharedParameters;
import io.sparkdtrain.store.SparseDelta;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hogwild! on the real a9a data set with two task threads (local[2]) against synchronous SGD,
 * computed in the same JVM as the reference; sparse steps touch only the example's indices; the
 * executor-local store is released after every run, also when it throws.
 */
class HogwildSgdTest {
  static final double LAMBDA = 1e-4;
  static TrainingData train;
  static Objective objective;
  static double syncReference;

  @BeforeAll
  static void load() {
    SparkSession spark = SharedSpark.session();
    LogisticLoss loss = new LogisticLoss();
    train = LibsvmInput.read(spark, SharedSpark.data("a9a/a9a"), 123, 2, loss);
    objective = new Objective(loss, Regularization.l2(LAMBDA), new ModelShape(123, 1, true));
    TrainingConfig sync = TrainingConfig.builder().stepSize(1.0).momentum(0.9).nesterov(true)
        .maxRounds(80).evaluateEvery(80).seed(7).build();
    syncReference = new SynchronousSgd().train(context(sync)).finalObjective();
  }

  @AfterAll
  static void release() {
    train.close();
  }

  static TrainingContext context(TrainingConfig config) {
    return new TrainingContext(SharedSpark.context(), train, null, objective, config, null,
        TrainingListener.NONE);
  }

  static TrainingConfig hogwildConfig(int epochs) {
    return TrainingConfig.builder().stepSize(0.05).learningRateSchedule("step:0.7:1")
        .maxRounds(epochs).evaluateEvery(epochs).seed(3).build();
  }

  @Test
  void twoThreadsReachSyncObjectiveWithinTwoPercent() {
    TrainingResult r = new HogwildSgd(HogwildConfig.builder().threads(2).build()).train(context(hogwildConfig(8)));
    System.out.printf("hogwild a9a: objective %.6f sync %.6f updates %s/s %s%n", r.finalObjective(),
        syncReference, r.extras().get("updates_per_second"), r.extras());
    assertTrue(r.finalObjective() <= syncReference * 1.02,
        "hogwild " + r.finalObjective() + " vs sync " + syncReference);
    assertEquals(8L * train.numRows(), r.extras().get("updates"), "each epoch visits every row once");
    assertEquals(2, r.extras().get("threads"));
    assertTrue((double) r.extras().get("updates_per_second") > 0);
    assertTrue(LocalParameterRegistry.heldRuns().stream().noneMatch(s -> s.startsWith("hogwild-")),
        "store released: " + LocalParameterRegistry.heldRuns());
  }

  @Test
  void lockedAndAtomicVariantsConvergeToo() {
    for (HogwildConfig c : new HogwildConfig[] {
        HogwildConfig.builder().threads(2).locked(true).build(),
        HogwildConfig.builder().threads(1).access(SharedParameters.Access.ATOMIC).build()}) {
      TrainingResult r = new HogwildSgd(c).train(context(hogwildConfig(6)));
      assertTrue(r.finalObjective() <= syncReference * 1.03, c + ": " + r.finalObjective());
    }
  }

  @Test
  void storeIsReleasedWhenTrainingThrows() {
    TrainingConfig huge = TrainingConfig.builder().stepSize(1e9).maxRounds(3).seed(1).build();
    Set<String> before = LocalParameterRegistry.heldRuns();
    assertThrows(TrainingDivergedException.class,
        () -> new HogwildSgd(HogwildConfig.builder().threads(2).build()).train(context(huge)));
    assertEquals(before, LocalParameterRegistry.heldRuns(), "no array left behind");
  }

  @Test
  void moreThreadsThanPartitionsIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new HogwildSgd(HogwildConfig.builder().threads(3).build()).train(context(hogwildConfig(1))));
    assertEquals("Cannot set threads to 3: the training data has 2 partitions (set the partitions,"
        + " --partitions, to at least the threads)", e.getMessage());
  }

  @Test
  void aStepTouchesOnlyTheExamplesIndicesAndTheIntercept() {
    int d = 50;
    ModelShape shape = new ModelShape(d, 1, true);
    Objective obj = new Objective(new LogisticLoss(), Regularization.l2(0.1), shape);
    CsrBlock block = new CsrBlockBuilder(d, false)
        .addRow(1.0, 1.0, new int[] {3, 17, 42}, new double[] {0.5, -1.0, 2.0})
        .build();
    SharedParameters w = new SharedParameters(shape.dimension(), SharedParameters.Access.PLAIN);
    double[] start = new double[shape.dimension()];
    for (int i = 0; i < start.length; i++) {
      start[i] = 0.01 * (i + 1);
    }
    w.copyFrom(start);
    double[] scale = new double[d];
    java.util.Arrays.fill(scale, 2.0);
    HogwildWorker.TouchedSet touched = new HogwildWorker.TouchedSet(shape.dimension());
    new HogwildWorker.Stepper(obj, w, touched, 0.5, scale).step(block, 0);
    double[] after = w.snapshot();
    Set<Integer> mine = Set.of(3, 17, 42, d);
    for (int i = 0; i < after.length; i++) {
      if (mine.contains(i)) {
        assertTrue(after[i] != start[i], "coordinate " + i + " of the example moved");
      } else {
        assertEquals(start[i], after[i], 0.0, "coordinate " + i + " is not the example's");
      }
    }
    String run = "test-step-" + System.nanoTime();
    try {
      LocalParameterRegistry.Slot slot = LocalParameterRegistry.acquire(run, 1, SharedParameters.Access.PLAIN);
      SparseDelta delta = touched.toDelta(slot, w, start, "x", 0, 1, 0);
      assertEquals(java.util.List.of(3, 17, 42, d), java.util.Arrays.stream(delta.indices()).boxed().toList());
      assertEquals(1, delta.sequence());
      for (int p = 0; p < delta.nnz(); p++) {
        int i = delta.indices()[p];
        assertEquals(after[i] - start[i], delta.values()[p], 0.0, "the delta is the change since the broadcast");
      }
    } finally {
      LocalParameterRegistry.release(run);
    }
  }

  @Test
  void anExecutorsChangeIsTheLatestValuePerCoordinate() {
    java.util.List<SparseDelta> deltas = new java.util.ArrayList<>(java.util.List.of(
        new SparseDelta("e", 0, 2, 5, 0, new int[] {1, 4}, new double[] {0.5, 2.0}),
        new SparseDelta("e", 0, 1, 7, 0, new int[] {0, 1}, new double[] {3.0, 0.25}),
        new SparseDelta("e", 0, 3, 1, 0, new int[] {4}, new double[] {-1.0})));
    SparseDelta change = HogwildRun.latestPerCoordinate(deltas, 9);
    assertEquals(java.util.List.of(0, 1, 4), java.util.Arrays.stream(change.indices()).boxed().toList());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {3.0, 0.5, -1.0}, change.values(), 0.0);
    assertEquals(13, change.steps());
    assertEquals(9, change.readVersion());
    // one delta whose indices are not ascending (nor distinct): sorted, the later entry of a coordinate wins
    SparseDelta unsorted = HogwildRun.latestPerCoordinate(new java.util.ArrayList<>(java.util.List.of(
        new SparseDelta("e", 0, 1, 2, 0, new int[] {2_000_000_000, 3, 2_000_000_000}, new double[] {1.0, 2.0, 4.0}))), 1);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {3, 2_000_000_000}, unsorted.indices());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {2.0, 4.0}, unsorted.values(), 0.0);
  }
}
