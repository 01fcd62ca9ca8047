package io.sparkdtrain.ml;

import io.sparkdtrain.data.ClientPartitioner;
import io.sparkdtrain.strategy.async.AsyncConfig;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import io.sparkdtrain.strategy.fedavg.FederatedAveraging;
import io.sparkdtrain.strategy.fedavg.FederatedConfig;
import io.sparkdtrain.strategy.hogwild.HogwildConfig;
import io.sparkdtrain.strategy.hogwild.HogwildSgd;
import io.sparkdtrain.strategy.local.LocalSgd;
import io.sparkdtrain.strategy.local.LocalSgdConfig;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import io.sparkdtrain.engine.TrainingStrategy;
import java.util.List;
import java.util.Locale;

/**
 * The strategies the {@code strategy} param can name, and how the params configure each (the table
 * in {@link DtrainParams}). A new strategy is one name in {@link #NAMES} and one case in
 * {@link #create}. Async uses {@code localSteps} steps of {@code miniBatchSize} rows (64 when 0) per
 * update; Hogwild! one epoch per round on {@code numThreads} threads; FedAvg {@code clientFraction}
 * of the clients per round, {@code localEpochs} epochs of {@code miniBatchSize} rows (10 when 0).
 * Cross-setting rules (for example noiseMultiplier needs clipNorm) are checked by the strategies'
 * config builders when {@code fit} starts, with messages that name the setting and the value.
 */
final class Strategies {
  /** Accepted values of the {@code strategy} param, in the order the docs list them. */
  static final List<String> NAMES = List.of(SynchronousSgd.NAME, LocalSgd.NAME,
      AsyncParameterServer.NAME, HogwildSgd.NAME, FederatedAveraging.NAME);

  private Strategies() {}

  /** The strategy {@code p.getStrategy()} names, configured from {@code p}. */
  static TrainingStrategy create(DtrainParams p) {
    String name = p.getStrategy();
    switch (name) {
      case SynchronousSgd.NAME:
        return new SynchronousSgd();
      case LocalSgd.NAME:
        return new LocalSgd(localSgd(p));
      case AsyncParameterServer.NAME: {
        AsyncConfig.Builder b = AsyncConfig.builder().localSteps(p.getLocalSteps())
            .maxStaleness(p.getMaxStaleness()).dcLambda(p.getDcLambda())
            .dropStaleness(p.getDropStaleness())
            .stalenessLr(AsyncConfig.StalenessLr.valueOf(p.getStalenessLr().toUpperCase(Locale.ROOT)));
        if (p.getMiniBatchSize() > 0) {
          b.batchSize(p.getMiniBatchSize());
        }
        return new AsyncParameterServer(b.build());
      }
      case HogwildSgd.NAME:
        return new HogwildSgd(HogwildConfig.builder().threads(p.getNumThreads()).build());
      case FederatedAveraging.NAME: {
        FederatedConfig.Builder b = FederatedConfig.builder().fraction(p.getClientFraction())
            .clients(p.getNumClients()).partitioner(ClientPartitioner.parse(p.getPartition()))
            .localEpochs(p.getLocalEpochs()).proxMu(p.getProxMu()).clipNorm(p.getClipNorm())
            .noiseMultiplier(p.getNoiseMultiplier());
        if (p.getMiniBatchSize() > 0) {
          b.batchSize(p.getMiniBatchSize());
        }
        return new FederatedAveraging(b.build());
      }
      default: // unreachable: the param's validator accepts only NAMES
        throw new IllegalArgumentException("Cannot set strategy to '" + name
            + "', the value must be one of " + String.join(", ", NAMES));
    }
  }

  private static LocalSgdConfig localSgd(DtrainParams p) {
    LocalSgdConfig.Builder b = LocalSgdConfig.builder().localSteps(p.getLocalSteps())
        .batchSize(p.getMiniBatchSize()).topK(p.getTopK())
        .aggregation(LocalSgdConfig.Aggregation.valueOf(p.getAggregation().toUpperCase(Locale.ROOT)));
    double lr = p.getOuterLr();
    if (p.getOuterOptimizer().equals("nesterov")) {
      b.nesterov(lr > 0 ? lr : 0.7, p.getOuterMomentum());
    } else {
      b.outerLearningRate(lr > 0 ? lr : 1.0);
    }
    String schedule = p.getLocalStepsSchedule();
    if (schedule.equals("adaptive")) {
      b.schedule(LocalSgdConfig.Schedule.ADAPTIVE);
    } else if (!schedule.equals("fixed")) {
      b.postLocal(switchRound(schedule));
    }
    return b.build();
  }

  /** The ROUND of "post-local:ROUND", or -1 when {@code spec} is not of that form. */
  private static int switchRound(String spec) {
    if (!spec.startsWith("post-local:")) {
      return -1;
    }
    try {
      return Integer.parseInt(spec.substring("post-local:".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Validator of {@code localStepsSchedule}: fixed, adaptive or post-local:ROUND with ROUND >= 1. */
  static boolean validSchedule(String spec) {
    return spec != null && (spec.equals("fixed") || spec.equals("adaptive") || switchRound(spec) >= 1);
  }

  /** Validator of {@code partition}: what {@link ClientPartitioner#parse} accepts. */
  static boolean validPartition(String spec) {
    try {
      ClientPartitioner.parse(spec);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
