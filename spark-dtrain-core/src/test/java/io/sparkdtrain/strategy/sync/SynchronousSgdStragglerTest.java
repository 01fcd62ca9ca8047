package io.sparkdtrain.strategy.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.events.WorkerEvent;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.testing.SharedSpark;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Synchronous SGD under the straggler model, on the shared {@code local[2]} session with kryo
 * registration required: the event log shows the barrier (every worker waits for the straggler's
 * lead) and a straggler never changes the model.
 */
class SynchronousSgdStragglerTest {
  private static final int ROUNDS = 5;
  private static TrainingData data;
  private static Objective objective;
  private static TrainingConfig config;

  @BeforeAll
  static void setUp() {
    data = SyntheticData.train(SharedSpark.context(), SyntheticData.Spec.sparseBinary(4000, 40, 8, 5), 4,
        new LogisticLoss());
    objective = new Objective(new LogisticLoss(), Regularization.l2(1e-3), new ModelShape(40, 1, true));
    config = TrainingConfig.builder().stepSize(0.5).maxRounds(ROUNDS).seed(11).build();
  }

  @AfterAll
  static void tearDown() {
    data.close();
  }

  private static TrainingResult train(StragglerModel stragglers) {
    return new SynchronousSgd().train(
        new TrainingContext(SharedSpark.context(), data, null, objective, config, null, null, stragglers));
  }

  @Test
  void aFactorOfOneChangesNothing() {
    TrainingResult none = train(StragglerModel.NONE);
    TrainingResult one = train(StragglerModel.builder().slow(2, 1).build());
    assertArrayEquals(none.weights(), one.weights(), "bitwise the same model");
    assertEquals(4 * ROUNDS, one.events().events().size());
    for (WorkerEvent e : one.events().events()) {
      assertEquals(0.0, e.injectedDelayMs(), e.toString());
    }
  }

  @Test
  void everyWorkerWaitsForTheStragglersLeadAtTheBarrier() {
    TrainingResult plain = train(StragglerModel.NONE);
    TrainingResult slow = train(StragglerModel.builder().slow(2, 200).build());
    assertArrayEquals(plain.weights(), slow.weights(), "sleeping never changes the arithmetic");
    List<WorkerEvent> events = slow.events().events();
    assertEquals(4 * ROUNDS, events.size());
    assertEquals(ROUNDS + 1, slow.events().rounds().size(), "rounds 0..R recorded");
    for (long round = 1; round <= ROUNDS; round++) {
      final long r = round;
      List<WorkerEvent> step = events.stream().filter(e -> e.step() == r).collect(Collectors.toList());
      assertEquals(List.of(0, 1, 2, 3), step.stream().map(WorkerEvent::worker).collect(Collectors.toList()));
      WorkerEvent straggler = step.get(2);
      double own = straggler.computeMs() - straggler.injectedDelayMs();
      // (200 - 1) x the compute measured just before the sleep, which is `own` (the step's time is that
      // compute plus the measured sleep, StepTimer); the sleep may overshoot, never undershoot
      assertTrue(straggler.injectedDelayMs() >= 199 * own * (1 - 1e-9)
          && straggler.injectedDelayMs() <= 199 * own + 1000, straggler.toString());
      assertEquals(0.0, straggler.waitMs(), "the straggler is the barrier: " + step);
      for (WorkerEvent e : step) {
        assertTrue(e.endMs() <= straggler.endMs(), "no worker ends after the straggler: " + step);
        assertEquals(straggler.endMs() - e.endMs(), e.waitMs(), 1e-9, "the wait is the straggler's lead");
        if (e.worker() != 2) {
          assertEquals(0.0, e.injectedDelayMs());
          // independent of the wait's definition: the straggler's sleep ends after the worker's own end,
          // up to the worker's compute time and how much later than the straggler it started
          double slack = e.computeMs() + Math.max(0, e.startMs() - straggler.startMs()) + 1.0;
          assertTrue(e.waitMs() >= straggler.injectedDelayMs() - slack,
              "worker " + e.worker() + " waits about the straggler's delay: " + e + " vs " + straggler);
        }
        assertEquals(-1, e.staleness());
        assertEquals(8L * 41, e.bytesIn());
        assertTrue(e.startMs() >= 0 && e.communicateMs() >= 0, e.toString());
      }
    }
    double waitOthers = events.stream().filter(e -> e.worker() != 2).mapToDouble(WorkerEvent::waitMs).sum();
    double injected = events.stream().mapToDouble(WorkerEvent::injectedDelayMs).sum();
    assertTrue(waitOthers > 0.5 * 3 * injected, "the other three mostly wait: " + waitOthers + " vs " + injected);
  }
}
