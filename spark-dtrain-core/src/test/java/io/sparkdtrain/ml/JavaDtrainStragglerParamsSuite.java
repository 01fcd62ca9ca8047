package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.events.WorkerEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Estimator's injected stragglers ({@code stragglers}, {@code stragglerDelay}), as the command
 * line's {@code --straggler} and {@code --straggler-delay}: the slowed worker's steps carry the
 * injected delay in the summary's worker events and the others wait for it at the barriers; the
 * same fit without the params (the reference) records no injected delay. Bad values fail naming the
 * param.
 */
class JavaDtrainStragglerParamsSuite {

  private static DtrainClassifier sync() {
    return new DtrainClassifier().setMaxIter(4).setNumWorkers(2).setSeed(3L);
  }

  @Test
  void aSlowedWorkersStepsCarryTheInjectedPauseAndTheOthersWaitForIt() {
    List<WorkerEvent> slowed = sync().setStragglers("1:+40ms").fit(MlData.a9aSmall()).summary().events().events();
    List<WorkerEvent> plain = sync().fit(MlData.a9aSmall()).summary().events().events();
    assertEquals(plain.size(), slowed.size(), "the same steps");
    assertTrue(slowed.size() >= 8, "events " + slowed.size());
    double waitOfWorker0 = 0;
    for (WorkerEvent e : slowed) {
      if (e.worker() == 1) {
        assertTrue(e.injectedDelayMs() >= 40, "worker 1 step " + e.step() + ": " + e.injectedDelayMs() + " ms");
      } else {
        assertEquals(0.0, e.injectedDelayMs(), "worker " + e.worker() + " step " + e.step());
        waitOfWorker0 += e.waitMs();
      }
    }
    // worker 0 waits for worker 1's 40 ms pause at each of the (at least 4) barriers
    assertTrue(waitOfWorker0 >= 4 * 40 * 0.9, "worker 0 waited " + waitOfWorker0 + " ms");
    assertEquals(0.0, plain.stream().mapToDouble(WorkerEvent::injectedDelayMs).sum(), "no params: no delay");
  }

  @Test
  void theNetworkEstimatorHonoursTheSameParams() {
    DtrainMultilayerPerceptronClassifier mlp = new DtrainMultilayerPerceptronClassifier()
        .setLayers(new int[] {180, 8, 3}).setMaxIter(3).setNumWorkers(2).setSeed(3L);
    List<WorkerEvent> slowed = mlp.copy(new org.apache.spark.ml.param.ParamMap()).setStragglers("1:+40ms")
        .fit(MlData.dna()).summary().result().events().events();
    assertTrue(slowed.size() >= 6, "events " + slowed.size());
    for (WorkerEvent e : slowed) {
      double expected = e.worker() == 1 ? 40 : 0;
      assertTrue(e.worker() == 1 ? e.injectedDelayMs() >= expected : e.injectedDelayMs() == 0,
          "worker " + e.worker() + " step " + e.step() + ": " + e.injectedDelayMs() + " ms");
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> mlp.setStragglers("7:2").fit(MlData.dna()));
    assertTrue(e.getMessage().startsWith("Cannot set stragglers to '7:2': worker 7 does not exist"), e.getMessage());
  }

  @Test
  void theRandomDelayIsInjectedOnEveryWorker() {
    List<WorkerEvent> events = sync().setStragglerDelay("exp:5").fit(MlData.a9aSmall()).summary().events().events();
    for (int w = 0; w < 2; w++) {
      int worker = w;
      assertTrue(events.stream().filter(e -> e.worker() == worker).mapToDouble(WorkerEvent::injectedDelayMs).sum() > 0,
          "worker " + w + " got an injected delay");
    }
  }

  @Test
  void badValuesNameTheParam() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DtrainClassifier().setStragglers("1:fast"));
    assertTrue(e.getMessage().contains("stragglers given invalid value 1:fast"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new DtrainClassifier().setStragglerDelay("exp"));
    assertTrue(e.getMessage().contains("stragglerDelay given invalid value exp"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> sync().setStragglers("0:2,5:+10ms").fit(MlData.a9aSmall()));
    assertEquals("Cannot set stragglers to '0:2,5:+10ms': worker 5 does not exist, there are 2 workers"
        + " (partitions 0..1)", e.getMessage());
  }
}
