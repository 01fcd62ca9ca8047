package io.sparkdtrain.ml;

import io.sparkdtrain.data.ClientPartitioner;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.strategy.StrategyRegistry;
import io.sparkdtrain.strategy.local.LocalSgdProvider;
import java.util.List;
import org.apache.spark.ml.param.Param;

/**
 * How the Estimators' params reach the strategy registry ({@link StrategyRegistry}): the
 * {@code strategy} param names a registered strategy, and every param with a value becomes a
 * {@link StrategySettings} entry under its own name (params of number, boolean and text values), which the strategy's provider reads (the table
 * in {@link DtrainParams} says which). One exception keeps each strategy's own default:
 * an unset {@code miniBatchSize} (its default 0) is left out, so each strategy takes its own batch
 * (async 64 rows, fedavg 10, local the miniBatchFraction), as {@code dtrain train} without
 * {@code --batch-size}; a miniBatchSize set to 0 is passed on (fedavg: the whole client). Cross-setting rules (for example noiseMultiplier needs clipNorm) are checked
 * by the strategies' config builders when {@code fit} starts, with messages that name the setting
 * and the value.
 */
final class Strategies {

  /** The built-in strategies, in the order the docs list them (every registered one: {@link #names()}). */
  static final List<String> NAMES = StrategyRegistry.BUILT_IN_NAMES;

  private Strategies() {}

  /** The names the {@code strategy} param accepts: every registered strategy. */
  static List<String> names() {
    return StrategyRegistry.names();
  }

  /** The strategy {@code p.getStrategy()} names, configured from {@code p}. */
  static TrainingStrategy create(DtrainParams p) {
    return StrategyRegistry.create(p.getStrategy(), settings(p));
  }

  /** Every param of {@code p} with a value (set or default), as strategy settings. */
  static StrategySettings settings(DtrainParams p) {
    StrategySettings.Builder b = StrategySettings.builder();
    for (Param<?> param : p.params()) {
      Object value = p.isDefined(param) ? p.getOrDefault(param) : null;
      if (value instanceof Number || value instanceof Boolean || value instanceof String) {
        b.put(param.name(), value);
      }
    }
    StrategySettings s = b.build();
    if (!p.isSet(p.miniBatchSize()) && p.getMiniBatchSize() == 0) {
      StrategySettings.Builder without = StrategySettings.builder();
      s.asMap().forEach((k, v) -> {
        if (!k.equals("miniBatchSize")) {
          without.put(k, v);
        }
      });
      s = without.build();
    }
    return s;
  }

  /** Validator of {@code strategy}: a registered name. */
  static boolean validStrategy(String name) {
    return name != null && StrategyRegistry.find(name).isPresent();
  }

  /** Validator of {@code localStepsSchedule}: fixed, adaptive or post-local:ROUND with ROUND >= 1. */
  static boolean validSchedule(String spec) {
    return spec != null && (spec.equals("fixed") || spec.equals("adaptive")
        || LocalSgdProvider.switchRound(spec) >= 1);
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
