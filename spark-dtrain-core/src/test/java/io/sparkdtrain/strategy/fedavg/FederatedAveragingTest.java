package io.sparkdtrain.strategy.fedavg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.ClientPartitioner;
import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.DataSource;
import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.model.linear.SquaredLoss;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.SharedSpark;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link FederatedAveraging} in the shared {@code local[2]} session: the n_k-weighted average of
 * unequal clients against hand-computed values, seeded client sampling, FedSGD = synchronous
 * full-batch gradient descent (reference: {@link SynchronousSgd}), FedProx moving the averaged model
 * less as mu grows, deadline drops and partial work counted, the privacy options and the option checks.
 */
class FederatedAveragingTest {
  static final int CLASSES = 3;
  static TrainingData tiny;
  static TrainingData multiclass;

  @BeforeAll
  static void data() {
    // Squared loss, 1 feature, no intercept. Client 0: (x=1, y=1). Client 1: three rows (x=1, y=3).
    CsrBlock c0 = new CsrBlockBuilder(1, false).addRow(1, 1, new int[] {0}, new double[] {1}).build();
    CsrBlockBuilder b1 = new CsrBlockBuilder(1, false);
    for (int i = 0; i < 3; i++) {
      b1.addRow(3, 1, new int[] {0}, new double[] {1});
    }
    tiny = TrainingData.fromBlocks(SharedSpark.context().parallelize(List.of(c0, b1.build()), 2), 1,
        new SquaredLoss(), DataSource.generated("FederatedAveragingTest tiny"));
    SyntheticData.Spec spec = new SyntheticData.Spec(SyntheticData.Kind.MULTICLASS, 600, 20, 5, CLASSES, 0.0, 3);
    multiclass = SyntheticData.train(SharedSpark.context(), spec, 4, new SoftmaxLoss(CLASSES));
  }

  @AfterAll
  static void release() {
    tiny.close();
    multiclass.close();
  }

  static Objective softmax() {
    return new Objective(new SoftmaxLoss(CLASSES), Regularization.l2(1e-3), new ModelShape(20, CLASSES, true));
  }

  static TrainingResult train(TrainingData data, Objective objective, TrainingConfig tc, FederatedConfig fc) {
    return new FederatedAveraging(fc).train(new TrainingContext(SharedSpark.context(), data, null, objective,
        tc, null, null));
  }

  static TrainingConfig.Builder config(double step, int rounds) {
    return TrainingConfig.builder().stepSize(step).momentum(0).maxRounds(rounds).seed(11);
  }

  @Test
  void weightedAverageOfUnequalClientsMatchesHandComputedValue() {
    // E = 2 full-batch steps at lr 0.5 from w = 0 (gradient w - y):
    // client 0 (n=1, y=1): 0 -> 0.5 -> 0.75; client 1 (n=3, y=3): 0 -> 1.5 -> 2.25.
    // Weighted: (1 x 0.75 + 3 x 2.25) / 4 = 1.875 (the unweighted mean would be 1.5).
    Objective squared = new Objective(new SquaredLoss(), Regularization.none(), new ModelShape(1, 1, false));
    FederatedConfig fc = FederatedConfig.builder().fraction(1.0).localEpochs(2).batchSize(0).build();
    TrainingResult r = train(tiny, squared, config(0.5, 1).build(), fc);
    assertEquals(1.875, r.weights()[0], 1e-12);
    assertEquals(2, r.extras().get("clients_per_round"));
    assertEquals(List.of(2), r.extras().get("participating_clients"));
    assertEquals(4L, r.extras().get("local_steps_total"));
    // bytes: 8 bytes down per client; two 1-parameter updates up (dense or sparse, as encoded)
    assertTrue((Long) r.extras().get("bytes_down") == 16L);
  }

  @Test
  void clientSamplingIsSeededAndVariesAcrossRounds() {
    int[] a = FederatedAveraging.sampleClients(7, 3, 100, 10);
    assertArrayEquals(a, FederatedAveraging.sampleClients(7, 3, 100, 10));
    assertFalse(Arrays.equals(a, FederatedAveraging.sampleClients(7, 4, 100, 10)), "next round, other clients");
    assertFalse(Arrays.equals(a, FederatedAveraging.sampleClients(8, 3, 100, 10)), "other seed, other clients");
    assertEquals(10, Arrays.stream(a).distinct().count());
    for (int i = 0; i < a.length; i++) {
      assertTrue(a[i] >= 0 && a[i] < 100 && (i == 0 || a[i] > a[i - 1]), Arrays.toString(a));
    }
    assertEquals(10, FederatedConfig.builder().fraction(0.1).build().clientsPerRound(100));
    assertEquals(1, FederatedConfig.builder().fraction(0.01).build().clientsPerRound(50));
  }

  @Test
  void sameSeedGivesTheSameModelWithPartialParticipation() {
    FederatedConfig fc = FederatedConfig.builder().clients(10).fraction(0.3).localEpochs(2).batchSize(8)
        .partitioner(ClientPartitioner.shards()).build();
    TrainingResult a = train(multiclass, softmax(), config(0.3, 3).build(), fc);
    TrainingResult b = train(multiclass, softmax(), config(0.3, 3).build(), fc);
    assertArrayEquals(a.weights(), b.weights(), 0.0);
    assertEquals(3, a.extras().get("clients_per_round"));
    assertEquals(List.of(3, 3, 3), a.extras().get("participating_clients"));
    assertEquals(10, a.extras().get("clients"));
    TrainingResult c = train(multiclass, softmax(), config(0.3, 3).seed(12).build(), fc);
    assertFalse(Arrays.equals(a.weights(), c.weights()));
  }

  @Test
  void fedSgdEqualsSynchronousFullBatchGradientDescent() {
    TrainingConfig tc = config(0.5, 5).miniBatchFraction(1.0).build();
    FederatedConfig fedSgd = FederatedConfig.builder().fraction(1.0).localEpochs(1).batchSize(0).build();
    TrainingResult fed = train(multiclass, softmax(), tc, fedSgd);
    TrainingResult sync = new SynchronousSgd().train(new TrainingContext(SharedSpark.context(), multiclass, null,
        softmax(), tc, null, null));
    double[] a = fed.weights();
    double[] b = sync.weights();
    double scale = Arrays.stream(b).map(Math::abs).max().orElse(1);
    assertTrue(scale > 0.01, "the model moved");
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 1e-10 * scale, "parameter " + i);
    }
    assertEquals(sync.finalObjective(), fed.finalObjective(), 1e-12);
  }

  @Test
  void fedProxKeepsTheAveragedModelCloserToTheGlobalOne() {
    // One round from w_0 = 0 on the 4 clients: the proximal term mu (w - w_t) pulls every local
    // model toward w_t, so the average moves less as mu grows (FederatedClientTest checks one client).
    TrainingConfig tc = config(0.3, 1).build();
    FederatedConfig base = FederatedConfig.builder().fraction(1.0).localEpochs(5).batchSize(10).build();
    double previous = Double.POSITIVE_INFINITY;
    for (double mu : new double[] {0.0, 0.1, 1.0, 3.0}) { // stable while lr mu < 2
      TrainingResult r = train(multiclass, softmax(), tc, base.toBuilder().proxMu(mu).build());
      double moved = Math.sqrt(Arrays.stream(r.weights()).map(x -> x * x).sum());
      assertTrue(moved > 0 && moved < previous, "mu=" + mu + ": ||w_1 - w_0|| = " + moved + " should be below "
          + previous);
      assertEquals(List.of(4), r.extras().get("participating_clients"));
      previous = moved;
    }
  }

  @Test
  void deadlineDropsSlowClientsAndCountsThem() {
    TrainingConfig tc = config(0.3, 2).build();
    FederatedConfig drop = FederatedConfig.builder().fraction(1.0).localEpochs(2).batchSize(10)
        .deadlineSeconds(0.5).slowClient(2, 1e7).build();
    TrainingResult r = train(multiclass, softmax(), tc, drop);
    assertEquals(List.of(1, 1), r.extras().get("dropped_clients"));
    assertEquals(2, r.extras().get("dropped_clients_total"));
    assertEquals(List.of(3, 3), r.extras().get("participating_clients"));
    List<?> slowest = (List<?>) r.extras().get("slowest_client_seconds");
    assertTrue(((Double) slowest.get(0)) >= 0.45, "the slow client worked until the deadline: " + slowest);

    FederatedConfig partial = drop.toBuilder().deadlinePolicy(FederatedConfig.DeadlinePolicy.PARTIAL).build();
    TrainingResult p = train(multiclass, softmax(), tc, partial);
    assertEquals(2, p.extras().get("partial_clients_total"));
    assertEquals(0, p.extras().get("dropped_clients_total"));
    assertEquals(List.of(4, 4), p.extras().get("participating_clients"));
    assertNotEquals(r.weights()[0], p.weights()[0], "the partial update counts");
  }

  @Test
  void clippingAndSeededNoise() {
    TrainingConfig tc = config(0.5, 2).build();
    FederatedConfig base = FederatedConfig.builder().fraction(0.5).localEpochs(1).batchSize(10).build();
    FederatedConfig clipped = base.toBuilder().clipNorm(1e-3).build();
    TrainingResult c = train(multiclass, softmax(), tc, clipped);
    assertEquals(4, c.extras().get("clipped_updates_total"));
    double norm = Math.sqrt(Arrays.stream(c.weights()).map(x -> x * x).sum());
    assertTrue(norm <= 2e-3 + 1e-12, "two rounds of averaged deltas of norm <= 1e-3: " + norm);

    FederatedConfig noisy = clipped.toBuilder().noiseMultiplier(1.0).build();
    TrainingResult n1 = train(multiclass, softmax(), tc, noisy);
    TrainingResult n2 = train(multiclass, softmax(), tc, noisy);
    assertArrayEquals(n1.weights(), n2.weights(), 0.0);
    assertEquals(1e-3 / 2, (Double) n1.extras().get("noise_std"), 1e-15);
    assertFalse(Arrays.equals(c.weights(), n1.weights()));
  }

  @Test
  void badSettingsAreRejectedWithTheSettingAndValue() {
    assertEquals("Cannot set fraction to 1.5, the value must be in (0, 1]",
        assertThrows(IllegalArgumentException.class, () -> FederatedConfig.builder().fraction(1.5).build()).getMessage());
    assertEquals("Cannot set fraction to 0.0, the value must be in (0, 1]",
        assertThrows(IllegalArgumentException.class, () -> FederatedConfig.builder().fraction(0).build()).getMessage());
    assertEquals("Cannot set localEpochs to 0, the value must be >= 1",
        assertThrows(IllegalArgumentException.class, () -> FederatedConfig.builder().localEpochs(0).build()).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> FederatedConfig.builder().noiseMultiplier(1).build()).getMessage().contains("without clipNorm"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> FederatedConfig.builder().slowClient(1, 0.5).build()).getMessage().contains("factor of client 1"));
    FederatedConfig tooMany = FederatedConfig.builder().clients(601).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> train(multiclass, softmax(), config(0.1, 1).build(), tooMany));
    assertEquals("Cannot set clients to 601, the value must be <= the number of rows (600)", e.getMessage());
    TrainingConfig adagrad = config(0.1, 1).optimizer("adagrad").build();
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> train(multiclass, softmax(), adagrad, FederatedConfig.builder().build())).getMessage()
        .startsWith("Cannot set optimizer to 'adagrad'"));
    String s = FederatedConfig.builder().build().toString();
    for (String key : List.of("clients=", "fraction=", "localEpochs=", "batchSize=", "partitioner=", "proxMu=",
        "deadlineSeconds=", "deadlinePolicy=", "slowClients=", "clipNorm=", "noiseMultiplier=")) {
      assertTrue(s.contains(key), s);
    }
  }
}
