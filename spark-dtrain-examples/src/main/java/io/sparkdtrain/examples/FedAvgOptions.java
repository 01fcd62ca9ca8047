package io.sparkdtrain.examples;

import io.sparkdtrain.data.ClientPartitioner;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.strategy.fedavg.FedAvgProvider;
import io.sparkdtrain.strategy.fedavg.FederatedAveraging;
import io.sparkdtrain.strategy.fedavg.FederatedConfig;
import picocli.CommandLine.Option;

/**
 * The options of {@code --strategy fedavg} (Federated Averaging / FedProx). The local batch size B
 * is the shared {@code --batch-size} of {@link LocalSgdOptions} (declared once there): with
 * fedavg, 0 means the whole client (one full-batch step per local epoch).
 */
final class FedAvgOptions extends StrategyOptions {
  FedAvgOptions() {
    super(FederatedAveraging.NAME);
  }

  @Option(names = "--clients", paramLabel = "K", defaultValue = "0",
      description = "FedAvg: split the training rows into K clients with --partition (default: 0 = the data's partitions are the clients).")
  int clients;

  @Option(names = "--fraction", paramLabel = "C", defaultValue = "" + FederatedConfig.DEFAULT_FRACTION,
      description = "FedAvg: share of the clients sampled per round, in (0, 1]; max(floor(C K), 1) clients (default ${DEFAULT-VALUE}).")
  double fraction;

  @Option(names = "--local-epochs", paramLabel = "E", defaultValue = "1",
      description = "FedAvg: local epochs per sampled client per round (default ${DEFAULT-VALUE}). The batch size B is --batch-size (unset = 10 rows, 0 = the whole client).")
  int localEpochs;

  @Option(names = "--partition", paramLabel = "iid|shards|dirichlet:ALPHA|unequal:SIGMA", defaultValue = "iid",
      description = "FedAvg: how --clients splits the rows: iid, shards (2 label shards per client), dirichlet:ALPHA (label skew), unequal:SIGMA (log-normal sizes) (default ${DEFAULT-VALUE}).")
  String partition;

  @Option(names = "--prox-mu", paramLabel = "MU", defaultValue = "0",
      description = "FedAvg: FedProx proximal term mu/2 ||w - w_t||^2 (default ${DEFAULT-VALUE} = FedAvg; > 0 uses dense local steps).")
  double proxMu;

  @Option(names = "--deadline-seconds", paramLabel = "D", defaultValue = "0",
      description = "FedAvg: per-client round deadline in seconds (default ${DEFAULT-VALUE} = none).")
  double deadlineSeconds;

  @Option(names = "--deadline-policy", paramLabel = "drop|partial", defaultValue = "drop",
      description = "FedAvg: a client still working at the deadline is dropped or sends its partial work (default ${DEFAULT-VALUE}).")
  String deadlinePolicy;

  @Option(names = "--slow-clients", paramLabel = "CLIENT:FACTOR[,...]",
      description = "FedAvg: injected slowdowns, e.g. 3:10,7:4 (client 3 ten times slower); for deadline experiments.")
  String slowClients;

  @Option(names = "--clip-norm", paramLabel = "X", defaultValue = "0",
      description = "FedAvg: clip each client's model delta to L2 norm X (default ${DEFAULT-VALUE} = off).")
  double clipNorm;

  @Option(names = "--noise-multiplier", paramLabel = "Z", defaultValue = "0",
      description = "FedAvg: Gaussian noise of std Z X / m on the averaged delta (needs --clip-norm; not a privacy guarantee without an accountant).")
  double noiseMultiplier;

  /** Checks every option; {@code optimizer} is the {@code --optimizer} value, {@code batchSize} B. */
  @Override
  void validate(String optimizer, int batchSize) {
    Checks.require(optimizer.equals("sgd") || optimizer.equals("adam"), "--optimizer", optimizer,
        "must be sgd or adam with --strategy fedavg (the local optimiser is plain SGD, or Adam per client round with"
            + " --model mlp)");
    Checks.require(clients >= 0, "--clients", clients, "must be >= 1 (or 0 = the data's partitions)");
    Checks.inOpenClosedUnit("--fraction", fraction);
    Checks.atLeast("--local-epochs", localEpochs, 1);
    Checks.require(batchSize >= 0, "--batch-size", batchSize, "must be >= 0 (0 = the whole client)");
    Checks.finiteNonNegative("--prox-mu", proxMu);
    Checks.require(deadlineSeconds >= 0 && Double.isFinite(deadlineSeconds), "--deadline-seconds", deadlineSeconds,
        "must be finite and >= 0 (0 = none)");
    Checks.require(deadlinePolicy.equals("drop") || deadlinePolicy.equals("partial"), "--deadline-policy",
        deadlinePolicy, "must be drop or partial");
    Checks.finiteNonNegative("--clip-norm", clipNorm);
    Checks.finiteNonNegative("--noise-multiplier", noiseMultiplier);
    Checks.require(noiseMultiplier == 0 || clipNorm > 0, "--noise-multiplier", noiseMultiplier,
        "needs --clip-norm > 0 (the noise is scaled by the clipping norm)");
    partitioner();
    slowClients();
  }

  /** Rejects more clients than training rows (called once the data is loaded). */
  void checkRows(long rows) {
    Checks.require(clients <= rows, "--clients", clients,
        "must be <= the number of training rows (" + rows + ")");
  }

  private ClientPartitioner partitioner() {
    try {
      return ClientPartitioner.parse(partition);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value '" + partition + "' for option --partition: "
          + e.getMessage());
    }
  }

  private void slowClients() {
    try {
      FedAvgProvider.parseSlowClients(slowClients);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value '" + slowClients + "' for option --slow-clients: "
          + e.getMessage());
    }
  }

  /**
   * Writes numClients, clientFraction, localEpochs, partition, proxMu, deadlineSeconds,
   * deadlinePolicy, slowClients, clipNorm and noiseMultiplier; B is Local SGD's miniBatchSize (with
   * fedavg: unset = {@value FederatedConfig#DEFAULT_BATCH_SIZE} rows, 0 = the whole client).
   */
  @Override
  void fill(StrategySettings.Builder b) {
    b.put("numClients", clients).put("clientFraction", fraction).put("localEpochs", localEpochs)
        .put("partition", partition).put("proxMu", proxMu).put("deadlineSeconds", deadlineSeconds)
        .put("deadlinePolicy", deadlinePolicy).put("slowClients", slowClients).put("clipNorm", clipNorm)
        .put("noiseMultiplier", noiseMultiplier);
  }
}
