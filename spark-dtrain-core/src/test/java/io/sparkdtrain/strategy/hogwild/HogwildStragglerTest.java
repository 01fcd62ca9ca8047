package io.sparkdtrain.strategy.hogwild;

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
 * Hogwild! honours the straggler model and records worker events like the other round-based
 * strategies: one event per task thread and round, the named worker sleeps its pause at the end of
 * each round's task, and the other thread waits for it at the round's end (the driver averages after
 * every task has finished). Reference: the same run without a straggler, whose events carry no
 * injected delay. Shared {@code local[2]} session, two partitions, two task threads.
 */
class HogwildStragglerTest {
  private static final int ROUNDS = 4;
  private static final double PAUSE_MS = 150;
  private static TrainingData data;
  private static Objective objective;

  @BeforeAll
  static void setUp() {
    data = SyntheticData.train(SharedSpark.context(), SyntheticData.Spec.sparseBinary(2000, 40, 8, 5), 2,
        new LogisticLoss());
    objective = new Objective(new LogisticLoss(), Regularization.l2(1e-3), new ModelShape(40, 1, true));
  }

  @AfterAll
  static void tearDown() {
    data.close();
  }

  private static TrainingResult train(StragglerModel stragglers) {
    TrainingConfig config = TrainingConfig.builder().stepSize(0.05).maxRounds(ROUNDS).seed(3).build();
    return new HogwildSgd(HogwildConfig.builder().threads(2).build()).train(
        new TrainingContext(SharedSpark.context(), data, null, objective, config, null, null, stragglers));
  }

  @Test
  void everyRoundRecordsOneEventPerThreadWithoutDelayByDefault() {
    List<WorkerEvent> events = train(StragglerModel.NONE).events().events();
    assertEquals(2 * ROUNDS, events.size(), events.toString());
    for (WorkerEvent e : events) {
      assertEquals(0.0, e.injectedDelayMs(), e.toString());
      assertEquals(8L * 41, e.bytesIn(), e.toString());
      assertTrue(e.bytesOut() > 0, "each task ships its sparse delta: " + e);
    }
  }

  @Test
  void thePausedWorkerSleepsAndTheOtherWaitsForIt() {
    TrainingResult slow = train(StragglerModel.builder().pause(1, PAUSE_MS).build());
    List<WorkerEvent> events = slow.events().events();
    assertEquals(2 * ROUNDS, events.size(), events.toString());
    for (long round = 1; round <= ROUNDS; round++) {
      final long r = round;
      List<WorkerEvent> step = events.stream().filter(e -> e.step() == r).collect(Collectors.toList());
      assertEquals(List.of(0, 1), step.stream().map(WorkerEvent::worker).collect(Collectors.toList()));
      WorkerEvent straggler = step.get(1);
      WorkerEvent other = step.get(0);
      assertTrue(straggler.injectedDelayMs() >= PAUSE_MS, straggler.toString());
      assertTrue(straggler.computeMs() >= straggler.injectedDelayMs(), "the pause is in its measured time");
      assertEquals(0.0, other.injectedDelayMs(), other.toString());
      // the other thread ends before the straggler's sleep does, up to its own compute and late start
      double slack = other.computeMs() + Math.max(0, other.startMs() - straggler.startMs()) + 1.0;
      assertTrue(other.waitMs() >= straggler.injectedDelayMs() - slack, other + " vs " + straggler);
      assertEquals(0.0, straggler.waitMs(), "the straggler is the barrier: " + step);
    }
    assertTrue(slow.wallClockSeconds() >= ROUNDS * PAUSE_MS / 1e3, "the rounds took the pauses: "
        + slow.wallClockSeconds());
  }
}
