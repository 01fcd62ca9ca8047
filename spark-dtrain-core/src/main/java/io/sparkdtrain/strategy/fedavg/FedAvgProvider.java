package io.sparkdtrain.strategy.fedavg;

import io.sparkdtrain.data.ClientPartitioner;
import io.sparkdtrain.engine.NamedStrategyProvider;
import io.sparkdtrain.engine.ReportKey;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Registers {@link FederatedAveraging} (McMahan et al. 2017; FedProx, Li et al. 2020) as
 * {@code fedavg}. Settings (ML Param names): {@code clientFraction}, {@code numClients} (0 = the
 * data's partitions), {@code partition}, {@code localEpochs}, {@code miniBatchSize} (absent =
 * {@value FederatedConfig#DEFAULT_BATCH_SIZE}, 0 = the whole client), {@code proxMu}, {@code clipNorm}, {@code noiseMultiplier}; the command
 * line's {@code deadlineSeconds}, {@code deadlinePolicy} (drop, partial) and {@code slowClients}
 * ({@code CLIENT:FACTOR[,...]}). In {@code dtrain compare} it is written {@code fedavg[:E/C]}.
 */
public final class FedAvgProvider extends NamedStrategyProvider {
  /** Rows per local step, or "all" (the whole client). */
  public static final ReportKey<Object> BATCH_SIZE = new ReportKey<>("batch_size", Object.class,
      "rows per local step, or \"all\" for the whole client");
  /** Local steps summed over the clients. */
  public static final ReportKey<Number> LOCAL_STEPS_TOTAL = ReportKey.number("local_steps_total",
      "local steps summed over the clients");
  private static final String SLOW_RULE = "must be CLIENT:FACTOR[,CLIENT:FACTOR...] with CLIENT >= 0 and FACTOR >= 1";

  /** The provider (instantiated by the registry). */
  public FedAvgProvider() {
    super(FederatedAveraging.NAME, "federated averaging, a share of the clients runs local epochs per round",
        "fedavg[:E/C]", "clientFraction", "numClients", "partition", "localEpochs", "miniBatchSize", "proxMu",
        "clipNorm", "noiseMultiplier", "deadlineSeconds", "deadlinePolicy", "slowClients");
  }

  @Override
  public TrainingStrategy create(StrategySettings s) {
    FederatedConfig.Builder b = FederatedConfig.builder()
        .fraction(s.getDouble("clientFraction", FederatedConfig.DEFAULT_FRACTION))
        .clients(s.getInt("numClients", 0)).partitioner(ClientPartitioner.parse(s.getString("partition", "iid")))
        .localEpochs(s.getInt("localEpochs", 1)).proxMu(s.getDouble("proxMu", 0)).clipNorm(s.getDouble("clipNorm", 0))
        .noiseMultiplier(s.getDouble("noiseMultiplier", 0)).deadlineSeconds(s.getDouble("deadlineSeconds", 0))
        .deadlinePolicy(FederatedConfig.DeadlinePolicy.valueOf(
            s.getString("deadlinePolicy", "drop").toUpperCase(Locale.ROOT)));
    if (s.has("miniBatchSize")) {
      b.batchSize(s.getInt("miniBatchSize", FederatedConfig.DEFAULT_BATCH_SIZE));
    }
    String slow = s.getString("slowClients", "");
    try {
      b.slowClients(parseSlowClients(slow));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot set slowClients to '" + slow + "', the value " + e.getMessage());
    }
    return new FederatedAveraging(b.build());
  }

  /**
   * Parses {@code CLIENT:FACTOR[,CLIENT:FACTOR...]} (empty = none).
   *
   * @throws IllegalArgumentException whose message is the rule the text breaks
   */
  public static Map<Integer, Double> parseSlowClients(String text) {
    Map<Integer, Double> out = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.split(",")) {
      String[] kv = part.trim().split(":");
      if (kv.length != 2) {
        throw new IllegalArgumentException(SLOW_RULE);
      }
      try {
        int client = Integer.parseInt(kv[0].trim());
        double factor = Double.parseDouble(kv[1].trim());
        if (client < 0 || !(factor >= 1) || !Double.isFinite(factor)) {
          throw new IllegalArgumentException(SLOW_RULE);
        }
        out.put(client, factor);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(SLOW_RULE);
      }
    }
    return out;
  }

  /**
   * {@code fedavg[:E/C]}: the data's partitions as clients, a share C of them per round (default
   * {@value FederatedConfig#DEFAULT_FRACTION}, as {@code dtrain train --strategy fedavg}), E local epochs
   * (default 1) of the base's miniBatchSize rows (0 = the whole client; absent = FedAvg's own
   * {@value FederatedConfig#DEFAULT_BATCH_SIZE}, as {@code train} and the Estimators).
   */
  @Override
  public Variant compareVariant(String arg, StrategySettings base) {
    int epochs = 1;
    double fraction = FederatedConfig.DEFAULT_FRACTION;
    if (arg != null) {
      String[] p = arg.split("/");
      if (p.length != 2) {
        throw new IllegalArgumentException("must be fedavg:E/C, e.g. fedavg:1/0.5");
      }
      try {
        epochs = Integer.parseInt(p[0]);
        fraction = Double.parseDouble(p[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("E and C in fedavg:E/C must be numbers, e.g. fedavg:1/0.5");
      }
    }
    Integer batchSize = base.has("miniBatchSize") ? base.getInt("miniBatchSize", 0) : null;
    StrategySettings s = StrategySettings.builder().put("localEpochs", epochs).put("clientFraction", fraction)
        .put("miniBatchSize", batchSize).build();
    FederatedConfig config = ((FederatedAveraging) create(s)).config(); // checks E and C before any training
    String batch = config.batchSize() == 0 ? "the whole client" : config.batchSize() + " rows";
    return new Variant("fedavg:" + epochs + "/" + fraction, "federated averaging, " + epochs
        + " local epoch(s) of batch " + batch + ", " + fraction + " of the clients (partitions) per round", s);
  }

  @Override
  public List<ReportKey<?>> reportKeys() {
    return List.of(BATCH_SIZE, LOCAL_STEPS_TOTAL);
  }

  @Override
  public List<String> kryoClassNames() {
    return List.of("io.sparkdtrain.strategy.fedavg.ClientResult");
  }

  /** {@code local_steps_total x batch_size} (NaN for whole-client batches). */
  @Override
  public double examplesProcessed(TrainingResult result, long rows, double miniBatchFraction) {
    return LOCAL_STEPS_TOTAL.number(result.extras()) * BATCH_SIZE.number(result.extras());
  }
}
