package io.sparkdtrain.strategy.local;

import static io.sparkdtrain.testing.WeightAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.DataSource;
import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.StrategyProvider;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.Workspace;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

/**
 * Local SGD with {@code optimizer=adam} and {@link LocalSgdConfig.AdamMoments#KEEP}: each
 * partition's Adam moments (Kingma and Ba 2015) persist from round to round on its executor. The
 * references are written here: one {@link Adam} per partition stepped by a plain loop across rounds
 * (the rows {@link MiniBatchSampler} draws for the global step, the schedule at the global step),
 * and synchronous SGD's Adam, whose moments live on the driver for the whole run.
 */
class LocalAdamMomentsTest {
  private static final int FEATURES = 4;
  private static final int CLASSES = 3;
  private static final long SEED = 13;
  private static final double RATE = 0.01;
  private static final String SCHEDULE = "inverse-sqrt";

  private static CsrBlock block(SplittableRandom r, int rows) {
    CsrBlockBuilder b = new CsrBlockBuilder(FEATURES, false);
    for (int i = 0; i < rows; i++) {
      int y = r.nextInt(CLASSES);
      double[] x = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        x[j] = r.nextDouble() - 0.5 + (j == y ? 1.0 : 0.0);
      }
      b.addDenseRow(y, 1.0, x);
    }
    return b.build();
  }

  private static MlpModel network() {
    return new MlpModel(new MultilayerPerceptron(new MlpLayout(FEATURES, 5, CLASSES), Activation.TANH, 1e-3, 0.0));
  }

  private static TrainingConfig adam(int rounds) {
    return TrainingConfig.builder().optimizer("adam").stepSize(RATE).learningRateSchedule(SCHEDULE)
        .maxRounds(rounds).seed(SEED).build();
  }

  private static LocalSgd keeping(int h, int batch) {
    return new LocalSgd(LocalSgdConfig.builder().localSteps(h).batchSize(batch)
        .adamMoments(LocalSgdConfig.AdamMoments.KEEP).build());
  }

  private static TrainingResult train(List<CsrBlock> blocks, Object strategy, MlpModel model, TrainingConfig c) {
    TrainingData data = TrainingData.fromBlocks(SharedSpark.context().parallelize(blocks, blocks.size()), FEATURES,
        new SoftmaxLoss(CLASSES), DataSource.generated("LocalAdamMomentsTest"));
    try {
      TrainingContext context = new TrainingContext(SharedSpark.context(), data, null, model, c, null, null, null);
      return strategy instanceof LocalSgd l ? l.train(context) : ((SynchronousSgd) strategy).train(context);
    } finally {
      data.close();
    }
  }

  /**
   * One worker's round written out: {@code h} steps of the worker's own {@code adam} (its moments
   * carried in from earlier rounds), at global steps {@code first .. first + h - 1}.
   */
  private static double[] plainRound(MlpModel model, Adam adam, CsrBlock block, int partition, double[] start,
      long first, int h, int batch) {
    double[] w = start.clone();
    double[] g = new double[w.length];
    Workspace ws = model.newWorkspace();
    int n = block.numRows();
    int[] rows = new int[batch == 0 ? n : batch];
    for (int j = 0; j < h; j++) {
      SplittableRandom r = MiniBatchSampler.generator(SEED, first + j + 1, partition);
      for (int i = 0; i < rows.length; i++) {
        rows[i] = batch == 0 ? i : r.nextInt(n);
      }
      Arrays.fill(g, 0.0);
      model.addGradient(block, rows, rows.length, w, 1.0 / rows.length, g, ws);
      model.addPenaltyGradient(w, g);
      adam.step(w, g, first + j); // one optimiser for the whole run: rate and bias correction at the global step
    }
    return w;
  }

  private static Adam runAdam() {
    return Adam.builder().schedule(LearningRates.parse(SCHEDULE, RATE)).build();
  }

  @Test
  void theSecondRoundStartsFromTheFirstRoundsMoments() {
    CsrBlock block = block(new SplittableRandom(8), 50);
    MlpModel model = network();
    int h = 4;
    int batch = 8;
    int before = LocalAdamMoments.size();
    TrainingResult result = train(List.of(block), keeping(h, batch), model, adam(3));
    Adam adam = runAdam();
    double[] w = model.initialParameters(SEED);
    for (int round = 0; round < 3; round++) {
      w = plainRound(model, adam, block, 0, w, (long) round * h, h, batch);
    }
    assertClose(w, result.weights(), "three rounds of H = 4 local Adam steps, moments kept");
    assertEquals("keep", result.extras().get("adam_moments"));
    assertEquals(0L, result.extras().get("adam_moment_restarts"));
    assertEquals(before, LocalAdamMoments.size(), "the run's moments are removed when the fit ends");
  }

  @Test
  void twoPartitionsKeepTheirOwnMomentsAndAverageOnlyTheParameters() {
    SplittableRandom r = new SplittableRandom(9);
    CsrBlock a = block(r, 60);
    CsrBlock b = block(r, 40);
    MlpModel model = network();
    int h = 5;
    int batch = 6;
    TrainingResult result = train(List.of(a, b), keeping(h, batch), model, adam(2));
    Adam adamA = runAdam();
    Adam adamB = runAdam();
    double[] w = model.initialParameters(SEED);
    for (int round = 0; round < 2; round++) {
      double[] wa = plainRound(model, adamA, a, 0, w, (long) round * h, h, batch);
      double[] wb = plainRound(model, adamB, b, 1, w, (long) round * h, h, batch);
      for (int i = 0; i < w.length; i++) {
        w[i] = (60 * wa[i] + 40 * wb[i]) / 100;
      }
    }
    assertClose(w, result.weights(), "two rounds, the 60:40 mean of two workers with their own moments");
  }

  @Test
  void oneFullBatchStepPerRoundOnOnePartitionIsSyncAdam() {
    CsrBlock block = block(new SplittableRandom(10), 50);
    MlpModel model = network();
    double[] sync = train(List.of(block), new SynchronousSgd(), model, adam(4)).weights();
    double[] local = train(List.of(block), keeping(1, 0), model, adam(4)).weights(); // B = 0: fraction 1
    assertClose(sync, local, "four rounds, H = 1, moments kept on the worker vs on the driver");
  }

  @Test
  void aRetriedRoundRecomputesItsUpdateAndAMovedPartitionRestartsFromZeroMoments() {
    CsrBlock block = block(new SplittableRandom(11), 40);
    MlpModel model = network();
    Adam settings = runAdam();
    LongAccumulator restarts = SharedSpark.context().sc().longAccumulator("restarts");
    LocalSgdWorker<CsrBlock> keep = new LocalSgdWorker<>(model, settings.schedule(), SEED, 8, 0,
        LocalSgdConfig.SparseDeltas.OFF, 0, true, settings, restarts);
    LocalSgdWorker<CsrBlock> reset = new LocalSgdWorker<>(model, settings.schedule(), SEED, 8, 0,
        LocalSgdConfig.SparseDeltas.OFF, 0, true, settings);
    double[] w = model.initialParameters(SEED);
    String run = "retry-test";
    try {
      keep.run(0, List.of(block).iterator(), w, 0, 3, run, 1);
      double[] round2 = keep.run(0, List.of(block).iterator(), w, 3, 3, run, 2).vector();
      double[] retried = keep.run(0, List.of(block).iterator(), w, 3, 3, run, 2).vector();
      assertEquals(Arrays.toString(round2), Arrays.toString(retried), "a retried round 2 in the same JVM");
      double[] fresh = reset.run(0, List.of(block).iterator(), w, 3, 3, run, 2).vector();
      double diff = 0;
      for (int i = 0; i < fresh.length; i++) {
        diff = Math.max(diff, Math.abs(fresh[i] - round2[i]));
      }
      assertTrue(diff > 1e-6, "round 2 from round 1's moments differs from zero moments: " + diff);
      assertEquals(0L, restarts.value());
      // round 4 where the executor last ran round 2 (the partition was elsewhere in round 3)
      double[] moved = keep.run(0, List.of(block).iterator(), w, 9, 3, run, 4).vector();
      assertEquals(Arrays.toString(reset.run(0, List.of(block).iterator(), w, 9, 3, run, 4).vector()),
          Arrays.toString(moved), "a partition without its moments restarts from zero");
      assertEquals(1L, restarts.value());
    } finally {
      LocalAdamMoments.clear(run);
    }
  }

  @Test
  void compareVariantsSetTheMomentsPerVariant() {
    LocalSgdProvider provider = new LocalSgdProvider();
    StrategySettings base = StrategySettings.builder().put("localSteps", 8).build();
    StrategyProvider.Variant keep = provider.compareVariant("16+keep", base);
    assertEquals("local:16+keep", keep.label());
    assertEquals(LocalSgdConfig.AdamMoments.KEEP, ((LocalSgd) provider.create(keep.settings())).config().adamMoments());
    assertEquals(16, ((LocalSgd) provider.create(keep.settings())).config().localSteps());
    assertEquals(LocalSgdConfig.AdamMoments.RESET,
        ((LocalSgd) provider.create(provider.compareVariant("16", base).settings())).config().adamMoments());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> provider.compareVariant("16+always", base));
    assertEquals("local:H+M needs M keep or reset (the Adam moments), not 'always'", e.getMessage());
  }
}
