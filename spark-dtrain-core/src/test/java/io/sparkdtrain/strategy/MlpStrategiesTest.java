package io.sparkdtrain.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.ClientPartitioner;
import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.DataSource;
import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.Optimizers;
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
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.strategy.async.AsyncConfig;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import io.sparkdtrain.strategy.fedavg.FederatedAveraging;
import io.sparkdtrain.strategy.fedavg.FederatedConfig;
import io.sparkdtrain.strategy.hogwild.HogwildConfig;
import io.sparkdtrain.strategy.hogwild.HogwildSgd;
import io.sparkdtrain.strategy.local.LocalSgd;
import io.sparkdtrain.strategy.local.LocalSgdConfig;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The feed-forward network (issue 17) trained through the engine by every strategy: synchronous SGD,
 * Local SGD, Hogwild!, the asynchronous parameter server (SSP, 1/tau, DC-ASGD) and FedAvg / FedProx
 * (IID and label-sharded clients). The data are three Gaussian blobs in 6 dimensions, well separated,
 * so a small network must reach a high accuracy; the references are the starting model's objective
 * (every strategy must lower it), synchronous SGD itself (Local SGD with H = 1 full-batch steps and
 * plain averaging, and FedSGD, take the same steps), and the deterministic asynchronous run written
 * out here as a loop over delayed snapshots.
 */
class MlpStrategiesTest {
  private static final int FEATURES = 6;
  private static final int CLASSES = 3;
  private static TrainingData data;
  private static List<CsrBlock> blocks;

  @BeforeAll
  static void blobs() {
    SplittableRandom r = new SplittableRandom(17);
    double[][] centres = new double[CLASSES][FEATURES];
    for (double[] c : centres) {
      for (int j = 0; j < FEATURES; j++) {
        c[j] = 3 * (r.nextDouble() - 0.5);
      }
    }
    blocks = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      CsrBlockBuilder b = new CsrBlockBuilder(FEATURES, false);
      for (int i = 0; i < 150; i++) {
        int y = r.nextInt(CLASSES);
        int[] idx = new int[FEATURES];
        double[] val = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
          idx[j] = j;
          val[j] = centres[y][j] + 0.3 * (r.nextDouble() - 0.5);
        }
        b.addRow(y, 1.0, idx, val);
      }
      blocks.add(b.build());
    }
    data = TrainingData.fromBlocks(SharedSpark.context().parallelize(blocks, 2), FEATURES, new SoftmaxLoss(CLASSES),
        DataSource.generated("MlpStrategiesTest"));
  }

  @AfterAll
  static void release() {
    data.close();
  }

  private static MlpModel network() {
    return new MlpModel(new MultilayerPerceptron(new MlpLayout(FEATURES, 8, CLASSES), Activation.TANH, 1e-4, 0.0));
  }

  private static TrainingResult train(TrainingStrategy s, MlpModel model, TrainingConfig config) {
    return s.train(new TrainingContext(SharedSpark.context(), data, null, model, config, null, null, null));
  }

  private static double accuracy(MlpModel model, double[] w) {
    double correct = 0;
    for (CsrBlock b : blocks) {
      correct += model.accuracy(b, w) * b.numRows();
    }
    return correct / 300;
  }

  @Test
  void syncLocalSgdAndHogwildTrainTheNetwork() {
    MlpModel model = network();
    TrainingConfig config = TrainingConfig.builder().stepSize(0.5).maxRounds(40).seed(3).build();
    List<TrainingStrategy> strategies = List.of(new SynchronousSgd(),
        new LocalSgd(LocalSgdConfig.builder().localSteps(4).batchSize(16).build()),
        new HogwildSgd(HogwildConfig.builder().threads(2).build()));
    for (TrainingStrategy s : strategies) {
      TrainingConfig c = s instanceof HogwildSgd ? config.toBuilder().stepSize(0.05).maxRounds(5).build() : config;
      TrainingResult r = train(s, model, c);
      double start = r.history().get(0).objective();
      assertTrue(r.finalObjective() < 0.5 * start, s.name() + ": objective " + start + " -> " + r.finalObjective());
      assertTrue(accuracy(model, r.weights()) > 0.95, s.name() + ": accuracy " + accuracy(model, r.weights()));
    }
  }

  @Test
  void localSgdWithOneFullBatchStepAndPlainAveragingTakesSyncsSteps() {
    MlpModel model = network();
    TrainingConfig config = TrainingConfig.builder().stepSize(0.3).maxRounds(6).seed(5).build();
    TrainingResult sync = train(new SynchronousSgd(), model, config);
    TrainingResult local = train(new LocalSgd(LocalSgdConfig.builder().localSteps(1).build()), model, config);
    double[] a = sync.weights();
    double[] b = local.weights();
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      scale = Math.max(scale, Math.abs(a[i]));
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
    }
    assertTrue(diff <= 1e-12 * scale, "largest difference " + diff + " of weights up to " + scale);
    assertEquals(sync.finalObjective(), local.finalObjective(), 1e-12 * sync.finalObjective());
  }

  private static void assertTrained(String what, MlpModel model, TrainingResult r) {
    double start = r.history().get(0).objective();
    assertTrue(r.finalObjective() < 0.5 * start, what + ": objective " + start + " -> " + r.finalObjective());
    assertTrue(accuracy(model, r.weights()) > 0.95, what + ": accuracy " + accuracy(model, r.weights()));
  }

  @Test
  void asyncTrainsTheNetworkUnderSspWithDelayCompensationAndUnderInverseStaleness() {
    MlpModel model = network();
    TrainingConfig config = TrainingConfig.builder().stepSize(0.5).maxRounds(20).seed(3).build();
    AsyncConfig.Builder base = AsyncConfig.builder().localSteps(8).batchSize(16);
    Map<String, AsyncConfig> configs = Map.of(
        "ssp s=1", base.build().toBuilder().maxStaleness(1).dcLambda(0.5).build(),
        "1/tau", base.build().toBuilder().stalenessLr(AsyncConfig.StalenessLr.INVERSE).build());
    for (Map.Entry<String, AsyncConfig> e : configs.entrySet()) {
      TrainingResult r = train(new AsyncParameterServer(e.getValue()), model, config);
      assertTrained("async " + e.getKey(), model, r);
      long updates = (long) r.extras().get("updates");
      assertTrue(updates >= 2L * (r.history().size() - 1), e.getKey() + ": " + updates + " updates");
      assertEquals(r.extras().get("jobs_succeeded"), r.extras().get("deltas_received"), e.getKey());
      if (e.getValue().maxStaleness() >= 0) {
        assertTrue((long) r.extras().get("ssp_max_gap") <= e.getValue().maxStaleness(), e.getKey());
      }
    }
  }

  /**
   * The deterministic asynchronous mode on the network against the run written out: update t of
   * worker t mod 2 takes k dense SGD steps (the model's mean batch gradient plus its L2 term) from the
   * snapshot tau versions back, on the rows MiniBatchSampler draws for its global step, and its change
   * is added to the current model, scaled by 1 / tau (first config) or delay-compensated per
   * coordinate as in Zheng et al. 2017 (second config).
   */
  @Test
  void deterministicAsyncOnTheNetworkIsTheDelayedLoopWrittenOut() {
    MlpModel model = network();
    int tau = 2;
    int k = 2;
    int b = 8;
    double lambda = 0.5;
    TrainingConfig tc = TrainingConfig.builder().stepSize(0.3).maxRounds(5).seed(7).build();
    LearningRateSchedule schedule = Optimizers.schedule(tc);
    AsyncConfig.Builder base = AsyncConfig.builder().injectStaleness(tau).localSteps(k).batchSize(b);
    for (AsyncConfig ac : List.of(base.build().toBuilder().stalenessLr(AsyncConfig.StalenessLr.INVERSE).build(),
        base.build().toBuilder().dcLambda(lambda).build())) {
      TrainingResult r = train(new AsyncParameterServer(ac), model, tc);
      long updates = (long) r.extras().get("updates");
      assertEquals(10L, updates, "5 rounds of one update per worker");
      Workspace ws = model.newWorkspace();
      List<double[]> versions = new ArrayList<>();
      versions.add(model.initialParameters(tc.seed()));
      for (int t = 0; t < updates; t++) {
        int p = t % 2;
        long clock = t / 2;
        int staleness = Math.min(t, tau);
        double[] read = versions.get(t - staleness);
        double[] u = read.clone();
        double eta = 0;
        int[] rows = new int[b];
        for (int j = 0; j < k; j++) {
          long step = clock * k + j;
          SplittableRandom random = MiniBatchSampler.generator(tc.seed(), step + 1, p);
          for (int i = 0; i < b; i++) {
            rows[i] = random.nextInt(blocks.get(p).numRows());
          }
          double[] g = new double[u.length];
          model.addGradient(blocks.get(p), rows, b, u, 1.0 / b, g, ws); // every row has weight 1
          model.addPenaltyGradient(u, g);
          double rate = schedule.rate(step);
          eta += rate;
          for (int i = 0; i < u.length; i++) {
            u[i] -= rate * g[i];
          }
        }
        double[] now = versions.get(t);
        double[] next = now.clone();
        for (int i = 0; i < u.length; i++) {
          double d = u[i] - read[i];
          if (ac.dcLambda() > 0) {
            double g = -d / eta;
            d -= eta * lambda * g * g * (now[i] - read[i]);
          }
          double scale = ac.stalenessLr() == AsyncConfig.StalenessLr.INVERSE ? 1.0 / Math.max(1, staleness) : 1.0;
          next[i] += scale * d;
        }
        versions.add(next);
      }
      double[] expected = versions.get((int) updates);
      assertArrayEquals(expected, r.weights(), 1e-12 * maxAbs(expected), ac.toString());
      assertTrue(r.finalObjective() < r.history().get(0).objective(), ac + ": the objective falls");
    }
  }

  @Test
  void fedSgdOnTheNetworkEqualsSynchronousFullBatchGradientDescent() {
    MlpModel model = network();
    TrainingConfig tc = TrainingConfig.builder().stepSize(0.5).momentum(0).miniBatchFraction(1.0).maxRounds(5)
        .seed(11).build();
    FederatedConfig fedSgd = FederatedConfig.builder().fraction(1.0).localEpochs(1).batchSize(0).build();
    TrainingResult fed = train(new FederatedAveraging(fedSgd), model, tc);
    TrainingResult sync = train(new SynchronousSgd(), model, tc);
    double[] a = fed.weights();
    double[] b = sync.weights();
    double[] start = model.initialParameters(tc.seed());
    double moved = 0;
    for (int i = 0; i < a.length; i++) {
      moved = Math.max(moved, Math.abs(b[i] - start[i]));
    }
    assertTrue(moved > 0.01, "the model moved");
    assertArrayEquals(b, a, 1e-10 * maxAbs(b));
    assertEquals(sync.finalObjective(), fed.finalObjective(), 1e-10 * sync.finalObjective());
  }

  @Test
  void fedAvgAndFedProxTrainTheNetworkOnIidAndLabelShardedClients() {
    MlpModel model = network();
    TrainingConfig tc = TrainingConfig.builder().stepSize(0.5).momentum(0).maxRounds(15).seed(13).build();
    FederatedConfig.Builder base = FederatedConfig.builder().clients(6).fraction(0.5).localEpochs(4).batchSize(10);
    Map<String, FederatedConfig> configs = Map.of(
        "iid", base.build().toBuilder().partitioner(ClientPartitioner.iid()).build(),
        "shards", base.build().toBuilder().partitioner(ClientPartitioner.shards(1)).build(),
        "shards fedprox", base.build().toBuilder().partitioner(ClientPartitioner.shards(1)).proxMu(0.1).build());
    for (Map.Entry<String, FederatedConfig> e : configs.entrySet()) {
      TrainingResult r = train(new FederatedAveraging(e.getValue()), model, tc);
      assertTrained("fedavg " + e.getKey(), model, r);
      assertEquals(6, r.extras().get("clients"), e.getKey());
    }
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
