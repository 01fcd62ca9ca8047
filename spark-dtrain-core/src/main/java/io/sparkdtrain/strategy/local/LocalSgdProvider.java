package io.sparkdtrain.strategy.local;

import io.sparkdtrain.engine.NamedStrategyProvider;
import io.sparkdtrain.engine.ReportKey;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import java.util.List;
import java.util.Locale;

/**
 * Registers {@link LocalSgd} (Stich 2019; Lin et al. 2020) as {@code local}. Settings (ML Param
 * names): {@code localSteps}, {@code miniBatchSize} (0 = the mini-batch fraction), {@code aggregation}
 * (tree, driver), {@code outerOptimizer} (avg, nesterov), {@code outerLr} (0 or absent = 1.0 for avg,
 * 0.7 for nesterov), {@code outerMomentum} (0.9), {@code localStepsSchedule} (fixed,
 * post-local:ROUND, adaptive), {@code topK}, and the command line's {@code sparseDeltas} (auto, on,
 * off) and {@code adamMoments} (reset, keep: see {@link LocalSgdConfig.AdamMoments}). In {@code dtrain compare} it is written {@code local[:H]} (plain: --local-steps, one pass by default).
 */
public final class LocalSgdProvider extends NamedStrategyProvider {
  /** Rows per local step (0 = the mini-batch fraction). */
  public static final ReportKey<Integer> BATCH_SIZE = new ReportKey<>("batch_size", Integer.class,
      "rows per local step (0 = the mini-batch fraction of the partition)");
  /** Local steps summed over the workers. */
  public static final ReportKey<Number> WORKER_STEPS_TOTAL = ReportKey.number("worker_steps_total",
      "local steps summed over the workers");

  /** The provider (instantiated by the registry). */
  public LocalSgdProvider() {
    super(LocalSgd.NAME, "local SGD, model averaging every H local steps", "local[:H]", "localSteps",
        "miniBatchSize", "aggregation", "outerOptimizer", "outerLr", "outerMomentum", "localStepsSchedule", "topK",
        "sparseDeltas", "adamMoments");
  }

  @Override
  public TrainingStrategy create(StrategySettings s) {
    LocalSgdConfig.Builder b = LocalSgdConfig.builder().localSteps(s.getInt("localSteps", 8))
        .batchSize(s.getInt("miniBatchSize", 0)).topK(s.getInt("topK", 0))
        .aggregation(LocalSgdConfig.Aggregation.valueOf(upper(s.getString("aggregation", "tree"))))
        .sparseDeltas(LocalSgdConfig.SparseDeltas.valueOf(upper(s.getString("sparseDeltas", "auto"))))
        .adamMoments(LocalSgdConfig.AdamMoments.valueOf(upper(s.getString("adamMoments", "reset"))));
    double lr = s.getDouble("outerLr", 0);
    if (s.getString("outerOptimizer", "avg").equals("nesterov")) {
      b.nesterov(lr > 0 ? lr : 0.7, s.getDouble("outerMomentum", 0.9));
    } else {
      b.outerLearningRate(lr > 0 ? lr : 1.0);
    }
    String schedule = s.getString("localStepsSchedule", "fixed");
    if (schedule.equals("adaptive")) {
      b.schedule(LocalSgdConfig.Schedule.ADAPTIVE);
    } else if (!schedule.equals("fixed")) {
      b.postLocal(switchRound(schedule));
    }
    return new LocalSgd(b.build());
  }

  private static String upper(String v) {
    return v.toUpperCase(Locale.ROOT);
  }

  /** The ROUND of "post-local:ROUND", or -1 when {@code spec} is not of that form. */
  public static int switchRound(String spec) {
    if (spec == null || !spec.startsWith("post-local:")) {
      return -1;
    }
    try {
      return Integer.parseInt(spec.substring("post-local:".length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * {@code local[:H]}: H local steps per round (an integer >= 1); a plain {@code local} takes the
   * base's localSteps, as {@code dtrain train --strategy local} does (its default 0: one pass over the
   * partition per round). {@code local:H+keep} and {@code local:H+reset} set {@code adamMoments} for
   * that variant (with {@code --optimizer adam}), so one run can compare both.
   */
  @Override
  public Variant compareVariant(String arg, StrategySettings base) {
    if (arg != null && arg.contains("+")) {
      String moments = arg.substring(arg.indexOf('+') + 1);
      if (!moments.equals("keep") && !moments.equals("reset")) {
        throw new IllegalArgumentException("local:H+M needs M keep or reset (the Adam moments), not '" + moments + "'");
      }
      Variant v = compareVariant(arg.substring(0, arg.indexOf('+')), base);
      return new Variant(v.label() + "+" + moments, v.method() + ", Adam moments " + moments,
          v.settings().with("adamMoments", moments));
    }
    int h = base.getInt("localSteps", 8);
    if (arg == null && h == StepSizeDefaults.ONE_PASS) {
      return new Variant(name(), "local SGD, model averaging after one pass over the partition", base);
    }
    if (arg != null) {
      try {
        h = Integer.parseInt(arg);
      } catch (NumberFormatException e) {
        h = 0;
      }
    }
    if (h < 1) {
      throw new IllegalArgumentException("H in local:H must be an integer >= 1");
    }
    return new Variant("local:" + h, "local SGD, model averaging every " + h + " local steps",
        base.with("localSteps", h));
  }

  @Override
  public List<ReportKey<?>> reportKeys() {
    return List.of(BATCH_SIZE, WORKER_STEPS_TOTAL);
  }

  @Override
  public List<String> kryoClassNames() {
    return List.of("io.sparkdtrain.store.SparseDelta");
  }

  /** {@code worker_steps_total x batch_size} (NaN with the mini-batch fraction). */
  @Override
  public double examplesProcessed(TrainingResult result, long rows, double miniBatchFraction) {
    double batch = BATCH_SIZE.number(result.extras());
    return batch > 0 ? WORKER_STEPS_TOTAL.number(result.extras()) * batch : Double.NaN;
  }
}
