package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.engine.NamedStrategyProvider;
import io.sparkdtrain.engine.ReportKey;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.store.SharedParameters;
import java.util.List;
import java.util.Locale;

/**
 * Registers {@link HogwildSgd} (Niu et al. 2011) as {@code hogwild}. Settings: {@code numThreads}
 * (0 = one per partition), {@code locked} (true/false), {@code access} (plain, opaque, atomic) and
 * {@code deterministic} (true/false: tasks on private copies merged in partition order, for exact tests;
 * {@link HogwildConfig#deterministic()}).
 * In {@code dtrain compare} it is written {@code hogwild[:T]}, T the threads.
 */
public final class HogwildProvider extends NamedStrategyProvider {
  /** The per-example updates applied (the examples processed). */
  public static final ReportKey<Number> UPDATES = ReportKey.number("updates", "per-example updates applied");

  /** The provider (instantiated by the registry). */
  public HogwildProvider() {
    super(HogwildSgd.NAME,
        "Hogwild! lock-free SGD, task threads sharing one executor's parameters, per-example steps",
        "hogwild[:T]", "numThreads", "locked", "access", "deterministic");
  }

  @Override
  public TrainingStrategy create(StrategySettings s) {
    return new HogwildSgd(HogwildConfig.builder().threads(s.getInt("numThreads", 0))
        .locked(s.getBoolean("locked", false)).deterministic(s.getBoolean("deterministic", false))
        .access(SharedParameters.Access.valueOf(s.getString("access", "plain").toUpperCase(Locale.ROOT))).build());
  }

  @Override
  public Variant compareVariant(String arg, StrategySettings base) {
    int threads = base.getInt("numThreads", 0);
    if (arg != null) {
      try {
        threads = Integer.parseInt(arg);
      } catch (NumberFormatException e) {
        threads = -1;
      }
      if (threads < 1) {
        throw new IllegalArgumentException("T in hogwild:T must be an integer >= 1");
      }
    }
    String who = threads == 0 ? "one task thread per partition" : threads + " task threads";
    return new Variant(arg == null ? name() : name() + ":" + threads, "Hogwild! lock-free SGD, " + who
        + " sharing one executor's parameters, per-example steps", base.with("numThreads", threads));
  }

  @Override
  public List<ReportKey<?>> reportKeys() {
    return List.of(UPDATES);
  }

  /** The per-example updates. */
  @Override
  public double examplesProcessed(TrainingResult result, long rows, double miniBatchFraction) {
    return UPDATES.number(result.extras());
  }
}
