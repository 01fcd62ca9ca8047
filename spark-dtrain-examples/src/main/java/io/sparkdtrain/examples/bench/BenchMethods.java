package io.sparkdtrain.examples.bench;

import io.sparkdtrain.engine.StrategyProvider;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.strategy.StrategyRegistry;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import io.sparkdtrain.strategy.fedavg.FederatedAveraging;
import io.sparkdtrain.strategy.hogwild.HogwildSgd;
import io.sparkdtrain.strategy.local.LocalSgd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methods {@code dtrain bench} knows, by {@code --methods} family: {@code mllib-lbfgs},
 * {@code mllib-sgd} (full batch and mini-batch 0.1), {@code plain} (the one-core limit,
 * {@link PlainSgd}), {@code sync} (full batch and mini-batch 0.1), {@code local} (H = 16 and a
 * tuned variant), {@code async} (bounded staleness 4), {@code hogwild}, {@code fedavg}. A new
 * strategy adds its family here. {@code --methods} also accepts a single method id
 * ({@code sync-mb0.1}, {@code local-tuned}).
 */
public final class BenchMethods {
  /** The families, in report order. */
  public static final List<String> FAMILIES = List.of(MllibLbfgs.ID, MllibGradientDescent.FAMILY,
      PlainSgdBench.ID, SyncSgdBench.FAMILY, LocalSgd.NAME, AsyncParameterServer.NAME, HogwildSgd.NAME,
      FederatedAveraging.NAME);

  private BenchMethods() {}

  /**
   * The settings the methods take from the command line.
   *
   * @param lbfgsMaxIter the largest {@code maxIter} the L-BFGS sweep tries
   * @param sgdIterations the {@code numIterations} the GradientDescent sweep tries
   * @param miniBatchFraction the mini-batch variants' fraction
   * @param maxRounds our strategies' round limit
   * @param syncStepSize the learning rate of synchronous SGD (Nesterov momentum 0.9)
   * @param stepSize the learning rate of local SGD and FedAvg
   * @param batchSize the local mini-batch of local SGD, async and FedAvg
   * @param localTuned the tuned Local SGD: {@code H,B,SCHEDULE} (local steps, batch, learning-rate schedule)
   * @param asyncStepSize the async workers' learning rate
   * @param hogwildStepSize Hogwild!'s learning rate
   * @param hogwildDecay Hogwild!'s learning-rate factor per round
   * @param hogwildFraction the fraction of each partition's rows a Hogwild! round visits (1 = an epoch)
   * @param plainEta0 {@link PlainSgd}'s initial learning rate
   * @param plainDecay {@link PlainSgd}'s learning-rate factor per epoch
   * @param plainEpochs {@link PlainSgd}'s epoch limit
   */
  public record Settings(int lbfgsMaxIter, int[] sgdIterations, double miniBatchFraction, int maxRounds,
                         double syncStepSize, double stepSize, int batchSize, String localTuned, double asyncStepSize,
                         double hogwildStepSize, double hogwildDecay, double hogwildFraction, double plainEta0,
                         double plainDecay, int plainEpochs) {

    /** The defaults of {@code dtrain bench} with the given sweep settings (tests, older callers). */
    public Settings(int lbfgsMaxIter, int[] sgdIterations, double miniBatchFraction, int maxRounds) {
      this(lbfgsMaxIter, sgdIterations, miniBatchFraction, maxRounds, 1.0, 1.0, 32, "16,32,step:0.5:240", 0.1, 0.5,
          0.8, 1.0, 0.1, 0.5, 20);
    }
  }

  /** Every method, in report order. */
  public static List<BenchMethod> all(Settings s) {
    List<BenchMethod> m = new ArrayList<>();
    m.add(new MllibLbfgs(s.lbfgsMaxIter()));
    m.add(new MllibGradientDescent(1.0, 1.0, s.sgdIterations()));
    m.add(new MllibGradientDescent(1.0, s.miniBatchFraction(), s.sgdIterations()));
    m.add(new PlainSgdBench(s.plainEta0(), s.plainDecay(), s.plainEpochs(), 4));
    m.add(new SyncSgdBench(s.syncStepSize(), 0.9, true, 1.0, s.maxRounds()));
    m.add(new SyncSgdBench(s.syncStepSize(), 0.9, true, s.miniBatchFraction(), s.maxRounds()));
    m.add(local("local-h16", "dtrain Local SGD (H=16)", 16, s.batchSize(), s.stepSize(), "constant", s));
    String[] tuned = parseLocalTuned(s.localTuned());
    m.add(local("local-tuned", "dtrain Local SGD (tuned: H=" + tuned[0] + ", B=" + tuned[1] + ", " + tuned[2] + ")",
        Integer.parseInt(tuned[0]), Integer.parseInt(tuned[1]), s.stepSize(), tuned[2], s));
    StrategySettings async = StrategySettings.builder().put("localSteps", 16).put("miniBatchSize", s.batchSize())
        .put("maxStaleness", 4).put("workerStepSize", s.asyncStepSize()).build();
    m.add(new StrategyBench("async", AsyncParameterServer.NAME, "dtrain async SGD (tau <= 4)",
        "parameter server, 16 local steps of " + s.batchSize() + " rows per update, maxStaleness 4, stepSize "
            + s.asyncStepSize() + " constant, a round = one update per worker",
        () -> StrategyRegistry.create(AsyncParameterServer.NAME, async), b -> b.stepSize(s.asyncStepSize()), s.maxRounds()));
    StrategySettings hogwild = StrategySettings.builder().put("numThreads", 2).build();
    String hogwildRound = s.hogwildFraction() >= 1 ? "a round = one epoch"
        : "a round = " + s.hogwildFraction() + " of an epoch";
    m.add(new StrategyBench("hogwild", HogwildSgd.NAME, "dtrain Hogwild! (2 threads)",
        "2 lock-free task threads, per-example steps, stepSize " + s.hogwildStepSize() + " decayed x"
            + s.hogwildDecay() + " per round, " + hogwildRound, () -> StrategyRegistry.create(HogwildSgd.NAME, hogwild),
        b -> b.stepSize(s.hogwildStepSize()).learningRateSchedule("step:" + s.hogwildDecay() + ":1")
            .miniBatchFraction(s.hogwildFraction()), s.maxRounds()));
    StrategySettings fedavg = StrategySettings.builder().put("clientFraction", 0.5).put("localEpochs", 1)
        .put("miniBatchSize", s.batchSize()).build();
    m.add(new StrategyBench("fedavg", FederatedAveraging.NAME, "dtrain FedAvg (E=1, C=0.5)",
        "clients = partitions, half sampled per round, 1 local epoch of batch " + s.batchSize() + ", stepSize "
            + s.stepSize() + " halved every 20 rounds (step:0.5:20)", () -> StrategyRegistry.create(FederatedAveraging.NAME, fedavg),
        b -> b.stepSize(s.stepSize()).learningRateSchedule("step:0.5:20"), s.maxRounds()));
    for (StrategyProvider p : StrategyRegistry.all()) { // strategies added through the registry: defaults
      if (!FAMILIES.contains(p.name())) {
        m.add(new StrategyBench(p.name(), p.name(), "dtrain " + p.name(), p.description() + ", default settings",
            () -> p.create(StrategySettings.empty()), b -> b, s.maxRounds()));
      }
    }
    return m;
  }

  private static BenchMethod local(String id, String label, int h, int batch, double step, String schedule,
                                   Settings s) {
    StrategySettings c = StrategySettings.builder().put("localSteps", h).put("miniBatchSize", batch)
        .put("aggregation", "tree").build();
    return new StrategyBench(id, LocalSgd.NAME, label, "H=" + h + " local steps of " + batch
        + " rows, plain averaging (tree), stepSize " + step + " " + schedule,
        () -> StrategyRegistry.create(LocalSgd.NAME, c), b -> b.stepSize(step).learningRateSchedule(schedule), s.maxRounds());
  }

  /**
   * Parses {@code --local-tuned H,B,SCHEDULE} ("16,32,step:0.5:240").
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  public static String[] parseLocalTuned(String spec) {
    String[] p = spec.split(",", 3);
    boolean ok = p.length == 3;
    try {
      ok = ok && Integer.parseInt(p[0].trim()) >= 1 && Integer.parseInt(p[1].trim()) >= 1;
      io.sparkdtrain.optim.LearningRates.parse(p[2].trim(), 1.0);
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      throw new IllegalArgumentException("Invalid value '" + spec + "' for option --local-tuned: must be H,B,SCHEDULE "
          + "with H >= 1 local steps, B >= 1 rows per batch and a learning-rate schedule (e.g. 16,32,step:0.5:240)");
    }
    return new String[] {p[0].trim(), p[1].trim(), p[2].trim()};
  }

  /**
   * The methods named by {@code names} (families or ids), in report order, each once.
   *
   * @throws IllegalArgumentException naming an unknown name and listing the known ones
   */
  public static List<BenchMethod> select(List<String> names, Settings s) {
    List<BenchMethod> all = all(s);
    Map<String, BenchMethod> chosen = new LinkedHashMap<>();
    for (String raw : names) {
      String n = raw.trim();
      boolean found = false;
      for (BenchMethod m : all) {
        if (m.family().equals(n) || m.id().equals(n)) {
          chosen.put(m.id(), m);
          found = true;
        }
      }
      if (!found) {
        List<String> known = new ArrayList<>(FAMILIES);
        all.forEach(m -> {
          if (!known.contains(m.id())) {
            known.add(m.id());
          }
        });
        throw new IllegalArgumentException("Invalid value '" + n + "' for option --methods: must be one of "
            + String.join(", ", known));
      }
    }
    List<BenchMethod> ordered = new ArrayList<>();
    for (BenchMethod m : all) {
      if (chosen.containsKey(m.id())) {
        ordered.add(m);
      }
    }
    return ordered;
  }
}
