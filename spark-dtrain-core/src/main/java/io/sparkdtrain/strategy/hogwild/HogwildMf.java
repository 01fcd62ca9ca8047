package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.data.RatingsData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.model.mf.MatrixFactorization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Hogwild! for matrix factorisation (Niu et al. 2011, Section 5, the Netflix experiment): the task
 * threads of an executor share the user and item factors ({@link MatrixFactorization}) and each
 * rating's SGD step touches only its user's and item's {@code 2(K+1)} parameters, without locks
 * (or under one lock per rating with {@link HogwildConfig#locked()}). Rounds, the executor-local
 * store, the sparse deltas and their merge across executors are those of {@link HogwildSgd}
 * ({@link HogwildRun}). One round is one epoch over the training ratings in a seeded random order,
 * at the learning rate {@code schedule.rate(epoch - 1)} of the {@link TrainingConfig}
 * ({@code maxRounds} = epochs). The run is {@link HogwildSgd}'s on the {@link MatrixFactorization}
 * model (its racing step, {@link ModelHogwildWorker}) through the training loop; after each epoch the
 * loop measures the RMSE on the training and held-out ratings (outside the timed training).
 */
public final class HogwildMf {
  private final HogwildConfig config;

  /** Hogwild! MF with the given thread and access settings. */
  public HogwildMf(HogwildConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("Cannot set config to null");
    }
    this.config = config;
  }

  /** RMSE after an epoch, with the training seconds so far. */
  public record Epoch(int epoch, double seconds, double rmseTrain, double rmseTest) {}

  /** The trained factors and what the run measured. */
  public record Result(double[] weights, List<Epoch> history, long updates, double seconds,
                       double computeSeconds, int threads, double baselineRmseTest) {
    public double rmseTrain() { return history.get(history.size() - 1).rmseTrain(); }
    public double rmseTest() { return history.get(history.size() - 1).rmseTest(); }
    public double updatesPerSecond() { return seconds > 0 ? updates / seconds : 0.0; }

    /** The JSON report of {@code dtrain train-mf}. */
    public Map<String, Object> asReport(HogwildConfig config, MatrixFactorization model) {
      Map<String, Object> m = reportHead("hogwild", history, baselineRmseTest, history.size() - 1, model);
      m.put("threads", threads);
      m.put("access", config.access().name().toLowerCase(Locale.ROOT));
      m.put("locked", config.locked());
      m.put("updates", updates);
      m.put("updates_per_second", updatesPerSecond());
      m.put("compute_updates_per_second", computeSeconds > 0 ? updates / computeSeconds : 0.0);
      m.put("wall_clock_seconds", seconds);
      m.put("history", reportHistory(history));
      return m;
    }
  }

  /**
   * The fields every {@code dtrain train-mf} report starts with, whatever the strategy: the strategy,
   * the last epoch's training and held-out RMSE, the held-out RMSE of the global mean, the epochs,
   * the rank and the L2 parameter (a mutable map: the caller adds its strategy's fields).
   */
  public static Map<String, Object> reportHead(String strategy, List<Epoch> history, double baselineRmseTest,
      int epochs, MatrixFactorization model) {
    Epoch last = history.get(history.size() - 1);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("strategy", strategy);
    m.put("rmse_train", last.rmseTrain());
    m.put("rmse_test", last.rmseTest());
    m.put("rmse_test_global_mean", baselineRmseTest);
    m.put("epochs", epochs);
    m.put("rank", model.rank());
    m.put("reg_param", model.lambda());
    return m;
  }

  /** The {@code history} of a {@code dtrain train-mf} report: epoch, seconds and both RMSEs per epoch. */
  public static List<Map<String, Object>> reportHistory(List<Epoch> history) {
    List<Map<String, Object>> h = new ArrayList<>();
    for (Epoch e : history) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("epoch", e.epoch());
      r.put("seconds", e.seconds());
      r.put("rmse_train", e.rmseTrain());
      r.put("rmse_test", e.rmseTest());
      h.add(r);
    }
    return h;
  }

  /**
   * Trains {@code model} on {@code data} for {@code tc.maxRounds()} epochs through {@link HogwildSgd}
   * (and so {@link io.sparkdtrain.engine.TrainingLoop}: evaluation, events, divergence guard,
   * checkpoints); releases the store.
   */
  public Result train(JavaSparkContext sc, RatingsData data, MatrixFactorization model, TrainingConfig tc) {
    TrainingContext context = new TrainingContext(sc, data, data.heldOut(), model, tc, null, null, null);
    return train(context, data);
  }

  /** Trains the context's matrix factorisation model (its training data is {@code data}). */
  public Result train(TrainingContext context, RatingsData data) {
    double baseline = baselineRmseTest(context.sparkContext(), data);
    TrainingResult r = new HogwildSgd(config).train(context);
    long updates = ((Number) r.extras().get("updates")).longValue();
    double perSecond = ((Number) r.extras().get("compute_updates_per_second")).doubleValue();
    return new Result(r.weights(), epochs(r), updates, r.wallClockSeconds(),
        perSecond > 0 ? updates / perSecond : 0.0, ((Number) r.extras().get("threads")).intValue(), baseline);
  }

  /**
   * The RMSE history of a matrix factorisation run of any strategy: per evaluated round, the training
   * seconds, the training RMSE (the loop's {@code training_metrics}) and the held-out RMSE (NaN
   * without held-out ratings).
   */
  public static List<Epoch> epochs(TrainingResult r) {
    Map<Integer, Double> train = new java.util.HashMap<>();
    Object listed = r.extras().get("training_metrics");
    if (listed instanceof List<?> list) {
      for (Object o : list) {
        Map<?, ?> m = (Map<?, ?>) o;
        train.put(((Number) m.get("round")).intValue(), ((Number) m.get("rmse")).doubleValue());
      }
    }
    List<Epoch> out = new ArrayList<>();
    for (RoundRecord rec : r.history()) {
      if (!Double.isNaN(rec.objective())) {
        out.add(new Epoch(rec.round(), rec.seconds(), train.getOrDefault(rec.round(), Double.NaN),
            rec.test() == null ? Double.NaN : rec.test().rmse()));
      }
    }
    return out;
  }

  /** The held-out RMSE of predicting the training mean for every rating (NaN without held-out ratings). */
  public static double baselineRmseTest(JavaSparkContext sc, RatingsData data) {
    return rmse(sc, data, new MatrixFactorization(1, 1, 1, 0, data.trainMean()), new double[4])[1];
  }

  /** {rmse on training ratings, rmse on held-out ratings (NaN if none)} of {@code w}. */
  public static double[] rmse(JavaSparkContext sc, RatingsData data, MatrixFactorization model, double[] w) {
    Broadcast<double[]> b = sc.broadcast(w);
    try {
      double[] s = data.blocks().map(block -> {
        double[] acc = new double[4];
        double[] v = b.value();
        for (int i = 0; i < block.size(); i++) {
          double e = block.rating(i) - model.predict(v, block.user(i), block.item(i));
          int k = i < block.numTrain() ? 0 : 2;
          acc[k] += e * e;
          acc[k + 1]++;
        }
        return acc;
      }).reduce((x, y) -> new double[] {x[0] + y[0], x[1] + y[1], x[2] + y[2], x[3] + y[3]});
      return new double[] {Math.sqrt(s[0] / s[1]), s[3] > 0 ? Math.sqrt(s[2] / s[3]) : Double.NaN};
    } finally {
      b.destroy();
    }
  }

  @Override
  public String toString() {
    return "HogwildMf(" + config + ")";
  }
}
