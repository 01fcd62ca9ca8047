package io.sparkdtrain.strategy.async;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.HingeLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.store.ParameterStore;
import io.sparkdtrain.store.SparseDelta;
import io.sparkdtrain.store.SparseDeltaAccumulator;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.local.LocalSgdTest;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous parameter server's counters describe exactly the model it returns, and its
 * bookkeeping does not grow with the number of updates.
 */
class AsyncBookkeepingTest {
  static final int WORKERS = 4;
  static final double STEP = 1e-4;

  /**
   * Every update adds exactly {@code STEP} to the one weight: hinge loss, every row {@code x = 1, y = 1},
   * no intercept, no penalty, a constant rate, and a margin that stays below 1 (so the sub-gradient is
   * -1 at every step). So the returned weight counts the updates in the returned model:
   * {@code w = updates * STEP}, and with the threaded mode's workers racing the end of the run, an
   * update applied after the final snapshot would make {@code updates} larger than {@code w / STEP}.
   */
  @Test
  void theUpdateCountersDescribeExactlyTheReturnedModel() {
    List<CsrBlock> blocks = new ArrayList<>();
    for (int p = 0; p < WORKERS; p++) {
      CsrBlockBuilder b = new CsrBlockBuilder(1, false);
      for (int i = 0; i < 16; i++) {
        b.addRow(1.0, 1.0, new int[] {0}, new double[] {1.0});
      }
      blocks.add(b.build());
    }
    TrainingData data = LocalSgdTest.fromBlocks(blocks, 1, new HingeLoss());
    try {
      Objective objective = new Objective(new HingeLoss(), Regularization.none(), new ModelShape(1, 1, false));
      for (int run = 0; run < 2; run++) {
        TrainingConfig tc = TrainingConfig.builder().stepSize(STEP).learningRateSchedule("constant")
            .maxRounds(10).seed(run).build();
        TrainingContext context = new TrainingContext(SharedSpark.context(), data, null, objective, tc, null, null,
            StragglerModel.NONE);
        TrainingResult r = new AsyncParameterServer(AsyncConfig.builder().batchSize(4).build()).train(context);
        Map<String, Object> x = r.extras();
        long updates = (long) x.get("updates");
        long discarded = (long) x.get("updates_discarded_after_stop");
        System.out.printf("async run %d: w = %.10f, updates %d, discarded after stop %d, received %d%n", run,
            r.weights()[0], updates, discarded, x.get("deltas_received"));
        assertEquals(updates * STEP, r.weights()[0], STEP * 1e-6,
            "the returned weight holds exactly the counted updates");
        long perWorker = 0;
        for (Object m : (List<?>) x.get("per_worker")) {
          perWorker += (long) ((Map<?, ?>) m).get("updates");
        }
        assertEquals(updates, perWorker, "per-worker updates add up to the model's updates");
        assertEquals((long) x.get("deltas_received"), updates + discarded + (long) x.get("updates_dropped"));
        Map<?, ?> histogram = (Map<?, ?>) ((Map<?, ?>) x.get("staleness")).get("histogram");
        assertEquals(updates, histogram.values().stream().mapToLong(v -> (Long) v).sum(),
            "the staleness report covers the model's updates");
      }
    } finally {
      data.close();
    }
  }

  /**
   * 20,000 updates from 4 workers: the exactly-once bookkeeping holds one high-water mark per worker
   * and the staleness report one counter per distinct staleness; a repeated (worker, clock) is still
   * refused, and the summary equals the one computed from the full list of staleness values.
   */
  @Test
  void bookkeepingHoldsOneEntryPerWorkerAndPerStalenessNotPerUpdate() {
    ParameterStore store = new ParameterStore(new double[3]);
    SparseDeltaAccumulator driver = new SparseDeltaAccumulator(store);
    AsyncApplier a = new AsyncApplier(store, AsyncConfig.builder().build(), LearningRates.parse("constant", 0.1));
    long[] staleness = new long[20_000];
    long[] clocks = new long[WORKERS];
    for (int t = 0; t < staleness.length; t++) {
      int worker = t % WORKERS;
      long readVersion = Math.max(0, store.version() - t % 5);
      staleness[t] = store.version() - readVersion;
      push(driver, worker, readVersion, clocks[worker]++);
      a.drainAndApply();
      if (t % 1000 == 999) {
        push(driver, worker, 0, clocks[worker] - 1); // a second copy of the last update
        a.drainAndApply();
      }
    }
    assertEquals(staleness.length, a.applied());
    assertEquals(20, a.duplicates());
    assertEquals(WORKERS, a.trackedWorkers());
    assertEquals(5, a.distinctStaleness());
    assertEquals(AsyncApplier.stalenessSummary(staleness), a.stalenessReport());
    double[] before = a.stopAndSnapshot();
    push(driver, 0, store.version(), clocks[0]);
    a.drainAndApply();
    assertArrayEquals(before, store.snapshot(), 0.0, "nothing applied after stopAndSnapshot");
    assertEquals(1, a.discarded());
  }

  private static void push(SparseDeltaAccumulator driver, int worker, long readVersion, long clock) {
    SparseDeltaAccumulator task = new SparseDeltaAccumulator(null);
    task.add(new SparseDelta(Integer.toString(worker), readVersion, clock, 1, 0, new int[] {worker % 3},
        new double[] {1e-3}));
    driver.merge(task);
  }
}
