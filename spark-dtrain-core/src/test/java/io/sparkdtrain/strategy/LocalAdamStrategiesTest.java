package io.sparkdtrain.strategy;

import static io.sparkdtrain.testing.WeightAsserts.assertClose;
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
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.model.Workspace;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.model.mlp.Activation;
import io.sparkdtrain.model.mlp.MlpLayout;
import io.sparkdtrain.model.mlp.MlpModel;
import io.sparkdtrain.model.mlp.MultilayerPerceptron;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.strategy.async.AsyncConfig;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import io.sparkdtrain.strategy.fedavg.FederatedAveraging;
import io.sparkdtrain.strategy.fedavg.FederatedConfig;
import io.sparkdtrain.strategy.local.LocalSgd;
import io.sparkdtrain.strategy.local.LocalSgdConfig;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adam (Kingma and Ba 2015) as the workers' local optimiser of the asynchronous parameter server and
 * of FedAvg on the network: the moments start at 0 with every update (async) or client round
 * (FedAvg) and are never shipped. References written out here: the deterministic asynchronous run as
 * a loop of fresh-Adam updates from delayed snapshots, FedAvg as the weighted mean of fresh-Adam
 * client rounds over the clients' shuffled batches, and FedAvg with one full-batch step equal to
 * Local SGD with H = 1 (both: one Adam step from zero moments per round). Data: two partitions (60
 * and 40 rows) of three separable Gaussian blobs, on which Adam in both strategies must also train.
 */
class LocalAdamStrategiesTest {
  private static final int FEATURES = 4;
  private static final int CLASSES = 3;
  private static final double RATE = 0.02;
  private static List<CsrBlock> blocks;
  private static TrainingData data;

  @BeforeAll
  static void blobs() {
    SplittableRandom r = new SplittableRandom(23);
    blocks = new ArrayList<>();
    for (int rows : new int[] {60, 40}) {
      CsrBlockBuilder b = new CsrBlockBuilder(FEATURES, false);
      for (int i = 0; i < rows; i++) {
        int y = r.nextInt(CLASSES);
        double[] x = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
          x[j] = 0.4 * (r.nextDouble() - 0.5) + (j == y ? 1.5 : 0.0);
        }
        b.addDenseRow(y, 1.0, x);
      }
      blocks.add(b.build());
    }
    data = TrainingData.fromBlocks(SharedSpark.context().parallelize(blocks, 2), FEATURES, new SoftmaxLoss(CLASSES),
        DataSource.generated("LocalAdamStrategiesTest"));
  }

  @AfterAll
  static void release() {
    data.close();
  }

  private static MlpModel network() {
    return new MlpModel(new MultilayerPerceptron(new MlpLayout(FEATURES, 5, CLASSES), Activation.TANH, 1e-3, 0.0));
  }

  private static TrainingConfig.Builder adam(int rounds, long seed) {
    return TrainingConfig.builder().optimizer("adam").stepSize(RATE).learningRateSchedule("constant")
        .maxRounds(rounds).seed(seed);
  }

  private static TrainingResult train(TrainingStrategy s, MlpModel model, TrainingConfig c) {
    return s.train(new TrainingContext(SharedSpark.context(), data, null, model, c, null, null, null));
  }

  /** Adam steps from {@code start} with fresh moments, one per batch of rows in {@code batches}. */
  private static double[] freshAdam(MlpModel model, CsrBlock block, double[] start, List<int[]> batches,
      LearningRateSchedule rates) {
    Adam adam = Adam.builder().schedule(rates).build();
    double[] w = start.clone();
    double[] g = new double[w.length];
    Workspace ws = model.newWorkspace();
    for (int j = 0; j < batches.size(); j++) {
      int[] rows = batches.get(j);
      Arrays.fill(g, 0.0);
      model.addGradient(block, rows, rows.length, w, 1.0 / rows.length, g, ws); // every row has weight 1
      model.addPenaltyGradient(w, g);
      adam.step(w, g, j);
    }
    return w;
  }

  /**
   * The deterministic mode (staleness 2, 1/tau) written out: update t of worker p = t mod 2 (its
   * clock c = t / 2) takes k Adam steps from zero moments, from the snapshot min(t, 2) versions
   * back, on the rows drawn for global steps c k + j, and its change is added scaled by 1 / tau.
   */
  @Test
  void deterministicAsyncTakesFreshAdamStepsPerUpdateFromTheDelayedSnapshot() {
    MlpModel model = network();
    int tau = 2;
    int k = 3;
    int b = 8;
    TrainingConfig tc = adam(4, 7).build();
    AsyncConfig ac = AsyncConfig.builder().injectStaleness(tau).localSteps(k).batchSize(b)
        .stalenessLr(AsyncConfig.StalenessLr.INVERSE).build();
    TrainingResult r = train(new AsyncParameterServer(ac), model, tc);
    List<double[]> versions = new ArrayList<>();
    versions.add(model.initialParameters(tc.seed()));
    for (int t = 0; t < 8; t++) {
      int p = t % 2;
      long clock = t / 2;
      List<int[]> batches = new ArrayList<>();
      for (int j = 0; j < k; j++) {
        SplittableRandom random = MiniBatchSampler.generator(tc.seed(), clock * k + j + 1, p);
        int[] rows = new int[b];
        for (int i = 0; i < b; i++) {
          rows[i] = random.nextInt(blocks.get(p).numRows());
        }
        batches.add(rows);
      }
      int staleness = Math.min(t, tau);
      double[] read = versions.get(t - staleness);
      double[] u = freshAdam(model, blocks.get(p), read, batches, LearningRates.constant(RATE));
      double[] next = versions.get(t).clone();
      for (int i = 0; i < u.length; i++) {
        next[i] += (u[i] - read[i]) / Math.max(1, staleness);
      }
      versions.add(next);
    }
    assertClose(versions.get(8), r.weights(), "8 async Adam updates at staleness 2 with 1/tau");
  }

  /**
   * FedAvg, both clients every round, E = 2 epochs of batches of 16: each client's round is Adam from
   * zero moments over the rows in the order FederatedClient shuffles them (seed, round, client), at
   * the round's rate; the new model is the 60:40 weighted mean of the clients' models.
   */
  @Test
  void fedAvgClientsTakeFreshAdamRoundsAveragedByWeight() {
    MlpModel model = network();
    int epochs = 2;
    int b = 16;
    TrainingConfig tc = adam(3, 5).build();
    FederatedConfig fc = FederatedConfig.builder().fraction(1.0).localEpochs(epochs).batchSize(b).build();
    TrainingResult r = train(new FederatedAveraging(fc), model, tc);
    double[] w = model.initialParameters(tc.seed());
    for (int round = 1; round <= 3; round++) {
      double[] next = new double[w.length];
      for (int client = 0; client < 2; client++) {
        CsrBlock block = blocks.get(client);
        int n = block.numRows();
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = MiniBatchSampler.generator(tc.seed(), round, client);
        List<int[]> batches = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
          for (int i = n - 1; i > 0; i--) { // FederatedClient's Fisher-Yates shuffle
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
          }
          for (int start = 0; start < n; start += b) {
            batches.add(Arrays.copyOfRange(order, start, Math.min(n, start + b)));
          }
        }
        double[] wk = freshAdam(model, block, w, batches, LearningRates.constant(RATE));
        for (int i = 0; i < w.length; i++) {
          next[i] += n * wk[i] / 100.0;
        }
      }
      w = next;
    }
    assertClose(w, r.weights(), "3 FedAvg rounds of 2 Adam clients");
  }

  /** One full-batch Adam step per round from zero moments: FedSGD with Adam is Local SGD, H = 1, with Adam. */
  @Test
  void fedAvgWithOneFullBatchAdamStepEqualsLocalSgdWithHOne() {
    MlpModel model = network();
    TrainingConfig tc = adam(4, 9).miniBatchFraction(1.0).build();
    TrainingResult fed = train(new FederatedAveraging(FederatedConfig.builder().fraction(1.0).localEpochs(1)
        .batchSize(0).build()), model, tc);
    TrainingResult local = train(new LocalSgd(LocalSgdConfig.builder().localSteps(1).build()), model, tc);
    assertClose(local.weights(), fed.weights(), "FedAvg E = 1, B = all vs Local SGD H = 1, both Adam");
    double[] start = model.initialParameters(tc.seed());
    double moved = 0;
    for (int i = 0; i < start.length; i++) {
      moved = Math.max(moved, Math.abs(fed.weights()[i] - start[i]));
    }
    assertTrue(moved > 0.02, "4 Adam steps of 0.02 moved the model: " + moved);
  }

  @Test
  void asyncAndFedAvgWithAdamTrainTheNetwork() {
    MlpModel model = network();
    TrainingConfig tc = adam(20, 3).build();
    List<TrainingStrategy> strategies = List.of(
        new AsyncParameterServer(AsyncConfig.builder().localSteps(8).batchSize(16).maxStaleness(1).build()),
        new FederatedAveraging(FederatedConfig.builder().fraction(1.0).localEpochs(2).batchSize(16).build()));
    for (TrainingStrategy s : strategies) {
      TrainingResult r = train(s, model, tc);
      double start = r.history().get(0).objective();
      assertTrue(r.finalObjective() < 0.5 * start, s.name() + ": objective " + start + " -> " + r.finalObjective());
      double correct = 0;
      for (CsrBlock block : blocks) {
        correct += model.accuracy(block, r.weights()) * block.numRows();
      }
      assertTrue(correct / 100 > 0.95, s.name() + ": accuracy " + correct / 100);
    }
  }

  @Test
  void adamIsRejectedWithDelayCompensationAndWithFedProx() {
    MlpModel model = network();
    IllegalArgumentException dc = assertThrows(IllegalArgumentException.class, () -> train(
        new AsyncParameterServer(AsyncConfig.builder().dcLambda(0.5).build()), model, adam(1, 1).build()));
    assertTrue(dc.getMessage().startsWith("Cannot set dcLambda to 0.5 with optimizer 'adam', the value must be 0"),
        dc.getMessage());
    IllegalArgumentException prox = assertThrows(IllegalArgumentException.class, () -> train(
        new FederatedAveraging(FederatedConfig.builder().proxMu(0.1).build()), model, adam(1, 1).build()));
    assertTrue(prox.getMessage().startsWith("Cannot set proxMu to 0.1 with optimizer 'adam', the value must be 0"),
        prox.getMessage());
  }
}
