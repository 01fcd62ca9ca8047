package io.sparkdtrain.strategy.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.LocalUpdate;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.linear.SquaredLoss;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Top-k sparsification with error feedback in {@link LocalSgd}, on tiny data in the shared
 * {@code local[2]} session: exactness when k covers every update, a hand-computed two-round case,
 * feedback against no feedback, the residual registry's cleanup and the bytes shipped.
 */
class LocalSgdTopKTest {
  static final int PARTITIONS = 4;
  static final int ROWS = 30;
  static final int FEATURES = 24;
  static TrainingData data;
  /** One partition, one row: x = (2, 1), y = 1 (squared loss). */
  static TrainingData single;

  @BeforeAll
  static void build() {
    List<CsrBlock> blocks = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(17);
    for (int p = 0; p < PARTITIONS; p++) {
      CsrBlockBuilder b = new CsrBlockBuilder(FEATURES, false);
      for (int i = 0; i < ROWS; i++) {
        int first = r.nextInt(FEATURES - 6);
        int[] idx = {first, first + 1, first + 3, first + 5};
        double[] val = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), 1.0};
        double margin = val[0] - 0.7 * val[1] + 0.4 * val[2] + (first % 2 == 0 ? 0.5 : -0.5);
        b.addRow(margin + 0.3 * r.nextGaussian() > 0 ? 1.0 : -1.0, 1.0, idx, val);
      }
      blocks.add(b.build());
    }
    data = LocalSgdTest.fromBlocks(blocks, FEATURES, new LogisticLoss());
    single = LocalSgdTest.fromBlocks(List.of(new CsrBlockBuilder(2, false)
        .addRow(1, 1, new int[] {0, 1}, new double[] {2, 1}).build()), 2, new SquaredLoss());
  }

  @AfterAll
  static void release() {
    data.close();
    single.close();
  }

  static Objective logistic() {
    return new Objective(new LogisticLoss(), Regularization.l2(1e-2), new ModelShape(FEATURES, 1, true));
  }

  static TrainingResult run(LocalSgdConfig.Builder b, TrainingData d, Objective o, TrainingConfig c,
                            TrainingListener listener) {
    return new LocalSgd(b.build()).train(new TrainingContext(SharedSpark.context(), d, null, o, c, null, listener));
  }

  static TrainingResult run(LocalSgdConfig.Builder b, TrainingConfig c) {
    return run(b, data, logistic(), c, TrainingListener.NONE);
  }

  /** A listener that runs {@code action} on every round after the start. */
  static TrainingListener onRound(java.util.function.Consumer<RoundRecord> action) {
    return new TrainingListener() {
      @Override
      public void onRound(RoundRecord record) {
        if (record.round() > 0) {
          action.accept(record);
        }
      }
    };
  }

  @Test
  void topKCoveringEveryUpdateEqualsTheUncompressedRunBitwise() {
    TrainingConfig c = TrainingConfig.builder().stepSize(0.5).maxRounds(5).seed(4).treeDepth(2).build();
    int dim = FEATURES + 1;
    for (LocalSgdConfig.Aggregation a : LocalSgdConfig.Aggregation.values()) {
      LocalSgdConfig.Builder b = LocalSgdConfig.builder().localSteps(3).batchSize(4).aggregation(a);
      TrainingResult plain = run(b, c);
      TrainingResult topK = run(b.topK(dim), c); // every update has at most dim non-zeros
      assertArrayEquals(plain.weights(), topK.weights(), 0.0, a.name());
      assertEquals(plain.bytesCommunicated(), topK.bytesCommunicated(), a.name());
      assertEquals(dim, topK.extras().get("top_k"));
      assertEquals(0, plain.extras().get("top_k"));
      b.topK(0);
    }
  }

  @Test
  void oneRowTwoRoundsKeepTheLargestCoordinateAndCarryTheRest() {
    // Squared loss 0.5 (w.x - y)^2, x = (2, 1), y = 1, lr 0.1, H = 1, one partition (n = 1), k = 1.
    // Round 1 from w = (0, 0): gradient (w.x - y) x = (-2, -1), u = -0.1 g = (0.2, 0.1).
    //   v = u + e = (0.2, 0.1): ship coordinate 0 (0.2), residual e = (0, 0.1); w = (0.2, 0).
    // Round 2: w.x - y = -0.6, gradient (-1.2, -0.6), u = (0.12, 0.06).
    //   v = u + e = (0.12, 0.16): the residual makes coordinate 1 the largest: ship 0.16, e = (0.12, 0);
    //   w = (0.2, 0.16).
    // Without feedback round 2 ships the 0.12 of coordinate 0 instead: w = (0.32, 0).
    Objective squared = new Objective(new SquaredLoss(), Regularization.none(), new ModelShape(2, 1, false));
    TrainingConfig c = TrainingConfig.builder().stepSize(0.1).momentum(0).maxRounds(2).build();
    List<double[]> residuals = new ArrayList<>();
    TrainingResult r = run(LocalSgdConfig.builder().localSteps(1).topK(1), single, squared, c,
        onRound(rec -> {
          Map<String, double[]> now = LocalSgdResiduals.snapshot();
          assertEquals(1, now.size(), now.keySet().toString());
          residuals.add(now.values().iterator().next());
        }));
    assertArrayEquals(new double[] {0.2, 0.16}, r.weights(), 1e-15);
    assertEquals(2, residuals.size());
    assertArrayEquals(new double[] {0, 0.1}, residuals.get(0), 1e-15);
    assertArrayEquals(new double[] {0.12, 0}, residuals.get(1), 1e-15);
    // per round: 8 x 2 down, one kept coordinate (12) + header (24) up
    assertEquals(2L * (16 + 36), r.bytesCommunicated());
    assertEquals(72L, r.extras().get("bytes_up"));
    assertEquals(0, LocalSgdResiduals.size());

    TrainingResult noFeedback = run(LocalSgdConfig.builder().localSteps(1).topK(1).errorFeedback(false),
        single, squared, c, onRound(rec -> assertEquals(0, LocalSgdResiduals.size())));
    assertArrayEquals(new double[] {0.32, 0}, noFeedback.weights(), 1e-15);
    assertEquals(false, noFeedback.extras().get("error_feedback"));
  }

  @Test
  void errorFeedbackReachesALowerObjectiveThanPlainTopK() {
    TrainingConfig c = TrainingConfig.builder().stepSize(0.5).maxRounds(25).seed(8).evaluateEvery(25).build();
    LocalSgdConfig.Builder b = LocalSgdConfig.builder().localSteps(4).batchSize(6).topK(2);
    double withFeedback = run(b, c).finalObjective();
    double without = run(b.errorFeedback(false), c).finalObjective();
    double uncompressed = run(b.topK(0), c).finalObjective();
    // Measured (seeds 1-4 and 8): feedback 0.553-0.560, none 0.586-0.599, uncompressed 0.552-0.557.
    String values = "feedback " + withFeedback + ", none " + without + ", uncompressed " + uncompressed;
    assertTrue(withFeedback < without, values);
    // feedback stays close to the uncompressed run; dropping the rest loses most of the way
    assertTrue(withFeedback - uncompressed < 0.5 * (without - uncompressed), values);
  }

  @Test
  void residualRegistryIsEmptyAfterTrainReturnsOrThrows() {
    TrainingConfig c = TrainingConfig.builder().stepSize(0.5).maxRounds(3).seed(1).build();
    LocalSgdConfig.Builder b = LocalSgdConfig.builder().localSteps(2).batchSize(3).topK(2);
    int[] during = new int[1];
    run(b, data, logistic(), c, onRound(rec -> during[0] = Math.max(during[0], LocalSgdResiduals.size())));
    assertEquals(PARTITIONS, during[0], "one residual per partition while training");
    assertEquals(0, LocalSgdResiduals.size());
    RuntimeException e = assertThrows(RuntimeException.class, () -> run(b, data, logistic(), c, onRound(rec -> {
      if (rec.round() == 2) {
        throw new IllegalStateException("listener failure");
      }
    })));
    assertEquals("listener failure", e.getMessage());
    assertEquals(0, LocalSgdResiduals.size());
  }

  @Test
  void bytesDropByTheRatioOfNonZerosToK() {
    TrainingConfig c = TrainingConfig.builder().stepSize(0.5).maxRounds(4).seed(6).build();
    LocalSgdConfig.Builder b = LocalSgdConfig.builder().localSteps(3).batchSize(4)
        .sparseDeltas(LocalSgdConfig.SparseDeltas.ON);
    TrainingResult plain = run(b, c);
    int k = 2;
    TrainingResult topK = run(b.topK(k), c);
    int messages = 4 * PARTITIONS;
    long plainUp = (Long) plain.extras().get("bytes_up");
    long topKUp = (Long) topK.extras().get("bytes_up");
    // every update touches more than k coordinates: exactly k kept per message
    assertEquals(messages * (12L * k + LocalUpdate.HEADER_BYTES), topKUp);
    assertEquals(plain.extras().get("bytes_down"), topK.extras().get("bytes_down"));
    double meanNnz = (plainUp / (double) messages - LocalUpdate.HEADER_BYTES) / 12.0;
    double payloadRatio = (plainUp - messages * LocalUpdate.HEADER_BYTES)
        / (double) (topKUp - messages * LocalUpdate.HEADER_BYTES);
    assertEquals(meanNnz / k, payloadRatio, 1e-9);
    assertTrue(meanNnz / k > 3, "mean non-zeros per update " + meanNnz);
  }

  @Test
  void topKAboveTheModelDimensionIsRejectedWithTheSettingNamed() {
    TrainingConfig c = TrainingConfig.builder().maxRounds(1).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(LocalSgdConfig.builder().topK(FEATURES + 2), c));
    assertEquals("Cannot set topK to " + (FEATURES + 2) + ", the value must be <= the model dimension "
        + (FEATURES + 1), e.getMessage());
  }

  @Test
  void takeLargestKeepsTheKLargestMagnitudesWithTiesByIndex() {
    double[] v = {0.5, -3, 0, 2, -2, 1};
    double[] kept = LocalSgdWorker.takeLargest(v, 3);
    assertArrayEquals(new double[] {0, -3, 0, 2, -2, 0}, kept, 0.0);
    assertArrayEquals(new double[] {0.5, 0, 0, 0, 0, 1}, v, 0.0);
    double[] tie = {1, -1, 1};
    assertArrayEquals(new double[] {1, -1, 0}, LocalSgdWorker.takeLargest(tie, 2), 0.0);
    double[] few = {0, 4, 0};
    assertArrayEquals(new double[] {0, 4, 0}, LocalSgdWorker.takeLargest(few, 2), 0.0);
    assertArrayEquals(new double[3], few, 0.0);
    double[] nan = {1, Double.NaN, 2};
    double[] keptNan = LocalSgdWorker.takeLargest(nan, 1);
    assertTrue(Double.isNaN(keptNan[1]), "NaN is kept, so the divergence guard sees it");
  }
}
