package io.sparkdtrain.strategy.fedavg;

import io.sparkdtrain.data.ClientPartitioner;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings of {@link FederatedAveraging}, on top of the shared
 * {@link io.sparkdtrain.engine.TrainingConfig}. Immutable; built with {@link #builder()}, whose
 * {@code build()} validates every field and names the setting and the value in its message
 * ("Cannot set fraction to 1.5, the value must be in (0, 1]"). {@link #toString()} prints every
 * setting.
 *
 * <ul>
 *   <li>{@code clients} K: the training data is split into K client partitions by
 *       {@code partitioner} before training; 0 keeps the data's partitions as the clients.
 *   <li>{@code fraction} C: each round samples {@code max(floor(C K), 1)} clients.
 *   <li>{@code localEpochs} E and {@code batchSize} B: each sampled client runs E passes over its
 *       rows in batches of B; B = 0 means the whole client (one full-batch step per epoch).
 *   <li>{@code proxMu} mu: the FedProx proximal term {@code mu/2 ||w - w_t||^2} (0 = FedAvg).
 *   <li>{@code deadlineSeconds} and {@code deadlinePolicy}: a client still working that many
 *       seconds after its task started is dropped ({@link DeadlinePolicy#DROP}) or stops and sends
 *       what it has ({@link DeadlinePolicy#PARTIAL}); 0 = no deadline.
 *   <li>{@code slowClients}: injected slowdown factors by client index (for experiments; a client
 *       with factor f sleeps (f - 1) times the compute time of each of its local steps).
 *   <li>{@code clipNorm} and {@code noiseMultiplier}: clip each client's model delta to L2 norm X,
 *       and add Gaussian noise of standard deviation {@code z X / m} to the averaged delta.
 * </ul>
 */
public final class FederatedConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What happens to a client still working at the round deadline. */
  public enum DeadlinePolicy {
    /** Its update is discarded (FedAvg as deployed: the server does not wait). */
    DROP,
    /** It stops and its partial work is averaged in (FedProx, Li et al. 2020). */
    PARTIAL
  }

  private final int clients;
  /** The share of the clients per round when none is given (McMahan et al. 2017 use C = 0.1). */
  public static final double DEFAULT_FRACTION = 0.1;
  /** Rows per local step when none is given (McMahan et al. 2017's B = 10). */
  public static final int DEFAULT_BATCH_SIZE = 10;

  private final double fraction;
  private final int localEpochs;
  private final int batchSize;
  private final ClientPartitioner partitioner;
  private final double proxMu;
  private final double deadlineSeconds;
  private final DeadlinePolicy deadlinePolicy;
  private final TreeMap<Integer, Double> slowClients;
  private final double clipNorm;
  private final double noiseMultiplier;

  private FederatedConfig(Builder b) {
    this.clients = atLeast("clients", b.clients, 0);
    if (!(b.fraction > 0 && b.fraction <= 1)) {
      throw new IllegalArgumentException("Cannot set fraction to " + b.fraction + ", the value must be in (0, 1]");
    }
    this.fraction = b.fraction;
    this.localEpochs = atLeast("localEpochs", b.localEpochs, 1);
    this.batchSize = atLeast("batchSize", b.batchSize, 0);
    if (b.partitioner == null) {
      throw new IllegalArgumentException("Cannot set partitioner to null");
    }
    this.partitioner = b.partitioner;
    this.proxMu = finiteAtLeastZero("proxMu", b.proxMu);
    this.deadlineSeconds = finiteAtLeastZero("deadlineSeconds", b.deadlineSeconds);
    if (b.deadlinePolicy == null) {
      throw new IllegalArgumentException("Cannot set deadlinePolicy to null");
    }
    this.deadlinePolicy = b.deadlinePolicy;
    this.slowClients = new TreeMap<>();
    for (Map.Entry<Integer, Double> e : b.slowClients.entrySet()) {
      if (e.getKey() == null || e.getKey() < 0) {
        throw new IllegalArgumentException("Cannot set slowClients to " + b.slowClients
            + ", the client " + e.getKey() + " must be >= 0");
      }
      if (e.getValue() == null || !(e.getValue() >= 1) || e.getValue().isInfinite()) {
        throw new IllegalArgumentException("Cannot set slowClients to " + b.slowClients
            + ", the factor of client " + e.getKey() + " must be finite and >= 1");
      }
      slowClients.put(e.getKey(), e.getValue());
    }
    this.clipNorm = finiteAtLeastZero("clipNorm", b.clipNorm);
    this.noiseMultiplier = finiteAtLeastZero("noiseMultiplier", b.noiseMultiplier);
    if (noiseMultiplier > 0 && clipNorm == 0) {
      throw new IllegalArgumentException("Cannot set noiseMultiplier to " + noiseMultiplier
          + " without clipNorm, the noise is scaled by the clipping norm (set clipNorm > 0)");
    }
  }

  private static int atLeast(String name, int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException("Cannot set " + name + " to " + v + ", the value must be >= " + min);
    }
    return v;
  }

  private static double finiteAtLeastZero(String name, double v) {
    if (!(v >= 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException("Cannot set " + name + " to " + v + ", the value must be finite and >= 0");
    }
    return v;
  }

  /** Defaults: data's partitions as clients, C = 0.1, E = 1, B = 10, IID, no FedProx, no deadline. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder().clients(clients).fraction(fraction).localEpochs(localEpochs).batchSize(batchSize)
        .partitioner(partitioner).proxMu(proxMu).deadlineSeconds(deadlineSeconds)
        .deadlinePolicy(deadlinePolicy).slowClients(slowClients).clipNorm(clipNorm)
        .noiseMultiplier(noiseMultiplier);
  }

  /** Clients K to split the data into; 0 = the data's partitions are the clients. */
  public int clients() { return clients; }
  /** Share C of the clients sampled per round. */
  public double fraction() { return fraction; }
  /** Local epochs E per round. */
  public int localEpochs() { return localEpochs; }
  /** Rows per local step B; 0 = the whole client (full batch). */
  public int batchSize() { return batchSize; }
  /** How the rows are split into clients when {@link #clients()} > 0. */
  public ClientPartitioner partitioner() { return partitioner; }
  /** FedProx mu; 0 = plain FedAvg. */
  public double proxMu() { return proxMu; }
  /** Round deadline in seconds per client; 0 = none. */
  public double deadlineSeconds() { return deadlineSeconds; }
  public DeadlinePolicy deadlinePolicy() { return deadlinePolicy; }
  /** Injected slowdown factors by client (a copy). */
  public Map<Integer, Double> slowClients() { return new TreeMap<>(slowClients); }
  /** The injected slowdown factor of {@code client} (1 = not slowed). */
  public double slowdown(int client) { return slowClients.getOrDefault(client, 1.0); }
  /** L2 norm each client's delta is clipped to; 0 = no clipping. */
  public double clipNorm() { return clipNorm; }
  /** z: Gaussian noise of std {@code z clipNorm / m} on the averaged delta; 0 = none. */
  public double noiseMultiplier() { return noiseMultiplier; }

  /** Clients sampled per round out of {@code k}: {@code max(floor(C k), 1)}. */
  public int clientsPerRound(int k) {
    return Math.max((int) Math.floor(fraction * k + 1e-9), 1);
  }

  @Override
  public String toString() {
    return "FederatedConfig(clients=" + clients + ", fraction=" + fraction + ", localEpochs=" + localEpochs
        + ", batchSize=" + batchSize + ", partitioner=" + partitioner.spec() + ", proxMu=" + proxMu
        + ", deadlineSeconds=" + deadlineSeconds + ", deadlinePolicy=" + deadlinePolicy
        + ", slowClients=" + slowClients + ", clipNorm=" + clipNorm + ", noiseMultiplier=" + noiseMultiplier + ")";
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private int clients = 0;
    private double fraction = DEFAULT_FRACTION;
    private int localEpochs = 1;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private ClientPartitioner partitioner = ClientPartitioner.iid();
    private double proxMu = 0.0;
    private double deadlineSeconds = 0.0;
    private DeadlinePolicy deadlinePolicy = DeadlinePolicy.DROP;
    private Map<Integer, Double> slowClients = new TreeMap<>();
    private double clipNorm = 0.0;
    private double noiseMultiplier = 0.0;

    private Builder() {}

    public Builder clients(int v) { clients = v; return this; }
    public Builder fraction(double v) { fraction = v; return this; }
    public Builder localEpochs(int v) { localEpochs = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder partitioner(ClientPartitioner v) { partitioner = v; return this; }
    public Builder proxMu(double v) { proxMu = v; return this; }
    public Builder deadlineSeconds(double v) { deadlineSeconds = v; return this; }
    public Builder deadlinePolicy(DeadlinePolicy v) { deadlinePolicy = v; return this; }
    public Builder slowClients(Map<Integer, Double> v) { slowClients = new TreeMap<>(v); return this; }
    /** Makes {@code client} {@code factor} times slower. */
    public Builder slowClient(int client, double factor) { slowClients.put(client, factor); return this; }
    public Builder clipNorm(double v) { clipNorm = v; return this; }
    public Builder noiseMultiplier(double v) { noiseMultiplier = v; return this; }

    public FederatedConfig build() { return new FederatedConfig(this); }
  }
}
