package io.sparkdtrain.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/** The shared round machinery: ordered aggregation, evaluation, stopping and the divergence guard. */
class EngineTest {

  @Test
  void orderedTreeAggregateIsReproducibleAndEqualsAPlainSum() {
    List<Double> values = new ArrayList<>();
    IntStream.range(0, 2000).forEach(i -> values.add(Math.sin(i) * Math.pow(10, i % 17 - 8)));
    double naive = 0;
    for (double v : values) {
      naive += v;
    }
    for (int depth : new int[] {1, 2, 3}) {
      JavaRDD<Double> rdd = SharedSpark.context().parallelize(values, 16);
      double first = OrderedTreeAggregate.aggregate(rdd, (p, it) -> {
        double s = 0;
        while (it.hasNext()) {
          s += it.next();
        }
        return s;
      }, Double::sum, depth);
      for (int run = 0; run < 3; run++) {
        double again = OrderedTreeAggregate.aggregate(rdd, (p, it) -> {
          double s = 0;
          while (it.hasNext()) {
            s += it.next();
          }
          return s;
        }, Double::sum, depth);
        assertEquals(Double.doubleToLongBits(first), Double.doubleToLongBits(again), "depth " + depth);
      }
      assertEquals(naive, first, 1e-9 * Math.abs(naive) + 1e-6);
    }
  }

  @Test
  void evaluatorObjectiveEqualsThePureObjective() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(500, 20, 4, 1);
    Objective obj = new Objective(new LogisticLoss(), Regularization.l2(0.1), new ModelShape(20, 1, true));
    double[] w = new double[21];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.cos(i);
    }
    try (TrainingData d = SyntheticData.train(SharedSpark.context(), spec, 3, new LogisticLoss())) {
      double expected = obj.value(d.blocks().collect(), w);
      assertEquals(expected, new Evaluator(obj, 2).objective(d, w), 1e-12);
    }
  }

  @Test
  void divergenceStopsWithAMessageNamingTheStepSize() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(400, 20, 4, 2);
    Objective obj = new Objective(new LogisticLoss(), Regularization.l2(1e-3), new ModelShape(20, 1, true));
    try (TrainingData d = SyntheticData.train(SharedSpark.context(), spec, 2, new LogisticLoss())) {
      TrainingConfig config = TrainingConfig.builder().stepSize(1e6).maxRounds(20).build();
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
          () -> new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), d, null, obj, config,
              null, null)));
      assertTrue(e.getMessage().contains("stepSize=1000000.0") && e.getMessage().contains("Training diverged at round"),
          e.getMessage());
    }
  }

  @Test
  void toleranceStopsWhenTheObjectiveSettles() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(400, 20, 4, 2);
    Objective obj = new Objective(new LogisticLoss(), Regularization.l2(1e-2), new ModelShape(20, 1, true));
    try (TrainingData d = SyntheticData.train(SharedSpark.context(), spec, 2, new LogisticLoss())) {
      TrainingConfig config = TrainingConfig.builder().stepSize(1.0).momentum(0.5).maxRounds(500).tolerance(1e-6).build();
      TrainingResult r = new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), d, null, obj, config,
          null, null));
      assertEquals(StopReason.CONVERGED, r.stopReason());
      assertTrue(r.rounds() < 500);
      double last = r.history().get(r.history().size() - 1).objective();
      double before = r.history().get(r.history().size() - 2).objective();
      assertTrue(Math.abs(before - last) <= 1e-6 * last);
    }
  }

  @Test
  void evaluateEveryLeavesOtherRoundsUnevaluatedAndLastEvaluated() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(300, 10, 3, 4);
    Objective obj = new Objective(new LogisticLoss(), Regularization.l2(1e-2), new ModelShape(10, 1, true));
    try (TrainingData d = SyntheticData.train(SharedSpark.context(), spec, 2, new LogisticLoss())) {
      TrainingConfig config = TrainingConfig.builder().maxRounds(7).evaluateEvery(3).build();
      TrainingResult r = new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), d, null, obj, config,
          null, null));
      assertEquals(8, r.history().size());
      assertTrue(Double.isNaN(r.history().get(1).objective()));
      assertTrue(!Double.isNaN(r.history().get(3).objective()));
      assertTrue(!Double.isNaN(r.history().get(7).objective()), "the last round is always evaluated");
      assertEquals(r.history().get(7).objective(), r.finalObjective());
      assertArrayEquals(r.weights(), r.weights());
    }
  }

  @Test
  void configRejectsBadValuesNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.builder().stepSize(-1).build());
    assertEquals("Cannot set stepSize to -1.0, the value must be finite and > 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().momentum(1.0).build());
    assertTrue(e.getMessage().startsWith("Cannot set momentum to 1.0"));
    e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().maxRounds(0).build());
    assertTrue(e.getMessage().startsWith("Cannot set maxRounds to 0"));
    assertTrue(TrainingConfig.builder().build().toString().contains("treeDepth=2"));
  }

  @Test
  void targetAccuracyWithoutTestDataIsRejected() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(100, 10, 3, 4);
    Objective obj = new Objective(new LogisticLoss(), Regularization.l2(1e-2), new ModelShape(10, 1, true));
    try (TrainingData d = SyntheticData.train(SharedSpark.context(), spec, 2, new LogisticLoss())) {
      TrainingConfig config = TrainingConfig.builder().targetAccuracy(0.9).build();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new TrainingContext(SharedSpark.context(), d, null, obj, config, null, null));
      assertTrue(e.getMessage().contains("targetAccuracy"), e.getMessage());
    }
  }
}
