package io.sparkdtrain.strategy.async;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.store.ParameterStore;
import io.sparkdtrain.store.SparseDelta;
import io.sparkdtrain.store.SparseDeltaAccumulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncApplier} without Spark: deltas reach the store the way Spark's merge delivers them
 * (through {@link SparseDeltaAccumulator#merge}), and the staleness, drop, 1/tau and DC-ASGD rules are
 * checked against values computed by hand.
 */
class AsyncApplierTest {

  private static void push(SparseDeltaAccumulator driver, int worker, long readVersion, long clock, int[] idx,
                           double[] val) {
    SparseDeltaAccumulator task = new SparseDeltaAccumulator(null); // a task's copy carries no store
    task.add(new SparseDelta(Integer.toString(worker), readVersion, clock, 1, 0, idx, val));
    driver.merge(task);
  }

  private static AsyncApplier applier(ParameterStore store, AsyncConfig config) {
    return new AsyncApplier(store, config, LearningRates.parse("constant", 0.1));
  }

  @Test
  void stalenessIsVersionAtApplyMinusReadVersion() {
    ParameterStore store = new ParameterStore(new double[2]);
    SparseDeltaAccumulator acc = new SparseDeltaAccumulator(store);
    AsyncApplier a = applier(store, AsyncConfig.builder().build());
    a.read(0);
    a.read(1);
    push(acc, 0, 0, 0, new int[] {0}, new double[] {1});
    push(acc, 1, 0, 0, new int[] {1}, new double[] {2});
    List<AsyncApplier.Outcome> out = a.drainAndApply();
    assertEquals(List.of(0L, 1L), out.stream().map(AsyncApplier.Outcome::staleness).toList());
    assertArrayEquals(new double[] {1, 2}, store.snapshot());
    assertEquals(2, a.applied());
    assertEquals(out.get(1), a.outcome(1, 0));
  }

  /**
   * A second delta of the same (worker, clock), as a double merge would deliver, is counted and never
   * applied; a later clock of the same worker is applied normally.
   */
  @Test
  void aDeltaReceivedTwiceIsCountedAndAppliedOnce() {
    ParameterStore store = new ParameterStore(new double[1]);
    SparseDeltaAccumulator acc = new SparseDeltaAccumulator(store);
    AsyncApplier a = applier(store, AsyncConfig.builder().build());
    push(acc, 0, 0, 0, new int[] {0}, new double[] {1});
    push(acc, 0, 0, 0, new int[] {0}, new double[] {1});
    push(acc, 0, 1, 1, new int[] {0}, new double[] {2});
    a.drainAndApply();
    assertArrayEquals(new double[] {3}, store.snapshot());
    assertEquals(2, a.applied());
    assertEquals(1, a.duplicates());
    assertEquals(2, store.version());
  }

  @Test
  void inverseRateScalesByOneOverTauAndDropSkipsOldUpdates() {
    ParameterStore store = new ParameterStore(new double[1]);
    SparseDeltaAccumulator acc = new SparseDeltaAccumulator(store);
    AsyncApplier a = applier(store, AsyncConfig.builder().stalenessLr(AsyncConfig.StalenessLr.INVERSE)
        .dropStaleness(2).build());
    for (int k = 0; k < 4; k++) {
      push(acc, k, 0, 0, new int[] {0}, new double[] {1});
    }
    // taus 0, 1, 2, 3: scaled 1, 1, 1/2, then dropped (3 > 2), version stays 3
    a.drainAndApply();
    assertEquals(2.5, store.snapshot()[0], 1e-15);
    assertEquals(3, a.applied());
    assertEquals(1, a.dropped());
    assertEquals(3, store.version());
  }

  @Test
  void delayCompensationAddsTheDiagonalTaylorTerm() {
    ParameterStore store = new ParameterStore(new double[] {0, 0});
    SparseDeltaAccumulator acc = new SparseDeltaAccumulator(store);
    AsyncApplier a = applier(store, AsyncConfig.builder().dcLambda(2).build());
    a.read(0); // worker 0 reads w = (0, 0) at version 0
    a.read(1);
    push(acc, 1, 0, 0, new int[] {0}, new double[] {1}); // tau 0: no compensation; w = (1, 0)
    push(acc, 0, 0, 0, new int[] {0, 1}, new double[] {-0.5, 0.2});
    a.drainAndApply();
    // eta = 0.1; g = -d / eta = (5, -2); drift = w_now - w_read = (1, 0)
    // d' = d - eta lambda g^2 drift = (-0.5 - 0.1 * 2 * 25 * 1, 0.2 - 0) = (-5.5, 0.2)
    assertArrayEquals(new double[] {1 - 5.5, 0.2}, store.snapshot(), 1e-12);
  }

  @Test
  void delayCompensationOfKLocalStepsUsesTheirSummedRate() {
    ParameterStore store = new ParameterStore(new double[] {0});
    SparseDeltaAccumulator acc = new SparseDeltaAccumulator(store);
    AsyncApplier a = applier(store, AsyncConfig.builder().localSteps(2).dcLambda(2).build());
    a.read(0);
    a.read(1);
    push(acc, 1, 0, 0, new int[] {0}, new double[] {1});
    push(acc, 0, 0, 0, new int[] {0}, new double[] {-0.5});
    a.drainAndApply();
    // eta = 0.1 + 0.1; g = 0.5 / 0.2 = 2.5; d' = -0.5 - 0.2 * 2 * 6.25 * (1 - 0) = -3
    assertEquals(1 - 3.0, store.snapshot()[0], 1e-12);
  }

  @Test
  void afterStopDeltasAreDiscardedAndCounted() {
    ParameterStore store = new ParameterStore(new double[1]);
    SparseDeltaAccumulator acc = new SparseDeltaAccumulator(store);
    AsyncApplier a = applier(store, AsyncConfig.builder().build());
    a.stop();
    push(acc, 0, 0, 0, new int[] {0}, new double[] {1});
    List<AsyncApplier.Outcome> out = a.drainAndApply();
    assertFalse(out.get(0).applied());
    assertEquals(1, a.discarded());
    assertEquals(0, a.processed());
    assertEquals(0.0, store.snapshot()[0]);
  }

  @Test
  void stalenessSummaryUsesNearestRankPercentiles() {
    long[] values = new long[100];
    for (int i = 0; i < 100; i++) {
      values[i] = i < 90 ? 1 : 10 + i; // 90 ones, then 100..109
    }
    Map<String, Object> s = AsyncApplier.stalenessSummary(values);
    assertEquals(1L, s.get("p50"));
    assertEquals(108L, s.get("p99"));
    assertEquals(109L, s.get("max"));
    assertEquals((90 + (100 + 109) * 5) / 100.0, (double) s.get("mean"), 1e-12);
    @SuppressWarnings("unchecked")
    Map<String, Long> h = (Map<String, Long>) s.get("histogram");
    assertEquals(90L, h.get("1"));
    assertEquals("1", h.keySet().iterator().next());
    assertEquals(0L, AsyncApplier.stalenessSummary(new long[0]).get("max"));
  }

  @Test
  void configValidatesAndPrintsEverySetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AsyncConfig.builder().localSteps(-1).build());
    assertEquals("Cannot set localSteps to -1, the value must be >= 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AsyncConfig.builder().localSteps(2).batchSize(0).build());
    assertEquals("Cannot set batchSize to 0, the value must be >= 1", e.getMessage(),
        "b = 0 (unset) only with k = 0, the one pass that resolves it");
    assertThrows(IllegalArgumentException.class, () -> AsyncConfig.builder().maxStaleness(-2).build());
    assertThrows(IllegalArgumentException.class, () -> AsyncConfig.builder().dcLambda(-1).build());
    assertThrows(IllegalArgumentException.class, () -> AsyncConfig.builder().failFirstAttempts(1.5).build());
    assertThrows(IllegalArgumentException.class,
        () -> AsyncConfig.builder().injectStaleness(2).maxStaleness(1).build());
    AsyncConfig c = AsyncConfig.builder().localSteps(3).batchSize(7).maxStaleness(2).dcLambda(0.5).dcAdaptive(true)
        .dropStaleness(9).updatesPerRound(5).stalenessLr(AsyncConfig.StalenessLr.INVERSE).build();
    assertEquals(c.toString(), c.toBuilder().build().toString());
    assertTrue(c.toString().contains("dropStaleness=9"));
  }
}
