package io.sparkdtrain.examples;

import io.sparkdtrain.data.ClientPartitioner;
import io.sparkdtrain.strategy.fedavg.FederatedAveraging;
import io.sparkdtrain.strategy.fedavg.FederatedConfig;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The options of {@code --strategy fedavg} (Federated Averaging / FedProx). The local batch size B
 * is the shared {@code --batch-size} of {@link LocalSgdOptions} (declared once there): with
 * fedavg, 0 means the whole client (one full-batch step per local epoch).
 */
final class FedAvgOptions {
  @Option(names = "--clients", paramLabel = "K", defaultValue = "0",
      description = "FedAvg: split the training rows into K clients with --partition (default: 0 = the data's partitions are the clients).")
  int clients;

  @Option(names = "--fraction", paramLabel = "C", defaultValue = "0.1",
      description = "FedAvg: share of the clients sampled per round, in (0, 1]; max(floor(C K), 1) clients (default ${DEFAULT-VALUE}).")
  double fraction;

  @Option(names = "--local-epochs", paramLabel = "E", defaultValue = "1",
      description = "FedAvg: local epochs per sampled client per round (default ${DEFAULT-VALUE}). The batch size B is --batch-size (0 = the whole client).")
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
  void validate(String optimizer, int batchSize) {
    Checks.require(optimizer.equals("sgd"), "--optimizer", optimizer,
        "must be sgd with --strategy fedavg (the local optimiser is plain SGD)");
    Checks.require(clients >= 0, "--clients", clients, "must be >= 1 (or 0 = the data's partitions)");
    Checks.require(fraction > 0 && fraction <= 1, "--fraction", fraction, "must be in (0, 1]");
    Checks.require(localEpochs >= 1, "--local-epochs", localEpochs, "must be >= 1");
    Checks.require(batchSize >= 0, "--batch-size", batchSize, "must be >= 0 (0 = the whole client)");
    Checks.require(proxMu >= 0 && Double.isFinite(proxMu), "--prox-mu", proxMu, "must be finite and >= 0");
    Checks.require(deadlineSeconds >= 0 && Double.isFinite(deadlineSeconds), "--deadline-seconds", deadlineSeconds,
        "must be finite and >= 0 (0 = none)");
    Checks.require(deadlinePolicy.equals("drop") || deadlinePolicy.equals("partial"), "--deadline-policy",
        deadlinePolicy, "must be drop or partial");
    Checks.require(clipNorm >= 0 && Double.isFinite(clipNorm), "--clip-norm", clipNorm, "must be finite and >= 0");
    Checks.require(noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier), "--noise-multiplier",
        noiseMultiplier, "must be finite and >= 0");
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

  private Map<Integer, Double> slowClients() {
    Map<Integer, Double> out = new TreeMap<>();
    if (slowClients == null || slowClients.isBlank()) {
      return out;
    }
    String rule = "must be CLIENT:FACTOR[,CLIENT:FACTOR...] with CLIENT >= 0 and FACTOR >= 1";
    for (String part : slowClients.split(",")) {
      String[] kv = part.trim().split(":");
      Checks.require(kv.length == 2, "--slow-clients", slowClients, rule);
      try {
        int client = Integer.parseInt(kv[0].trim());
        double factor = Double.parseDouble(kv[1].trim());
        Checks.require(client >= 0 && factor >= 1 && Double.isFinite(factor), "--slow-clients", slowClients, rule);
        out.put(client, factor);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid value '" + slowClients + "' for option --slow-clients: " + rule);
      }
    }
    return out;
  }

  /** The strategy these options describe (call {@link #validate} first); B is {@code --batch-size}. */
  FederatedAveraging strategy(int batchSize) {
    return new FederatedAveraging(FederatedConfig.builder().clients(clients).fraction(fraction)
        .localEpochs(localEpochs).batchSize(batchSize).partitioner(partitioner()).proxMu(proxMu)
        .deadlineSeconds(deadlineSeconds)
        .deadlinePolicy(FederatedConfig.DeadlinePolicy.valueOf(deadlinePolicy.toUpperCase(Locale.ROOT)))
        .slowClients(slowClients()).clipNorm(clipNorm).noiseMultiplier(noiseMultiplier).build());
  }
}
