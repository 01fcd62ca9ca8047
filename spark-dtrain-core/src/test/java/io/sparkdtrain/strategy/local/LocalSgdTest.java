package io.sparkdtrain.strategy.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.DataSource;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.linear.SquaredLoss;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalSgd} on small hand-built data in the shared {@code local[2]} session: equality with
 * synchronous SGD at H = 1, the n_k-weighted average and the Nesterov outer step against
 * hand-computed values, determinism, the two aggregation paths, the sparse encoding and the H
 * schedules.
 */
public class LocalSgdTest {
  /** Unequal partitions: 50, 120, 30 and 200 rows (and one empty), 40 sparse features. */
  static final int[] SIZES = {50, 120, 0, 30, 200};
  static final int FEATURES = 40;
  static TrainingData unequal;
  static TrainingData tiny;

  @BeforeAll
  static void data() {
    LogisticLoss logistic = new LogisticLoss();
    List<CsrBlock> blocks = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(5);
    for (int size : SIZES) {
      CsrBlockBuilder b = new CsrBlockBuilder(FEATURES, false);
      for (int i = 0; i < size; i++) {
        int first = r.nextInt(FEATURES - 5);
        int[] idx = {first, first + 1 + r.nextInt(2), first + 4};
        double[] val = {r.nextGaussian(), r.nextGaussian(), 1.0};
        double margin = val[0] - 0.5 * val[1] + (idx[0] % 3 == 0 ? 1 : -0.3);
        b.addRow(margin + 0.5 * r.nextGaussian() > 0 ? 1.0 : -1.0, 1.0, idx, val);
      }
      blocks.add(b.build());
    }
    unequal = fromBlocks(blocks, FEATURES, logistic);
    // Squared loss, 1 feature, no intercept. Partition 0: (x=1, y=2). Partition 1: (1, 1), (1, 3), (2, 0).
    CsrBlock p0 = new CsrBlockBuilder(1, false).addRow(2, 1, new int[] {0}, new double[] {1}).build();
    CsrBlock p1 = new CsrBlockBuilder(1, false).addRow(1, 1, new int[] {0}, new double[] {1})
        .addRow(3, 1, new int[] {0}, new double[] {1}).addRow(0, 1, new int[] {0}, new double[] {2}).build();
    tiny = fromBlocks(List.of(p0, p1), 1, new SquaredLoss());
  }

  public static TrainingData fromBlocks(List<CsrBlock> blocks, int features, MarginLoss loss) {
    return TrainingData.fromBlocks(SharedSpark.context().parallelize(blocks, blocks.size()), features,
        loss, DataSource.generated("LocalSgdTest"));
  }

  @AfterAll
  static void release() {
    unequal.close();
    tiny.close();
  }

  static Objective logistic() {
    return new Objective(new LogisticLoss(), Regularization.l2(1e-2), new ModelShape(FEATURES, 1, true));
  }

  static TrainingResult run(TrainingStrategy s, TrainingData data, Objective objective, TrainingConfig c) {
    return s.train(new TrainingContext(SharedSpark.context(), data, null, objective, c, null,
        TrainingListener.NONE));
  }

  static LocalSgd local(LocalSgdConfig.Builder b) {
    return new LocalSgd(b.build());
  }

  /** max_i |a_i - b_i| / max_i |b_i|. */
  static double relativeDifference(double[] a, double[] b) {
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / scale;
  }

  @Test
  void oneLocalStepWithFullBatchesEqualsSynchronousSgd() {
    // Full batches (fraction 1), unequal partitions, L2 with an intercept, a decaying rate:
    // the n_k-weighted mean of per-partition steps is the synchronous step; only rounding differs.
    TrainingConfig c = TrainingConfig.builder().stepSize(2.0).learningRateSchedule("inverse-sqrt")
        .momentum(0).maxRounds(30).seed(3).build();
    double[] sync = run(new SynchronousSgd(), unequal, logistic(), c).weights();
    TrainingResult r = run(local(LocalSgdConfig.builder().localSteps(1)), unequal, logistic(), c);
    double rel = relativeDifference(r.weights(), sync);
    assertTrue(rel < 1e-12, "relative difference " + rel);
    assertEquals(30L, r.extras().get("local_steps_total"));
  }

  @Test
  void weightedAverageOfUnequalPartitionsMatchesHandComputation() {
    // Squared loss 0.5 (w x - y)^2, lr 0.5, H = 2 full-batch steps from w = 0:
    //   partition 0 (n=1): w <- w - 0.5 (w - 2):  0 -> 1 -> 1.5
    //   partition 1 (n=3): mean gradient 2w - 4/3: 0 -> 2/3 -> 2/3
    //   weighted average (1 x 1.5 + 3 x 2/3) / 4 = 0.875 (the unweighted mean would be 1.0833)
    Objective squared = new Objective(new SquaredLoss(), Regularization.none(), new ModelShape(1, 1, false));
    TrainingConfig c = TrainingConfig.builder().stepSize(0.5).momentum(0).maxRounds(1).build();
    for (LocalSgdConfig.Aggregation a : LocalSgdConfig.Aggregation.values()) {
      TrainingResult r = run(local(LocalSgdConfig.builder().localSteps(2).aggregation(a)), tiny, squared, c);
      assertEquals(0.875, r.weights()[0], 1e-15, a.name());
    }
  }

  @Test
  void nesterovOuterStepMatchesHandComputation() {
    // As above, two rounds; outer Nesterov (eta 0.7, mu 0.9) on g = w - avg_k w_k:
    //   v = mu v + g;  w -= eta (g + mu v)
    Objective squared = new Objective(new SquaredLoss(), Regularization.none(), new ModelShape(1, 1, false));
    TrainingConfig c = TrainingConfig.builder().stepSize(0.5).momentum(0).maxRounds(2).build();
    TrainingResult r = run(local(LocalSgdConfig.builder().localSteps(2).nesterov(0.7, 0.9)), tiny, squared, c);
    double w = 0;
    double v = 0;
    for (int round = 0; round < 2; round++) {
      double p0 = 0.5 * (0.5 * w + 1) + 1; // two steps of w <- 0.5 w + 1
      double p1 = 2.0 / 3; // the first step lands on 2/3, the minimiser of partition 1
      double g = w - (p0 + 3 * p1) / 4;
      v = 0.9 * v + g;
      w -= 0.7 * (g + 0.9 * v);
    }
    assertEquals(1.37257421875, w, 1e-12); // the same numbers worked out by hand
    assertEquals(w, r.weights()[0], 1e-12);
  }

  @Test
  void sameSeedGivesTheSameModelBitwise() {
    TrainingConfig c = TrainingConfig.builder().stepSize(0.5).maxRounds(8).seed(11).build();
    LocalSgd s = local(LocalSgdConfig.builder().localSteps(4).batchSize(5));
    double[] a = run(s, unequal, logistic(), c).weights();
    double[] b = run(s, unequal, logistic(), c).weights();
    assertArrayEquals(a, b, 0.0);
    double[] other = run(s, unequal, logistic(), c.toBuilder().seed(12).build()).weights();
    assertTrue(relativeDifference(other, a) > 1e-6, "another seed samples other rows");
  }

  @Test
  void treeAndDriverAggregationAgree() {
    TrainingConfig c = TrainingConfig.builder().stepSize(0.5).maxRounds(6).seed(2).treeDepth(1).build();
    LocalSgdConfig.Builder b = LocalSgdConfig.builder().localSteps(3).batchSize(4);
    double[] driver = run(local(b.aggregation(LocalSgdConfig.Aggregation.DRIVER)), unequal, logistic(), c).weights();
    double[] flat = run(local(b.aggregation(LocalSgdConfig.Aggregation.TREE)), unequal, logistic(), c).weights();
    // depth 1: the same merges in the same order, so bitwise equal
    assertArrayEquals(driver, flat, 0.0);
    // depth 3 over 5 partitions regroups the sums: equal up to rounding
    double[] tree = run(local(b), unequal, logistic(), c.toBuilder().treeDepth(3).build()).weights();
    double rel = relativeDifference(tree, driver);
    assertTrue(rel < 1e-12, "relative difference " + rel);
  }

  @Test
  void sparseDeltasChangeTheBytesButNotTheModel() {
    TrainingConfig c = TrainingConfig.builder().stepSize(0.5).maxRounds(4).seed(9).build();
    LocalSgdConfig.Builder b = LocalSgdConfig.builder().localSteps(2).batchSize(2);
    TrainingResult dense = run(local(b.sparseDeltas(LocalSgdConfig.SparseDeltas.OFF)), unequal, logistic(), c);
    TrainingResult sparse = run(local(b.sparseDeltas(LocalSgdConfig.SparseDeltas.ON)), unequal, logistic(), c);
    TrainingResult auto = run(local(b.sparseDeltas(LocalSgdConfig.SparseDeltas.AUTO)), unequal, logistic(), c);
    assertArrayEquals(dense.weights(), sparse.weights(), 0.0);
    assertArrayEquals(dense.weights(), auto.weights(), 0.0);
    int d = FEATURES + 1;
    int p = SIZES.length;
    // dense: per round 8d down and 8d + 24 up per partition (the empty one ships a 24-byte header)
    assertEquals(4L * (p * 8L * d + (p - 1) * (8L * d + 24) + 24), dense.bytesCommunicated());
    // 2 steps of 2 rows touch at most 4 x 3 features + the intercept: at most 13 non-zeros
    assertTrue(sparse.bytesCommunicated() <= 4L * (p * 8L * d + (p - 1) * (12L * 13 + 24) + 24),
        "sparse bytes " + sparse.bytesCommunicated());
    assertEquals(sparse.bytesCommunicated(), auto.bytesCommunicated());
    assertEquals(4 * p, sparse.extras().get("sparse_messages"));
  }

  @Test
  void postLocalScheduleUsesOneStepUntilTheSwitchRound() {
    TrainingConfig c = TrainingConfig.builder().stepSize(0.5).maxRounds(5).build();
    TrainingResult r = run(local(LocalSgdConfig.builder().localSteps(4).batchSize(3).postLocal(3)),
        unequal, logistic(), c);
    assertEquals(List.of(1, 1, 4, 4, 4), r.extras().get("local_steps_per_round"));
    assertEquals(14L, r.extras().get("local_steps_total"));
    assertEquals(4L * 14, r.extras().get("worker_steps_total")); // 4 non-empty partitions
    assertEquals("post-local:3", r.extras().get("h_schedule"));
  }

  @Test
  void adaptiveScheduleFollowsTheDocumentedRuleOnTheEvaluatedObjectives() {
    TrainingConfig c = TrainingConfig.builder().stepSize(1.0).maxRounds(8).evaluateEvery(2).build();
    TrainingResult r = run(local(LocalSgdConfig.builder().localSteps(64).batchSize(4)
        .schedule(LocalSgdConfig.Schedule.ADAPTIVE)), unequal, logistic(), c);
    List<RoundRecord> h = r.history();
    double f0 = h.get(0).objective();
    List<Integer> expected = new ArrayList<>();
    int steps = 64;
    for (int round = 1; round <= 8; round++) {
      expected.add(steps);
      double f = h.get(round).objective(); // NaN on rounds that were not evaluated
      if (!Double.isNaN(f)) {
        steps = Math.min(steps, (int) Math.max(1, Math.ceil(64 * Math.sqrt(f / f0))));
      }
    }
    assertEquals(expected, r.extras().get("local_steps_per_round"));
    assertTrue(expected.get(7) < 64, "H shrank as the objective fell: " + expected);
  }

  @Test
  void adagradIsRejectedWithTheSettingNamed() {
    TrainingConfig c = TrainingConfig.builder().optimizer("adagrad").build();
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> run(local(LocalSgdConfig.builder()), unequal, logistic(), c));
    assertTrue(e.getMessage().contains("optimizer") && e.getMessage().contains("adagrad"), e.getMessage());
  }
}
