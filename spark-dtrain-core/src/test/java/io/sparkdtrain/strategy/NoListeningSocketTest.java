package io.sparkdtrain.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.strategy.async.AsyncConfig;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import io.sparkdtrain.strategy.fedavg.FederatedAveraging;
import io.sparkdtrain.strategy.fedavg.FederatedConfig;
import io.sparkdtrain.strategy.hogwild.HogwildConfig;
import io.sparkdtrain.strategy.hogwild.HogwildSgd;
import io.sparkdtrain.strategy.local.LocalSgd;
import io.sparkdtrain.strategy.local.LocalSgdConfig;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.testing.ListeningSockets;
import io.sparkdtrain.testing.SharedSpark;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The library opens no listening socket of its own (issue 9, security): every update travels
 * through Spark's own channels (broadcasts, task results, accumulators), so the driver JVM listens
 * on exactly the ports Spark opened at start-up, also while a strategy runs. The listeners are read
 * from {@code /proc} (see {@link ListeningSockets}) once the session is up and the data are cached,
 * then again from a {@link TrainingListener} callback in the middle of the run (round 2 of 4, while
 * the strategy's jobs, threads and stores are alive) and after it; the sets must be equal. The
 * detector itself is checked by opening a server socket the snapshot must see.
 */
class NoListeningSocketTest {
  static TrainingData train;
  static Objective objective;
  static Set<String> baseline;

  @BeforeAll
  static void startSparkAndCacheTheData() {
    assumeTrue(ListeningSockets.supported(), "needs Linux /proc/self/net/tcp");
    LogisticLoss loss = new LogisticLoss();
    train = LibsvmInput.read(SharedSpark.session(), SharedSpark.data("a9a/a9a"), 123, 2, loss);
    objective = new Objective(loss, Regularization.l2(1e-4), new ModelShape(123, 1, true));
    baseline = ListeningSockets.ofThisJvm();
  }

  @AfterAll
  static void release() {
    if (train != null) {
      train.close();
    }
  }

  static Stream<TrainingStrategy> strategies() {
    return Stream.of(new SynchronousSgd(),
        new LocalSgd(LocalSgdConfig.builder().localSteps(4).batchSize(32).build()),
        new AsyncParameterServer(AsyncConfig.builder().localSteps(4).batchSize(32).build()),
        new HogwildSgd(HogwildConfig.builder().threads(2).build()),
        new FederatedAveraging(FederatedConfig.builder().fraction(1.0).localEpochs(1).batchSize(32).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void trainingOpensNoListeningSocket(TrainingStrategy strategy) {
    MidRunSnapshot mid = new MidRunSnapshot(2);
    TrainingConfig config = TrainingConfig.builder().stepSize(0.05).maxRounds(4).evaluateEvery(4).seed(1).build();
    TrainingResult r = strategy.train(new TrainingContext(SharedSpark.context(), train, null, objective, config,
        null, mid));
    assertEquals(4, r.rounds(), strategy.name() + " ran its four rounds");
    assertNotNull(mid.sockets, strategy.name() + ": the listener saw round 2");
    assertEquals(baseline, mid.sockets, strategy.name() + ": listening sockets during training");
    assertEquals(baseline, ListeningSockets.ofThisJvm(), strategy.name() + ": listening sockets after training");
  }

  @Test
  void theSnapshotSeesAServerSocketOfThisJvm() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Set<String> with = ListeningSockets.ofThisJvm();
      assertTrue(with.stream().anyMatch(s -> s.endsWith(":" + server.getLocalPort())),
          "port " + server.getLocalPort() + " in " + with);
    }
    assertFalse(baseline.isEmpty(), "Spark's own block manager listens: " + baseline);
  }

  /** Takes the listening-socket snapshot when round {@code at} ends, on the training loop's thread. */
  private static final class MidRunSnapshot implements TrainingListener {
    private final int at;
    Set<String> sockets;

    MidRunSnapshot(int at) {
      this.at = at;
    }

    @Override
    public void onRound(RoundRecord record) {
      if (record.round() == at) {
        sockets = ListeningSockets.ofThisJvm();
      }
    }
  }
}
