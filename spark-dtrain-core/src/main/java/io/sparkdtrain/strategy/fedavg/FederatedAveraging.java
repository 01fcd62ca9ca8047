package io.sparkdtrain.strategy.fedavg;

import io.sparkdtrain.checkpoint.Checkpointable;
import io.sparkdtrain.checkpoint.StrategyState;
import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.MiniBatchSampler;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.ConfiguredStrategy;
import io.sparkdtrain.engine.ExecutorWait;
import io.sparkdtrain.engine.LocalUpdate;
import io.sparkdtrain.engine.Optimizers;
import io.sparkdtrain.engine.Round;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingLoop;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.events.WorkerStep;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.strategy.local.AdamLocalStepper;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;

/**
 * Federated Averaging (McMahan, Moore, Ramage, Hampson and Agüera y Arcas, "Communication-Efficient
 * Learning of Deep Networks from Decentralized Data", AISTATS 2017) and FedProx (Li, Sahu, Zaheer,
 * Sanjabi, Talwalkar and Smith, "Federated Optimization in Heterogeneous Networks", MLSys 2020).
 *
 * <p>Any {@link Model} (linear, the network of {@code model.mlp}, matrix factorisation): clients step
 * with the model's {@link Model#localStepper} (FedProx: {@link ProximalStepper}). The label-based
 * client partitioners need labelled {@link CsrBlock} rows (linear models and the network); other
 * models use the data's own partitions as clients.
 *
 * <p>Clients are RDD partitions: with {@link FederatedConfig#clients()} K > 0 the training data is
 * first split into K partitions by the {@link io.sparkdtrain.data.ClientPartitioner} (IID, label
 * shards, Dirichlet label skew, unequal sizes); otherwise the data's own partitions are the clients.
 * K may be far larger than the number of cores.
 *
 * <p>One round t: sample {@code m = max(floor(C K), 1)} clients without replacement from a
 * generator seeded by (run seed, t) ({@link #sampleClients}); broadcast {@code w_t}; run one job on
 * a {@link PartitionPruningRDD} of the sampled partitions only (unsampled clients launch no task);
 * each sampled client runs {@link FederatedClient} (E epochs of batch-B SGD at the learning rate of
 * {@code TrainingConfig}'s schedule at round t - 1, plus {@code mu (w - w_t)} under FedProx) and
 * returns {@code n_k (w_k - w_t)}; the driver sums the accepted updates in client order and sets
 * {@code w_{t+1} = sum_k n_k w_k / sum_k n_k} over the accepted clients (w unchanged if none). The
 * broadcast is destroyed after every round. Deterministic for a seed when no deadline drops
 * clients (the sampling, the shuffles and the merge order are fixed).
 *
 * <p>FedSGD (E = 1, B = all, C = 1) is one step of full-batch gradient descent per round: the
 * n_k-weighted mean of the clients' mean gradients is the global mean gradient, so it equals
 * {@link SynchronousSgd} with momentum 0, {@code miniBatchFraction = 1} and the same step size.
 *
 * <p>Privacy option: each client's delta {@code w_k - w_t} is clipped to L2 norm X, and Gaussian
 * noise of standard deviation {@code z X / m} is added to the averaged delta (the Gaussian
 * mechanism of DP-FedAvg, McMahan, Ramage, Talwar and Zhang, ICLR 2018). This alone is <b>not</b> a
 * differential-privacy guarantee: no privacy accountant tracks (epsilon, delta) over the rounds,
 * and the n_k-weighted average gives a large client more than 1/m of the sensitivity the noise
 * scale assumes; use equal-size clients for the textbook bound.
 *
 * <p>Communication per round, counted in {@code bytes_communicated}: the dense model down to every
 * sampled client ({@code 8 x dimension}) and every sent update as encoded (see {@link LocalUpdate};
 * dropped clients send nothing).
 *
 * <p>The local optimiser is plain SGD: {@code TrainingConfig.momentum}/{@code nesterov} are not
 * used, and {@code optimizer=adagrad} is rejected. For the network {@code optimizer=adam} makes the
 * client's steps Adam steps (Kingma and Ba 2015; {@link AdamLocalStepper}) whose moments start at 0
 * every client round and are never shipped or averaged; not with FedProx.
 *
 * <p>Checkpoints hold the model and the report's per-round counts; the clients of round t and their
 * shuffles depend only on (seed, t), so a run resumed after round k ends with the same model, bit for
 * bit, as an uninterrupted one (when no deadline drops clients, as for determinism in general).
 */
public final class FederatedAveraging extends ConfiguredStrategy<FederatedConfig> {
  /** The name on the command line and in reports. */
  public static final String NAME = "fedavg";

  /** FedAvg (or FedProx, with {@code proxMu > 0}) with the given settings. */
  public FederatedAveraging(FederatedConfig config) {
    super(NAME, config);
  }

  @Override
  public TrainingResult train(TrainingContext context) {
    TrainingConfig tc = context.config();
    // any model: linear, network, factorisation; clients spread over the executors
    TrainingContext.Typed<ExampleBlock> typed = tc.optimizer().equals("adam") ? adamTyped(context)
        : prepareTyped(context, "FedAvg", " (the local optimiser is plain SGD, or adam with the network)");
    if (config.clients() == 0) {
      return run(context, typed.model(), typed.train().blocks());
    }
    if (!(context.trainData() instanceof TrainingData rows)) {
      throw new IllegalArgumentException("Cannot set clients to " + config.clients() + " for the "
          + typed.model().family() + " model: the client partitioners split labelled CsrBlock rows; use"
          + " clients=0 (the data's own partitions are the clients)");
    }
    TrainingData clients = config.partitioner().partition(rows, config.clients(), tc.seed());
    try {
      @SuppressWarnings("unchecked") // TrainingContext checked that the model reads the data's CsrBlock rows
      Model<CsrBlock> model = (Model<CsrBlock>) context.model();
      return run(context, model, clients.blocks());
    } finally {
      clients.close();
    }
  }

  /**
   * The context for clients that take Adam steps ({@link AdamLocalStepper}, moments reset every client
   * round): the network only, and not with FedProx, whose proximal step is plain SGD.
   */
  private TrainingContext.Typed<ExampleBlock> adamTyped(TrainingContext context) {
    TrainingContext.Typed<ExampleBlock> typed = context.typed();
    AdamLocalStepper.settingsFor(typed.model(), context.config(), "FedAvg");
    if (config.proxMu() > 0) {
      throw new IllegalArgumentException("Cannot set proxMu to " + config.proxMu() + " with optimizer 'adam',"
          + " the value must be 0 (FedProx's proximal step is plain SGD)");
    }
    ExecutorWait.await(context.sparkContext().sc());
    return typed;
  }

  private <B extends ExampleBlock> TrainingResult run(TrainingContext context, Model<B> model, JavaRDD<B> blocks) {
    TrainingConfig tc = context.config();
    int k = blocks.getNumPartitions();
    int m = config.clientsPerRound(k);
    int dim = model.dimension();
    LearningRateSchedule schedule = Optimizers.schedule(tc);
    Adam localAdam = tc.optimizer().equals("adam") ? AdamLocalStepper.settingsFor(model, tc, "FedAvg") : null;
    FederatedClient<B> worker = new FederatedClient<>(model, config, context.stragglers(), tc.seed(), localAdam);
    double noiseStd = config.noiseMultiplier() * config.clipNorm() / m;
    RoundStats stats = new RoundStats(config.toString());
    TrainingLoop loop = new TrainingLoop(NAME, context).checkpointing(stats);
    double[] w = loop.start(context.startingWeights());
    long origin = loop.events().originEpochMicros();
    Round rounds = new Round(context, loop);
    while (loop.hasNextRound()) {
      int round = loop.beginRound();
      double roundStart = loop.events().nowMs();
      int[] selected = sampleClients(tc.seed(), round, k, m);
      double lr = schedule.rate(round - 1L);
      List<ClientResult> results = rounds.collect(w, Round.only(blocks, selected),
          (i, it, current) -> worker.run(selected[i], it, current, round, lr, origin));
      LocalUpdate sum = null;
      List<WorkerStep> steps = new ArrayList<>();
      for (ClientResult r : results) {
        steps.add(r.timing());
        if (r.accepted()) {
          sum = sum == null ? r.update() : sum.merge(r.update());
        }
      }
      loop.events().recordBarrier(roundStart, loop.events().nowMs(), steps);
      if (sum != null && sum.weight() > 0) {
        double[] g = sum.pseudoGradient(w, model::decays);
        for (int i = 0; i < dim; i++) {
          w[i] -= g[i];
        }
        if (noiseStd > 0) {
          SplittableRandom noise = MiniBatchSampler.generator(tc.seed() ^ 0x6E6F697365L, round, Integer.MAX_VALUE);
          for (int i = 0; i < dim; i++) {
            w[i] += noiseStd * noise.nextGaussian();
          }
        }
      }
      long down = Round.modelBytes(dim, selected.length);
      long up = stats.add(results, down);
      loop.endRound(w, down + up);
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("clients", k);
    extras.put("fraction", config.fraction());
    extras.put("clients_per_round", m);
    extras.put("local_epochs", config.localEpochs());
    extras.put("batch_size", config.batchSize() == 0 ? "all" : config.batchSize());
    extras.put("partition", config.clients() > 0 ? config.partitioner().spec() : "as-given");
    extras.put("prox_mu", config.proxMu());
    extras.put("deadline_seconds", config.deadlineSeconds());
    extras.put("deadline_policy", config.deadlinePolicy().name().toLowerCase(Locale.ROOT));
    extras.put("slow_clients", config.slowClients());
    extras.put("clip_norm", config.clipNorm());
    extras.put("noise_multiplier", config.noiseMultiplier());
    extras.put("noise_std", noiseStd);
    stats.into(extras);
    return loop.finish(w, extras);
  }

  /**
   * The {@code m} distinct clients of round {@code round} out of {@code k}, ascending: a partial
   * Fisher-Yates shuffle with a generator seeded by (seed, round). The same seed and round give the
   * same clients.
   */
  public static int[] sampleClients(long seed, int round, int k, int m) {
    if (m < 1 || m > k) {
      throw new IllegalArgumentException("Cannot sample " + m + " clients out of " + k);
    }
    int[] ids = new int[k];
    for (int i = 0; i < k; i++) {
      ids[i] = i;
    }
    SplittableRandom r = MiniBatchSampler.generator(seed, round, -2);
    for (int i = 0; i < m; i++) {
      int j = i + r.nextInt(k - i);
      int t = ids[i];
      ids[i] = ids[j];
      ids[j] = t;
    }
    int[] out = Arrays.copyOf(ids, m);
    Arrays.sort(out);
    return out;
  }

  /** Per-round counts for the report; saved in checkpoints. */
  private static final class RoundStats implements Checkpointable {
    private final String settings;
    final List<Integer> participating = new ArrayList<>();
    final List<Integer> dropped = new ArrayList<>();
    final List<Integer> partial = new ArrayList<>();
    final List<Double> slowestClientSeconds = new ArrayList<>();
    long bytesDown;
    long bytesUp;
    long localSteps;
    int clipped;

    RoundStats(String settings) {
      this.settings = settings;
    }

    @Override
    public String settings() {
      return settings;
    }

    @Override
    public void save(StrategyState out) {
      out.putInts("participating", ints(participating)).putInts("dropped", ints(dropped))
          .putInts("partial", ints(partial))
          .putDoubles("slowest_client_seconds", slowestClientSeconds.stream().mapToDouble(Double::doubleValue).toArray())
          .putLong("bytes_down", bytesDown).putLong("bytes_up", bytesUp).putLong("local_steps", localSteps)
          .putLong("clipped", clipped);
    }

    @Override
    public void restore(StrategyState in) {
      refill(participating, in.getInts("participating"));
      refill(dropped, in.getInts("dropped"));
      refill(partial, in.getInts("partial"));
      slowestClientSeconds.clear();
      for (double v : in.getDoubles("slowest_client_seconds")) {
        slowestClientSeconds.add(v);
      }
      bytesDown = in.getLong("bytes_down");
      bytesUp = in.getLong("bytes_up");
      localSteps = in.getLong("local_steps");
      clipped = (int) in.getLong("clipped");
    }

    private static int[] ints(List<Integer> list) {
      return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void refill(List<Integer> list, int[] values) {
      list.clear();
      for (int v : values) {
        list.add(v);
      }
    }

    long add(List<ClientResult> results, long down) {
      int p = 0;
      int d = 0;
      int q = 0;
      long up = 0;
      double slowest = 0;
      for (ClientResult r : results) {
        p += r.accepted() ? 1 : 0;
        d += r.status() == ClientResult.Status.DROPPED ? 1 : 0;
        q += r.status() == ClientResult.Status.PARTIAL ? 1 : 0;
        up += r.update() == null ? 0 : r.update().bytes();
        localSteps += r.accepted() ? r.steps() : 0;
        clipped += r.clipped() ? 1 : 0;
        slowest = Math.max(slowest, r.timing().computeMs() / 1e3);
      }
      participating.add(p);
      dropped.add(d);
      partial.add(q);
      slowestClientSeconds.add(slowest);
      bytesDown += down;
      bytesUp += up;
      return up;
    }

    void into(Map<String, Object> extras) {
      extras.put("participating_clients", participating);
      extras.put("dropped_clients", dropped);
      extras.put("partial_clients", partial);
      extras.put("dropped_clients_total", dropped.stream().mapToInt(Integer::intValue).sum());
      extras.put("partial_clients_total", partial.stream().mapToInt(Integer::intValue).sum());
      extras.put("slowest_client_seconds", slowestClientSeconds);
      extras.put("local_steps_total", localSteps);
      extras.put("clipped_updates_total", clipped);
      extras.put("bytes_down", bytesDown);
      extras.put("bytes_up", bytesUp);
    }
  }
}
