package io.sparkdtrain.strategy.async;

import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.NamedStrategyProvider;
import io.sparkdtrain.engine.ReportKey;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import java.util.List;
import java.util.Locale;

/**
 * Registers {@link AsyncParameterServer} (Ho et al. 2013; Zheng et al. 2017) as {@code async}.
 * Settings (ML Param names): {@code localSteps}, {@code miniBatchSize} (0 or absent = 64),
 * {@code maxStaleness}, {@code stalenessLr} (none, inverse), {@code dcLambda}, {@code dropStaleness};
 * the command line's {@code dcAdaptive}, {@code injectStaleness}, {@code updatesPerRound},
 * {@code failFirstAttempts}; and {@code workerStepSize} (the workers' rate instead of the run's).
 * In {@code dtrain compare} it is written
 * {@code async[:inject=TAU][+bound=S][+inverse|+staleness-lr=none][+dc=X][+lr=X]}; a plain {@code async}
 * takes {@code dtrain train}'s defaults ({@link DefaultSettings}: bound 4, rate 1/tau).
 */
public final class AsyncProvider extends NamedStrategyProvider {
  /** Updates applied by the server. */
  public static final ReportKey<Number> UPDATES = ReportKey.number("updates", "updates applied by the server");
  /** Local steps per update. */
  public static final ReportKey<Integer> LOCAL_STEPS = new ReportKey<>("local_steps", Integer.class,
      "local steps per update");
  /** Rows per local step. */
  public static final ReportKey<Integer> BATCH_SIZE = new ReportKey<>("batch_size", Integer.class,
      "rows per local step");

  /** The provider (instantiated by the registry). */
  public AsyncProvider() {
    super(AsyncParameterServer.NAME, "asynchronous parameter server, k local steps of b rows per update",
        "async[:inject=TAU][+bound=S][+inverse|+staleness-lr=none][+dc=X][+lr=X]", "localSteps", "miniBatchSize", "maxStaleness",
        "stalenessLr", "dcLambda", "dropStaleness", "dcAdaptive", "injectStaleness", "updatesPerRound",
        "failFirstAttempts", "workerStepSize");
  }

  @Override
  public TrainingStrategy create(StrategySettings s) {
    AsyncConfig.Builder b = AsyncConfig.builder().localSteps(s.getInt("localSteps", 1))
        .maxStaleness(s.getInt("maxStaleness", -1)).dcLambda(s.getDouble("dcLambda", 0))
        .dcAdaptive(s.getBoolean("dcAdaptive", false)).dropStaleness(s.getInt("dropStaleness", -1))
        .injectStaleness(s.getInt("injectStaleness", -1)).updatesPerRound(s.getInt("updatesPerRound", 0))
        .failFirstAttempts(s.getDouble("failFirstAttempts", 0))
        .stalenessLr(AsyncConfig.StalenessLr.valueOf(s.getString("stalenessLr", "none").toUpperCase(Locale.ROOT)));
    int batch = s.getInt("miniBatchSize", 0);
    if (batch > 0) {
      b.batchSize(batch);
    } else if (s.getInt("localSteps", 1) == StepSizeDefaults.ONE_PASS) {
      b.batchSize(0); // unset: resolved with the one pass (10 rows, or 64 with an explicit step size)
    }
    if (s.has("workerStepSize")) {
      b.stepSize(s.getDouble("workerStepSize", Double.NaN));
    }
    return new AsyncParameterServer(b.build());
  }

  /**
   * {@code async[:PARTS]}, PARTS joined by '+': {@code inject=TAU} (deterministic mode),
   * {@code bound=S} (SSP; -1 = unbounded), {@code inverse} or {@code staleness-lr=none|inverse}
   * (the 1/tau rate), {@code dc=X} (DC-ASGD lambda), {@code lr=X} (the workers' step size). k and b
   * are the base's localSteps and miniBatchSize (b = 64 when 0, unless k is one pass). What PARTS
   * and the base leave unset takes {@code dtrain train}'s defaults ({@link DefaultSettings}): a plain
   * {@code async} runs with staleness bound {@value DefaultSettings#MAX_STALENESS} and the
   * {@value DefaultSettings#STALENESS_LR} rate, as {@code train --strategy async} and the
   * Estimators; with {@code inject=TAU} and no {@code bound} the bound is off (-1), as
   * {@code train --inject-staleness}.
   */
  @Override
  public Variant compareVariant(String arg, StrategySettings base) {
    int steps = base.getInt("localSteps", 1);
    int given = base.getInt("miniBatchSize", 0);
    int batch = given > 0 ? given : steps == StepSizeDefaults.ONE_PASS ? 0 : 64; // 0: resolved with the pass
    StrategySettings.Builder s = StrategySettings.builder().putAll(base).put("miniBatchSize", batch);
    int inject = base.getInt("injectStaleness", -1);
    Integer bound = base.has("maxStaleness") ? base.getInt("maxStaleness", -1) : null;
    String stalenessLr = base.getString("stalenessLr", DefaultSettings.STALENESS_LR);
    StringBuilder extra = new StringBuilder();
    for (String part : arg == null ? new String[0] : arg.split("\\+")) {
      try {
        if (part.startsWith("inject=")) {
          inject = nonNegative(part.substring(7), "inject=TAU needs TAU >= 0");
        } else if (part.startsWith("bound=")) {
          bound = Integer.parseInt(part.substring(6));
          if (bound < -1) {
            throw new IllegalArgumentException("bound=S needs S >= 0 (or -1 = unbounded)");
          }
        } else if (part.equals("inverse")) {
          stalenessLr = "inverse";
        } else if (part.startsWith("staleness-lr=")) {
          stalenessLr = part.substring(13);
          if (!stalenessLr.equals("none") && !stalenessLr.equals("inverse")) {
            throw new IllegalArgumentException("staleness-lr=X needs X none or inverse");
          }
        } else if (part.startsWith("dc=")) {
          s.put("dcLambda", Double.parseDouble(part.substring(3)));
          extra.append(", DC-ASGD lambda ").append(part.substring(3));
        } else if (part.startsWith("lr=")) {
          s.put("workerStepSize", Double.parseDouble(part.substring(3)));
          extra.append(", step size ").append(part.substring(3));
        } else {
          throw new IllegalArgumentException("parts of async:... must be inject=TAU, bound=S, inverse,"
              + " staleness-lr=none|inverse, dc=X or lr=X, joined by '+'");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + part + "' needs a number");
      }
    }
    int maxStaleness = bound != null ? bound : inject >= 0 ? -1 : DefaultSettings.MAX_STALENESS;
    s.put("injectStaleness", inject).put("maxStaleness", maxStaleness).put("stalenessLr", stalenessLr);
    StringBuilder method = new StringBuilder(steps == StepSizeDefaults.ONE_PASS
        ? "asynchronous parameter server, one pass over the partition per update"
            + (batch > 0 ? " in " + batch + "-row steps" : "")
        : "asynchronous parameter server, " + steps + " local steps of " + batch + " rows per update");
    if (inject >= 0) {
      method.append(", each update applied exactly ").append(inject).append(" versions late");
    }
    method.append(maxStaleness >= 0 ? ", staleness bound " + maxStaleness + " (SSP)" : ", staleness unbounded");
    method.append(stalenessLr.equals("inverse") ? ", step / staleness" : "").append(extra);
    return new Variant(arg == null ? name() : name() + ":" + arg, method.toString(), s.build());
  }

  private static int nonNegative(String text, String rule) {
    int v = Integer.parseInt(text);
    if (v < 0) {
      throw new IllegalArgumentException(rule);
    }
    return v;
  }

  @Override
  public List<ReportKey<?>> reportKeys() {
    return List.of(UPDATES, LOCAL_STEPS, BATCH_SIZE);
  }

  @Override
  public List<String> kryoClassNames() {
    return List.of("io.sparkdtrain.store.SparseDelta");
  }

  /** {@code updates x local_steps x batch_size}. */
  @Override
  public double examplesProcessed(TrainingResult result, long rows, double miniBatchFraction) {
    return UPDATES.number(result.extras()) * LOCAL_STEPS.number(result.extras())
        * BATCH_SIZE.number(result.extras());
  }
}
