package io.sparkdtrain.strategy.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.engine.LocalUpdate;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.linear.SparseSgd;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.optim.LearningRates;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One partition's Local SGD round against a naive reference written out here: a fresh
 * {@link SparseSgd} over the same seeded batches, its whole weight vector, and the message
 * {@code n (w_end - c w)} (intercepts {@code n (w_end - w)}) over every coordinate. The worker builds
 * the message from the coordinates its steps wrote only (no O(dimension) arrays) except under L1,
 * so both paths are compared bit for bit, in every message encoding.
 */
class LocalSgdWorkerTest {
  private static final int FEATURES = 5000; // wide: a round of 4 x 8 rows touches a few hundred
  private static final long SEED = 11;

  private static double[] reference(Objective obj, LearningRateSchedule schedule, CsrBlock block, double[] w,
                                    long firstStep, int steps, int batch, int partition, double[] decayOut) {
    SparseSgd sgd = new SparseSgd(obj, new LearningRateSchedule() {
      @Override public double rate(long t) { return schedule.rate(firstStep + t); }
      @Override public double initialRate() { return schedule.initialRate(); }
    }, w);
    double lambda = obj.regularization().kind() == Regularization.Kind.L2 ? obj.regularization().lambda() : 0;
    double c = 1;
    int[] rows = new int[batch];
    for (int j = 0; j < steps; j++) {
      SplittableRandom r = MiniBatchSampler.generator(SEED, firstStep + j + 1, partition);
      for (int i = 0; i < batch; i++) {
        rows[i] = r.nextInt(block.numRows());
      }
      c *= 1.0 - schedule.rate(firstStep + j) * lambda;
      sgd.step(block, rows, batch);
    }
    double[] u = sgd.weights();
    double n = block.weightSum();
    for (int i = 0; i < u.length; i++) {
      u[i] = n * (obj.shape().isIntercept(i) ? u[i] - w[i] : u[i] - c * w[i]);
    }
    decayOut[0] = c;
    return u;
  }

  private static void sameMessageAsTheReference(Regularization reg, LocalSgdConfig.SparseDeltas encoding) {
    Objective obj = new Objective(new LogisticLoss(), reg, new ModelShape(FEATURES, 1, true));
    CsrBlock block = SyntheticData.block(SyntheticData.Spec.sparseBinary(3000, FEATURES, 20, 3), 0, 1, 0);
    double[] w = new double[FEATURES + 1];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextDouble() - 0.5; // a dense starting model: every untouched coordinate still decays
    }
    LearningRateSchedule schedule = LearningRates.constant(0.3);
    LocalSgdWorker worker = new LocalSgdWorker(obj, schedule, SEED, 8, 0.0, encoding);
    LocalUpdate u = worker.run(2, List.of(block).iterator(), w, 40, 4);
    double[] c = new double[1];
    double[] expected = reference(obj, schedule, block, w, 40, 4, 8, 2, c);
    assertArrayEquals(expected, u.vector(), 0.0, "the message, coordinate by coordinate, bit for bit");
    assertEquals(block.weightSum() * (c[0] - 1), u.decay(), 0.0);
    assertEquals(4L, u.steps());
    long nonZeros = java.util.Arrays.stream(expected).filter(x -> x != 0.0).count();
    long dense = 8L * w.length + LocalUpdate.HEADER_BYTES;
    long sparse = 12L * nonZeros + LocalUpdate.HEADER_BYTES;
    long bytes = switch (encoding) {
      case OFF -> dense;
      case ON -> sparse;
      case AUTO -> Math.min(dense, sparse);
    };
    assertEquals(bytes, u.bytes(), "the encoding's byte count");
    if (reg.kind() == Regularization.Kind.L2) {
      assertTrue(nonZeros < w.length / 4, "a short round on wide data touches few coordinates: " + nonZeros);
    }
  }

  @Test
  void l2MessageFromTouchedCoordinatesEqualsTheDenseReference() {
    for (LocalSgdConfig.SparseDeltas e : LocalSgdConfig.SparseDeltas.values()) {
      sameMessageAsTheReference(Regularization.l2(0.01), e);
    }
  }

  @Test
  void unregularisedAndL1MessagesEqualTheDenseReference() {
    sameMessageAsTheReference(Regularization.none(), LocalSgdConfig.SparseDeltas.AUTO);
    sameMessageAsTheReference(Regularization.l1(0.001), LocalSgdConfig.SparseDeltas.AUTO);
  }
}
