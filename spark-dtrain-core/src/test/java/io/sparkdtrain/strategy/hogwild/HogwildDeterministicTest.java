package io.sparkdtrain.strategy.hogwild;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.store.SparseDelta;
import io.sparkdtrain.testing.SharedSpark;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hogwild!'s deterministic mode ({@link HogwildConfig#deterministic()}) on a9a with local[2]: a run
 * repeats bit for bit although its two tasks run on two threads at once, one task on its own copy
 * takes exactly the steps of racing Hogwild! on one thread (the reference computed here), it
 * converges like the racing mode, it holds no shared array, and the driver accepts exactly one delta
 * per partition.
 */
class HogwildDeterministicTest {
  private static TrainingResult run(HogwildConfig config, int epochs) {
    return new HogwildSgd(config).train(HogwildSgdTest.context(HogwildSgdTest.hogwildConfig(epochs)));
  }

  private static HogwildConfig deterministic(int threads) {
    return HogwildConfig.builder().threads(threads).deterministic(true).build();
  }

  @BeforeAll
  static void load() { // the data of HogwildSgdTest, without its sync reference
    LogisticLoss loss = new LogisticLoss();
    HogwildSgdTest.train = LibsvmInput.read(SharedSpark.session(), SharedSpark.data("a9a/a9a"), 123, 2, loss);
    HogwildSgdTest.objective = new Objective(loss, Regularization.l2(HogwildSgdTest.LAMBDA),
        new ModelShape(123, 1, true));
  }

  @AfterAll
  static void release() {
    HogwildSgdTest.release();
  }

  @Test
  void twoThreadsRepeatBitForBitAndConvergeLikeTheRacingMode() {
    TrainingResult first = run(deterministic(2), 6);
    TrainingResult second = run(deterministic(2), 6);
    assertArrayEquals(first.weights(), second.weights(), 0.0, "two runs of the deterministic mode");
    assertEquals(Boolean.TRUE, first.extras().get("deterministic"));
    assertEquals(6L * HogwildSgdTest.train.numRows(), ((Number) first.extras().get("updates")).longValue());
    TrainingResult racing = run(HogwildConfig.builder().threads(2).build(), 6);
    System.out.printf("deterministic %.6f racing %.6f%n", first.finalObjective(), racing.finalObjective());
    assertEquals(racing.finalObjective(), first.finalObjective(), 0.01 * racing.finalObjective(),
        "deterministic " + first.finalObjective() + " vs racing " + racing.finalObjective());
    assertTrue(LocalParameterRegistry.heldRuns().stream().noneMatch(s -> s.startsWith("hogwild-")),
        "nothing held: " + LocalParameterRegistry.heldRuns());
  }

  @Test
  void oneTaskOnItsOwnCopyTakesTheStepsOfRacingHogwildOnOneThread() {
    TrainingData one = LibsvmInput.read(SharedSpark.session(), SharedSpark.data("a9a/a9a"), 123, 1,
        new LogisticLoss());
    try {
      TrainingConfig tc = HogwildSgdTest.hogwildConfig(3);
      TrainingResult racing = new HogwildSgd(HogwildConfig.builder().threads(1).build()).train(context(one, tc));
      TrainingResult own = new HogwildSgd(deterministic(1)).train(context(one, tc));
      assertArrayEquals(racing.weights(), own.weights(), 0.0);
    } finally {
      one.close();
    }
  }

  private static TrainingContext context(TrainingData data, TrainingConfig tc) {
    return new TrainingContext(SharedSpark.context(), data, null, HogwildSgdTest.objective, tc, null,
        TrainingListener.NONE);
  }

  @Test
  void theDriverTakesExactlyOneDeltaPerPartitionInPartitionOrder() {
    SparseDelta p0 = new SparseDelta("exec-1", 0, 0, 3, 0, new int[] {0, 2}, new double[] {1.0, 2.0});
    SparseDelta p1 = new SparseDelta("exec-1", 0, 1, 1, 0, new int[] {2}, new double[] {4.0});
    List<SparseDelta> ordered = HogwildRun.perTaskChanges(List.of(p1, p0), 2, 7);
    assertEquals(List.of(p0, p1), ordered);
    List<SparseDelta> combined = HogwildRun.weightedByWork(ordered, new double[3]);
    assertArrayEquals(new double[] {1.0, 2.0 * 3 / 4}, combined.get(0).values(), 0.0);
    assertArrayEquals(new double[] {4.0 * 1 / 4}, combined.get(1).values(), 0.0);
    IllegalStateException twice = assertThrows(IllegalStateException.class,
        () -> HogwildRun.perTaskChanges(List.of(p0, p1, p0), 2, 7));
    assertEquals("Hogwild! round 7 (deterministic) expected one delta from each of 2 partitions, got the partitions "
        + "[0, 0, 1]", twice.getMessage());
    IllegalStateException lost = assertThrows(IllegalStateException.class,
        () -> HogwildRun.perTaskChanges(List.of(p1), 2, 7));
    assertEquals("Hogwild! round 7 (deterministic) expected one delta from each of 2 partitions, got the partitions "
        + "[1]", lost.getMessage());
  }

  @Test
  void fewerTasksThanPartitionsAreRejected() {
    org.apache.spark.api.java.JavaRDD<Integer> five = SharedSpark.context()
        .parallelize(java.util.stream.IntStream.range(0, 10).boxed().toList(), 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HogwildSgd.tasks(five, 2, true));
    assertEquals("Cannot set threads to 2 with deterministic: the training data has 5 partitions and a deterministic "
        + "run takes one task per partition (set threads to 0 or 5, or the partitions, --partitions, to 2)",
        e.getMessage());
    assertEquals(5, HogwildSgd.tasks(five, 0, true).getNumPartitions());
    assertEquals(5, HogwildSgd.tasks(five, 5, true).getNumPartitions());
  }

  @Test
  void lockedAndDeterministicTogetherAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HogwildConfig.builder().locked(true).deterministic(true).build());
    assertEquals("Cannot set locked to true with deterministic true: a deterministic task steps on its own copy of "
        + "the model, so there is nothing to lock", e.getMessage());
  }
}
