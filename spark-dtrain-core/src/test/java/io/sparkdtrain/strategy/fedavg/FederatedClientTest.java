package io.sparkdtrain.strategy.fedavg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.straggler.StragglerModel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FederatedClient} without Spark: FedProx's proximal term pulls the local model toward
 * w_t (a larger mu gives a smaller ||w_k - w_t||), mu = 0 on the dense path equals the sparse
 * path, the planned step count, clipping, and a deadline that stops a slowed client.
 */
class FederatedClientTest {
  static final int FEATURES = 12;
  static final int CLASSES = 3;

  /** 60 rows whose label depends on the features: a client with a clear local optimum. */
  static CsrBlock block() {
    SplittableRandom r = new SplittableRandom(3);
    CsrBlockBuilder b = new CsrBlockBuilder(FEATURES, false);
    for (int i = 0; i < 60; i++) {
      double[] x = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        x[j] = r.nextGaussian();
      }
      int label = x[0] > 0.5 ? 0 : (x[1] > 0 ? 1 : 2);
      b.addDenseRow(label, 1.0, x);
    }
    return b.build();
  }

  static Objective softmax(Regularization reg) {
    return new Objective(new SoftmaxLoss(CLASSES), reg, new ModelShape(FEATURES, CLASSES, true));
  }

  static ClientResult run(FederatedConfig fc, Regularization reg, double[] w) {
    FederatedClient client = new FederatedClient(softmax(reg), fc, StragglerModel.NONE, 9);
    return client.run(0, List.of(block()).iterator(), w, 1, 0.5, 0);
  }

  @Test
  void proximalTermPullsTheLocalModelTowardTheGlobalOne() {
    double[] w = new double[softmax(Regularization.none()).shape().dimension()];
    FederatedConfig base = FederatedConfig.builder().localEpochs(5).batchSize(10).build();
    double previous = Double.POSITIVE_INFINITY;
    for (double mu : new double[] {0.0, 0.01, 0.1, 1.0, 1.5}) { // stable while lr mu < 2
      ClientResult r = run(base.toBuilder().proxMu(mu).build(), Regularization.none(), w);
      assertEquals(ClientResult.Status.COMPLETED, r.status());
      assertEquals(30, r.steps(), "5 epochs x 60 rows / 10");
      assertTrue(r.deltaNorm() < previous, "mu=" + mu + ": ||w_k - w_t|| = " + r.deltaNorm()
          + " should be below " + previous);
      previous = r.deltaNorm();
    }
  }

  @Test
  void denseStepsWithoutProximalTermEqualTheSparseSteps() {
    double[] w = new double[softmax(Regularization.none()).shape().dimension()];
    w[3] = 0.2;
    FederatedConfig fc = FederatedConfig.builder().localEpochs(2).batchSize(7).build();
    // mu = 1e-300: the dense path, with a proximal term far below rounding
    ClientResult sparse = run(fc, Regularization.l2(0.01), w);
    ClientResult dense = run(fc.toBuilder().proxMu(1e-300).build(), Regularization.l2(0.01), w);
    double[] a = sparse.update().pseudoGradient(w, softmax(Regularization.none()).shape());
    double[] b = dense.update().pseudoGradient(w, softmax(Regularization.none()).shape());
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-12, "parameter " + i);
    }
  }

  @Test
  void clippingBoundsTheDeltaNorm() {
    double[] w = new double[softmax(Regularization.none()).shape().dimension()];
    FederatedConfig fc = FederatedConfig.builder().localEpochs(1).batchSize(10).clipNorm(0.05).build();
    ClientResult r = run(fc, Regularization.none(), w);
    assertTrue(r.clipped() && r.deltaNorm() > 0.05, "norm before clipping " + r.deltaNorm());
    double[] g = r.update().pseudoGradient(w, softmax(Regularization.none()).shape());
    double norm = Math.sqrt(java.util.Arrays.stream(g).map(x -> x * x).sum());
    assertEquals(0.05, norm, 1e-12);
  }

  @Test
  void deadlineStopsASlowedClient() {
    double[] w = new double[softmax(Regularization.none()).shape().dimension()];
    FederatedConfig fc = FederatedConfig.builder().localEpochs(3).batchSize(10).deadlineSeconds(0.2)
        .slowClient(0, 1e7).build();
    long t0 = System.nanoTime();
    ClientResult dropped = run(fc, Regularization.none(), w);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(ClientResult.Status.DROPPED, dropped.status());
    assertNull(dropped.update());
    assertTrue(seconds >= 0.19 && seconds < 5, "slept until the deadline, not 1e7 x the compute: " + seconds);
    assertTrue(dropped.timing().injectedDelayMs() > 150, dropped.timing().toString());
    ClientResult partial = run(fc.toBuilder().deadlinePolicy(FederatedConfig.DeadlinePolicy.PARTIAL).build(),
        Regularization.none(), w);
    assertEquals(ClientResult.Status.PARTIAL, partial.status());
    assertEquals(1, partial.steps());
    assertEquals(18, partial.plannedSteps());
    assertTrue(partial.accepted() && partial.update().weight() == 60);
  }

  /**
   * A straggler pause ({@code --straggler 0:+80ms}) is slept once per round, whatever the client's
   * compute took, and only by the paused client; it never changes the update.
   */
  @Test
  void pauseIsSleptOncePerRoundByThePausedClientOnly() {
    double[] w = new double[softmax(Regularization.none()).shape().dimension()];
    FederatedConfig fc = FederatedConfig.builder().localEpochs(2).batchSize(10).build();
    StragglerModel pause = StragglerModel.builder().slow("0:+80ms").build();
    ClientResult plain = new FederatedClient(softmax(Regularization.none()), fc, StragglerModel.NONE, 9)
        .run(0, List.of(block()).iterator(), w, 1, 0.5, 0);
    ClientResult paused = new FederatedClient(softmax(Regularization.none()), fc, pause, 9)
        .run(0, List.of(block()).iterator(), w, 1, 0.5, 0);
    ClientResult other = new FederatedClient(softmax(Regularization.none()), fc, pause, 9)
        .run(1, List.of(block()).iterator(), w, 1, 0.5, 0);
    double injected = paused.timing().injectedDelayMs();
    assertTrue(injected >= 80 && injected < 80 * 12, "one 80 ms pause per round, not one per step (12 steps): "
        + injected + " ms");
    assertEquals(0.0, other.timing().injectedDelayMs(), "client 1 is not paused");
    assertArrayEquals(plain.update().vector(), paused.update().vector(), 0.0, "sleeping never changes the update");
  }
}
