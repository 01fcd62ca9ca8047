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
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.Workspace;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Local SGD with {@code optimizer=adam} on the network: each worker's round is Adam (Kingma and Ba
 * 2015, {@link Adam}) from zero moments, and the driver averages the parameters. Reference: the
 * same steps as a plain loop here (the rows {@link MiniBatchSampler} draws for the global step, the
 * schedule at the global step, a fresh {@link Adam} per round), checked to 1e-12 of the weights.
 */
class LocalSgdAdamTest {
  private static final int FEATURES = 4;
  private static final int CLASSES = 3;
  private static final long SEED = 11;
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

  private static TrainingConfig.Builder adam(int rounds) {
    return TrainingConfig.builder().optimizer("adam").stepSize(RATE).learningRateSchedule(SCHEDULE)
        .maxRounds(rounds).seed(SEED);
  }

  private static TrainingResult train(List<CsrBlock> blocks, Object strategy, MlpModel model, TrainingConfig c) {
    TrainingData data = TrainingData.fromBlocks(SharedSpark.context().parallelize(blocks, blocks.size()), FEATURES,
        new SoftmaxLoss(CLASSES), DataSource.generated("LocalSgdAdamTest"));
    try {
      TrainingContext context = new TrainingContext(SharedSpark.context(), data, null, model, c, null, null, null);
      return strategy instanceof LocalSgd l ? l.train(context) : ((SynchronousSgd) strategy).train(context);
    } finally {
      data.close();
    }
  }

  /**
   * One worker's round written out: {@code h} Adam steps from {@code start} with fresh moments, on
   * batches of {@code batch} rows of partition {@code partition} ({@code 0}: every row in order).
   */
  private static double[] plainRound(MlpModel model, CsrBlock block, int partition, double[] start, long first,
      int h, int batch) {
    LearningRateSchedule rates = LearningRates.shifted(LearningRates.parse(SCHEDULE, RATE), first);
    Adam adam = Adam.builder().schedule(rates).build();
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
      adam.step(w, g, j);
    }
    return w;
  }


  @Test
  void onePartitionTakesHAdamStepsPerRoundFromFreshMoments() {
    CsrBlock block = block(new SplittableRandom(8), 50);
    MlpModel model = network();
    int h = 4;
    int batch = 8;
    LocalSgd local = new LocalSgd(LocalSgdConfig.builder().localSteps(h).batchSize(batch).build());
    TrainingResult result = train(List.of(block), local, model, adam(2).build());
    double[] w = model.initialParameters(SEED);
    w = plainRound(model, block, 0, w, 0, h, batch);
    w = plainRound(model, block, 0, w, h, h, batch); // round 2: global steps 4..7, moments from 0 again
    assertClose(w, result.weights(), "two rounds of H = 4 local Adam steps");
    assertEquals("adam", result.extras().get("local_optimizer"));
    // nothing carried between fits: the same fit again gives the same weights, bit for bit
    assertEquals(Arrays.toString(result.weights()),
        Arrays.toString(train(List.of(block), local, model, adam(2).build()).weights()));
  }

  @Test
  void twoPartitionsAverageTheirPlainAdamRoundsByWeight() {
    SplittableRandom r = new SplittableRandom(9);
    CsrBlock a = block(r, 60);
    CsrBlock b = block(r, 40);
    MlpModel model = network();
    int h = 5;
    int batch = 6;
    TrainingResult result = train(List.of(a, b),
        new LocalSgd(LocalSgdConfig.builder().localSteps(h).batchSize(batch).build()), model, adam(1).build());
    double[] start = model.initialParameters(SEED);
    double[] wa = plainRound(model, a, 0, start, 0, h, batch);
    double[] wb = plainRound(model, b, 1, start, 0, h, batch);
    double[] mean = new double[start.length];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = (60 * wa[i] + 40 * wb[i]) / 100;
    }
    assertClose(mean, result.weights(), "the 60:40 weighted mean of the two workers' Adam rounds");
  }

  @Test
  void oneFullBatchStepOnOnePartitionIsSyncAdamsFirstRoundOnly() {
    CsrBlock block = block(new SplittableRandom(10), 50);
    MlpModel model = network();
    LocalSgd local = new LocalSgd(LocalSgdConfig.builder().localSteps(1).build()); // B = 0: fraction 1
    assertClose(train(List.of(block), new SynchronousSgd(), model, adam(1).build()).weights(),
        train(List.of(block), local, model, adam(1).build()).weights(), "round 1, H = 1, sync vs local");
    // later rounds differ by design: sync's moments persist on the driver, a local round starts from 0
    double[] w = model.initialParameters(SEED);
    for (int round = 0; round < 3; round++) {
      w = plainRound(model, block, 0, w, round, 1, 0);
    }
    double[] local3 = train(List.of(block), local, model, adam(3).build()).weights();
    assertClose(w, local3, "three rounds, H = 1, moments reset each round");
    double[] sync3 = train(List.of(block), new SynchronousSgd(), model, adam(3).build()).weights();
    double diff = 0;
    for (int i = 0; i < w.length; i++) {
      diff = Math.max(diff, Math.abs(sync3[i] - local3[i]));
    }
    assertTrue(diff > 1e-6, "sync's persistent moments give other weights after round 1: " + diff);
  }

  @Test
  void adamIsRejectedForTheLinearModelAndAdagradForTheNetwork() {
    SplittableRandom r = new SplittableRandom(12);
    CsrBlockBuilder b = new CsrBlockBuilder(FEATURES, false);
    for (int i = 0; i < 20; i++) {
      b.addDenseRow(i % 2, 1.0, new double[] {r.nextDouble(), r.nextDouble(), 1, 0});
    }
    List<CsrBlock> binary = new ArrayList<>(List.of(b.build()));
    TrainingData data = TrainingData.fromBlocks(SharedSpark.context().parallelize(binary, 1), FEATURES,
        new LogisticLoss(), DataSource.generated("LocalSgdAdamTest linear"));
    LocalSgd local = new LocalSgd(LocalSgdConfig.builder().localSteps(2).build());
    try {
      Objective linear = new Objective(new LogisticLoss(), Regularization.none(), new ModelShape(FEATURES, 1, true));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> local.train(new TrainingContext(
          SharedSpark.context(), data, null, linear, adam(1).build(), null, null, null)));
      assertTrue(e.getMessage().startsWith("Cannot set optimizer to 'adam' for Local SGD with the linear model,"
          + " the value must be sgd"), e.getMessage());
    } finally {
      data.close();
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(
        List.of(block(r, 10)), local, network(), adam(1).optimizer("adagrad").build()));
    assertTrue(e.getMessage().startsWith("Cannot set optimizer to 'adagrad' for Local SGD, the value must be sgd"),
        e.getMessage());
  }
}
