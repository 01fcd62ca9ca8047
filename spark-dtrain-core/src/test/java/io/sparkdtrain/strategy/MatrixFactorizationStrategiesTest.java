package io.sparkdtrain.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.data.RatingsBlock;
import io.sparkdtrain.data.RatingsData;
import io.sparkdtrain.data.RatingsInput;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.model.mf.MatrixFactorization;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.strategy.async.AsyncConfig;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import io.sparkdtrain.strategy.fedavg.FederatedAveraging;
import io.sparkdtrain.strategy.fedavg.FederatedConfig;
import io.sparkdtrain.strategy.hogwild.HogwildConfig;
import io.sparkdtrain.strategy.hogwild.HogwildMf;
import io.sparkdtrain.strategy.hogwild.HogwildWorker;
import io.sparkdtrain.strategy.local.LocalSgd;
import io.sparkdtrain.strategy.local.LocalSgdConfig;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Matrix factorisation through the engine's model interface: Hogwild! through the training loop
 * against a sequential SGD loop written here, Local SGD against the global-mean predictor computed
 * here, sync against full-batch gradient descent written here, async and FedAvg lowering the
 * objective, and FedAvg's client partitioning (label-based, for CSR rows) rejected for this model.
 */
class MatrixFactorizationStrategiesTest {

  /** {rmse of predicting the training mean on the held-out ratings, the training mean}, from the raw entries. */
  private static double[] globalMeanBaseline(List<RatingsBlock> blocks) {
    double sum = 0;
    long n = 0;
    for (RatingsBlock b : blocks) {
      for (int i = 0; i < b.numTrain(); i++) {
        sum += b.rating(i);
        n++;
      }
    }
    double mean = sum / n;
    double se = 0;
    long m = 0;
    for (RatingsBlock b : blocks) {
      for (int i = b.numTrain(); i < b.size(); i++) {
        se += (b.rating(i) - mean) * (b.rating(i) - mean);
        m++;
      }
    }
    return new double[] {Math.sqrt(se / m), mean};
  }

  @Test
  void hogwildOnOneThreadThroughTheLoopIsSequentialSgdWrittenOut() {
    Set<String> held = LocalParameterRegistry.heldRuns();
    long seed = 3;
    double lr = 0.05;
    double lambda = 0.02;
    int epochs = 5;
    int rank = 3;
    try (RatingsData data = RatingsInput.synthetic(SharedSpark.context(), 60, 40, rank, 3000, 0.1, 1, 0.2, 7)) {
      MatrixFactorization model = new MatrixFactorization(data.numUsers(), data.numItems(), rank, lambda,
          data.trainMean());
      TrainingConfig tc = TrainingConfig.builder().stepSize(lr).maxRounds(epochs).seed(seed).build();
      HogwildMf.Result r = new HogwildMf(HogwildConfig.builder().threads(1).build())
          .train(SharedSpark.context(), data, model, tc);

      RatingsBlock block = data.blocks().collect().get(0);
      double mean = data.trainMean();
      int stride = rank + 1;
      double[] w = model.initialParameters(seed);
      for (int epoch = 1; epoch <= epochs; epoch++) {
        int[] order = HogwildWorker.shuffled(block.numTrain(), MiniBatchSampler.generator(seed, epoch, 0));
        for (int j : order) {
          int a = block.user(j) * stride;
          int b = (data.numUsers() + block.item(j)) * stride;
          double pred = mean + w[a + rank] + w[b + rank];
          for (int k = 0; k < rank; k++) {
            pred += w[a + k] * w[b + k];
          }
          double e = block.rating(j) - pred;
          for (int k = 0; k < rank; k++) {
            double pu = w[a + k];
            double qi = w[b + k];
            w[a + k] = pu + lr * (e * qi - lambda * pu);
            w[b + k] = qi + lr * (e * pu - lambda * qi);
          }
          w[a + rank] += lr * (e - lambda * w[a + rank]);
          w[b + rank] += lr * (e - lambda * w[b + rank]);
        }
      }
      double se = 0;
      for (int i = block.numTrain(); i < block.size(); i++) {
        double e = block.rating(i) - model.predict(w, block.user(i), block.item(i));
        se += e * e;
      }
      double rmseTest = Math.sqrt(se / block.numTest());
      // the store applies the executor's change w_end - w_start to w_start: equal up to that rounding
      assertArrayEquals(w, r.weights(), 1e-9);
      assertEquals(rmseTest, r.rmseTest(), 1e-9);
      assertEquals(epochs + 1, r.history().size());
      assertEquals((long) epochs * block.numTrain(), r.updates());
      assertTrue(r.rmseTrain() < r.history().get(0).rmseTrain(), "training RMSE falls");
    }
    assertEquals(held, LocalParameterRegistry.heldRuns(), "store released");
  }

  @Test
  void localSgdOnTheModelInterfaceBeatsTheGlobalMean() {
    try (RatingsData data = RatingsInput.synthetic(SharedSpark.context(), 300, 200, 3, 30_000, 0.1, 2, 0.1, 5)) {
      double[] baseline = globalMeanBaseline(data.blocks().collect());
      assertEquals(baseline[1], data.trainMean(), 1e-9);
      MatrixFactorization model = new MatrixFactorization(data.numUsers(), data.numItems(), 3, 0.01, data.trainMean());
      TrainingConfig tc = TrainingConfig.builder().stepSize(0.05).maxRounds(12).seed(4).build();
      LocalSgd local = new LocalSgd(LocalSgdConfig.builder().localSteps(2).build());
      TrainingResult r = local.train(new TrainingContext(SharedSpark.context(), data, data.heldOut(), model, tc,
          null, null, null));
      List<HogwildMf.Epoch> epochs = HogwildMf.epochs(r);
      double rmseTest = r.finalTest().rmse();
      System.out.printf("local SGD MF: rmse test %.4f (global mean %.4f), train %.4f -> %.4f, %d bytes%n", rmseTest,
          baseline[0], epochs.get(0).rmseTrain(), epochs.get(epochs.size() - 1).rmseTrain(), r.bytesCommunicated());
      assertTrue(rmseTest < 0.4 * baseline[0], "held-out RMSE " + rmseTest + " vs global mean " + baseline[0]);
      assertEquals(13, epochs.size());
      assertTrue(r.finalObjective() < r.history().get(0).objective());
    }
  }

  @Test
  void syncOnTheModelInterfaceIsFullBatchGradientDescentWrittenOut() {
    double lr = 0.5;
    double lambda = 0.05;
    int rank = 2;
    try (RatingsData data = RatingsInput.synthetic(SharedSpark.context(), 30, 20, rank, 800, 0.1, 2, 0.2, 9)) {
      MatrixFactorization model = new MatrixFactorization(data.numUsers(), data.numItems(), rank, lambda,
          data.trainMean());
      TrainingConfig tc = TrainingConfig.builder().stepSize(lr).maxRounds(3).seed(6).build();
      TrainingResult r = new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), data, data.heldOut(),
          model, tc, null, null, null));
      List<RatingsBlock> blocks = data.blocks().collect();
      int stride = rank + 1;
      double[] w = model.initialParameters(6);
      for (int round = 0; round < 3; round++) {
        double[] g = new double[w.length];
        long n = 0;
        for (RatingsBlock block : blocks) {
          for (int j = 0; j < block.numTrain(); j++) {
            int a = block.user(j) * stride;
            int b = (data.numUsers() + block.item(j)) * stride;
            double e = block.rating(j) - model.predict(w, block.user(j), block.item(j));
            for (int k = 0; k < rank; k++) {
              g[a + k] += lambda * w[a + k] - e * w[b + k];
              g[b + k] += lambda * w[b + k] - e * w[a + k];
            }
            g[a + rank] += lambda * w[a + rank] - e;
            g[b + rank] += lambda * w[b + rank] - e;
            n++;
          }
        }
        for (int i = 0; i < w.length; i++) {
          w[i] -= lr * g[i] / n;
        }
      }
      assertArrayEquals(w, r.weights(), 1e-12);
      assertTrue(r.finalObjective() < r.history().get(0).objective());
    }
  }

  @Test
  void asyncAndFedAvgOnTheModelInterfaceLowerTheObjectiveAndClientPartitioningIsRejected() {
    try (RatingsData data = RatingsInput.synthetic(SharedSpark.context(), 60, 40, 2, 3000, 0.1, 2, 0.2, 1)) {
      MatrixFactorization model = new MatrixFactorization(data.numUsers(), data.numItems(), 2, 0.01, data.trainMean());
      TrainingContext context = new TrainingContext(SharedSpark.context(), data, data.heldOut(), model,
          TrainingConfig.builder().stepSize(0.05).maxRounds(8).seed(2).build(), null, null, null);
      List<TrainingStrategy> strategies = List.of(
          new AsyncParameterServer(AsyncConfig.builder().localSteps(4).batchSize(256).maxStaleness(1).build()),
          new AsyncParameterServer(AsyncConfig.builder().localSteps(4).batchSize(256).injectStaleness(0).build()),
          new FederatedAveraging(FederatedConfig.builder().fraction(1.0).localEpochs(1).batchSize(64).build()));
      for (TrainingStrategy s : strategies) {
        TrainingResult r = s.train(context);
        double start = r.history().get(0).objective();
        assertTrue(r.finalObjective() < 0.5 * start,
            s.name() + " " + s + ": objective " + start + " -> " + r.finalObjective());
      }
      // the client partitioners split labelled CSR rows: matrix factorisation keeps its own partitions
      TrainingStrategy partitioned = new FederatedAveraging(FederatedConfig.builder().clients(4).build());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> partitioned.train(context));
      assertTrue(e.getMessage().contains("Cannot set clients to 4") && e.getMessage().contains("matrix factorisation"),
          e.getMessage());
      e = assertThrows(IllegalArgumentException.class, context::objective);
      assertTrue(e.getMessage().contains("use model()") && e.getMessage().contains("matrix factorisation"),
          e.getMessage());
    }
  }
}
