package io.sparkdtrain.strategy.fedavg;

import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.engine.LocalUpdate;
import io.sparkdtrain.engine.PartitionBlock;
import io.sparkdtrain.events.EventLog;
import io.sparkdtrain.events.WorkerStep;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.LocalStepper;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.local.AdamLocalStepper;
import java.io.Serializable;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * The executor side of {@link FederatedAveraging}: one sampled client's round (ClientUpdate in
 * McMahan et al. 2017, Algorithm 1), for any {@link Model}. Starting from the broadcast {@code w_t}, the client runs E
 * epochs over its rows; each epoch visits the rows in an order shuffled from (run seed, round,
 * client) in batches of B (B = 0 or B >= n_k: one full-batch step over the rows in order), all
 * at the round's learning rate. It returns {@code n_k (w_k - w_t)} with {@code n_k} its weight sum.
 *
 * <p>Local steps: without a proximal term, the model's {@link Model#localStepper} (for linear models
 * {@link io.sparkdtrain.model.linear.SparseSgd}: O(nnz) per step, L2 in O(1), L1 by its lazy proximal
 * step; for the network, dense SGD). With FedProx ({@code mu > 0}) the gradient {@code mu (w - w_t)}
 * touches every coordinate, so the steps are dense ({@link ProximalStepper}): O(dimension) per step,
 * cheap for dense models and for models such as softmax on Fashion-MNIST (7,850 parameters) but slow
 * for very wide sparse models.
 *
 * <p>Time: the client measures its own work from the moment its task starts (as if every client ran
 * on its own device, so Spark's task queueing does not count). A slowed client (factor f, from
 * {@link FederatedConfig#slowClients()} times the {@link StragglerModel} factor) sleeps
 * {@code (f - 1)} times the compute of each step, and the straggler model's fixed pause and random
 * delay once per round; no sleep runs past the deadline. At the deadline the client stops: under
 * {@link FederatedConfig.DeadlinePolicy#DROP} it sends nothing, under
 * {@link FederatedConfig.DeadlinePolicy#PARTIAL} it sends the steps done so far (a step in progress
 * at the deadline is finished and counted).
 */
final class FederatedClient<B extends ExampleBlock> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Model<B> model;
  private final FederatedConfig config;
  private final StragglerModel stragglers;
  private final long seed;
  private final Adam localAdam;

  FederatedClient(Model<B> model, FederatedConfig config, StragglerModel stragglers, long seed) {
    this(model, config, stragglers, seed, null);
  }

  /** A client taking the model's SGD steps ({@code localAdam} null) or Adam steps with its settings. */
  FederatedClient(Model<B> model, FederatedConfig config, StragglerModel stragglers, long seed, Adam localAdam) {
    this.localAdam = localAdam;
    this.model = model;
    this.config = config;
    this.stragglers = stragglers == null ? StragglerModel.NONE : stragglers;
    this.seed = seed;
  }

  /**
   * Runs client {@code client}'s round {@code round} from {@code w} at learning rate {@code lr}.
   *
   * @param originEpochMicros the run's event clock origin, for the returned timing
   */
  ClientResult run(int client, Iterator<B> blocks, double[] w, int round, double lr,
                   long originEpochMicros) {
    long startEpochMicros = EventLog.epochMicros();
    long t0 = System.nanoTime();
    B block = PartitionBlock.of(model, blocks, "the FedAvg client");
    long bytesIn = 8L * w.length;
    if (block == null || !(block.weightSum() > 0)) {
      return new ClientResult(client, ClientResult.Status.EMPTY, 0, 0, 0.0, false, null,
          timing(client, round, startEpochMicros, originEpochMicros, t0, 0, bytesIn, 0));
    }
    int n = block.numRows();
    int b = config.batchSize() == 0 || config.batchSize() >= n ? n : config.batchSize();
    int planned = config.localEpochs() * ((n + b - 1) / b);
    long deadline = config.deadlineSeconds() > 0 ? (long) (config.deadlineSeconds() * 1e9) : Long.MAX_VALUE;
    double factor = config.slowdown(client) * stragglers.factor(client);
    double mu = config.proxMu();
    LocalStepper<B> sgd = mu > 0 ? new ProximalStepper<>(model, w, lr, mu)
        : AdamLocalStepper.sgdOrAdam(model, w, LearningRates.constant(lr), localAdam);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] batch = new int[b];
    SplittableRandom random = MiniBatchSampler.generator(seed, round, client);
    long injected = 0;
    int steps = 0;
    boolean late = false;
    outer:
    for (int epoch = 0; epoch < config.localEpochs(); epoch++) {
      if (b < n) {
        shuffle(order, random);
      }
      for (int start = 0; start < n; start += b) {
        if (System.nanoTime() - t0 >= deadline) {
          late = true;
          break outer;
        }
        int count = Math.min(b, n - start);
        System.arraycopy(order, start, batch, 0, count);
        long s0 = System.nanoTime();
        sgd.step(block, batch, count);
        steps++;
        if (factor > 1) {
          injected += sleepUntilDeadline(Math.round((factor - 1) * (System.nanoTime() - s0)), t0, deadline);
        }
      }
    }
    long pause = Math.round(stragglers.pauseMs(client) * 1e6); // the client's fixed pause per round
    injected += sleepUntilDeadline(pause + stragglers.extraDelayNanos(client, round), t0, deadline);
    late |= System.nanoTime() - t0 > deadline;
    ClientResult.Status status = !late ? ClientResult.Status.COMPLETED
        : config.deadlinePolicy() == FederatedConfig.DeadlinePolicy.PARTIAL && steps > 0
            ? (steps == planned ? ClientResult.Status.COMPLETED : ClientResult.Status.PARTIAL)
            : ClientResult.Status.DROPPED;
    if (status == ClientResult.Status.DROPPED) {
      return new ClientResult(client, status, steps, planned, 0.0, false, null,
          timing(client, round, startEpochMicros, originEpochMicros, t0, injected, bytesIn, 0));
    }
    double[] wk = new double[w.length];
    sgd.weightsInto(wk);
    double weight = block.weightSum();
    double norm = 0;
    for (int i = 0; i < w.length; i++) {
      double d = wk[i] - w[i];
      norm += d * d;
    }
    norm = Math.sqrt(norm);
    boolean clip = config.clipNorm() > 0 && norm > config.clipNorm();
    double[] u = wk;
    // without clipping or FedProx, keep the update sparse: the stepper's uniform decay of the decaying
    // coordinates (the linear model's L2; 1 otherwise) travels as one number (see LocalUpdate)
    double c = config.clipNorm() > 0 || mu > 0 ? 1.0 : sgd.decay();
    double s = clip ? weight * config.clipNorm() / norm : weight;
    for (int i = 0; i < u.length; i++) {
      u[i] = s * (model.decays(i) ? wk[i] - c * w[i] : wk[i] - w[i]);
    }
    boolean sparse = LocalUpdate.sparseBytes(LocalUpdate.countNonZeros(u)) < LocalUpdate.denseBytes(u.length);
    LocalUpdate update = LocalUpdate.of(weight, c, steps, u, sparse);
    return new ClientResult(client, status, steps, planned, norm, clip, update,
        timing(client, round, startEpochMicros, originEpochMicros, t0, injected, bytesIn, update.bytes()));
  }

  private static void shuffle(int[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Sleeps {@code nanos}, but not past {@code t0 + deadline}; returns the nanoseconds slept. */
  private static long sleepUntilDeadline(long nanos, long t0, long deadline) {
    long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - (System.nanoTime() - t0);
    long want = Math.min(nanos, Math.max(0, left));
    if (want <= 0) {
      return 0;
    }
    long s = System.nanoTime();
    try {
      Thread.sleep(want / 1_000_000L, (int) (want % 1_000_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return System.nanoTime() - s;
  }

  private static WorkerStep timing(int client, int round, long startEpochMicros, long originEpochMicros,
                                   long t0, long injectedNanos, long bytesIn, long bytesOut) {
    double total = (System.nanoTime() - t0) / 1e6;
    double startMs = (startEpochMicros - originEpochMicros) / 1e3;
    return new WorkerStep(client, round, startMs, startMs + total, total, injectedNanos / 1e6, bytesIn, bytesOut);
  }
}
