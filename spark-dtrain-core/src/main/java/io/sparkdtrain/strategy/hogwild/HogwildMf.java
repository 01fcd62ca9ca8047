package io.sparkdtrain.strategy.hogwild;

import io.sparkdtrain.data.RatingsBlock;
import io.sparkdtrain.data.RatingsData;
import io.sparkdtrain.engine.Optimizers;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.model.mf.MatrixFactorization;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.store.SharedParameters;
import io.sparkdtrain.store.SparseDelta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Hogwild! for matrix factorisation (Niu et al. 2011, Section 5, the Netflix experiment): the task
 * threads of an executor share the user and item factors ({@link MatrixFactorization}) and each
 * rating's SGD step touches only its user's and item's {@code 2(K+1)} parameters, without locks
 * (or under one lock per rating with {@link HogwildConfig#locked()}). Rounds, the executor-local
 * store, the sparse deltas and their averaging across executors are those of {@link HogwildSgd}
 * ({@link HogwildRun}). One round is one epoch over the training ratings in a seeded random order,
 * at the learning rate {@code schedule.rate(epoch - 1)} of the {@link TrainingConfig}
 * ({@code maxRounds} = epochs). After each epoch the RMSE on the training and held-out ratings is
 * measured (outside the timed training).
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
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("strategy", "hogwild");
      m.put("rmse_train", rmseTrain());
      m.put("rmse_test", rmseTest());
      m.put("rmse_test_global_mean", baselineRmseTest);
      m.put("epochs", history.size() - 1);
      m.put("rank", model.rank());
      m.put("reg_param", model.lambda());
      m.put("threads", threads);
      m.put("access", config.access().name().toLowerCase(Locale.ROOT));
      m.put("locked", config.locked());
      m.put("updates", updates);
      m.put("updates_per_second", updatesPerSecond());
      m.put("compute_updates_per_second", computeSeconds > 0 ? updates / computeSeconds : 0.0);
      m.put("wall_clock_seconds", seconds);
      List<Map<String, Object>> h = new ArrayList<>();
      for (Epoch e : history) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("epoch", e.epoch());
        r.put("seconds", e.seconds());
        r.put("rmse_train", e.rmseTrain());
        r.put("rmse_test", e.rmseTest());
        h.add(r);
      }
      m.put("history", h);
      return m;
    }
  }

  /** Trains {@code model} on {@code data} for {@code tc.maxRounds()} epochs; releases the store. */
  public Result train(JavaSparkContext sc, RatingsData data, MatrixFactorization model, TrainingConfig tc) {
    io.sparkdtrain.spark.ExecutorWait.await(sc.sc()); // threads per executor JVM
    JavaRDD<RatingsBlock> tasks = HogwildSgd.tasks(data.blocks(), config.threads());
    double[] w = model.initialParameters(tc.seed());
    List<Epoch> history = new ArrayList<>();
    double[] start = rmse(sc, data, model, w);
    history.add(new Epoch(0, 0.0, start[0], start[1]));
    double baseline = rmse(sc, data, new MatrixFactorization(1, 1, 1, 0, data.trainMean()), new double[4])[1];
    long updates = 0;
    double seconds = 0;
    double computeSeconds = 0;
    String callerDescription = sc.getLocalProperty("spark.job.description"); // the job group stays the caller's
    try (HogwildRun run = new HogwildRun(sc, w)) {
      Worker worker = new Worker(model, Optimizers.schedule(tc), config, run.runId(), tc.seed());
      for (int epoch = 1; epoch <= tc.maxRounds(); epoch++) {
        sc.setJobDescription("dtrain hogwild-mf epoch " + epoch + "/" + tc.maxRounds());
        long t0 = System.nanoTime();
        HogwildRun.RoundStats stats = run.round(epoch, tasks, worker);
        seconds += (System.nanoTime() - t0) / 1e9;
        computeSeconds += stats.maxTaskNanos() / 1e9;
        updates += stats.updates();
        run.store().copyInto(w);
        double[] r = rmse(sc, data, model, w);
        if (!Double.isFinite(r[0])) {
          throw new io.sparkdtrain.engine.TrainingDivergedException("Training diverged at epoch " + epoch
              + " (hogwild matrix factorisation): the training RMSE is " + r[0] + ". Lower the step size (stepSize="
              + tc.stepSize() + ", --step-size on the command line).");
        }
        history.add(new Epoch(epoch, seconds, r[0], r[1]));
      }
    } finally {
      sc.setLocalProperty("spark.job.description", callerDescription);
    }
    return new Result(w, history, updates, seconds, computeSeconds, tasks.getNumPartitions(), baseline);
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

  /** One task's epoch share: every training rating of its blocks once, in a seeded random order. */
  private static final class Worker implements HogwildRun.RoundTask<RatingsBlock> {
    private static final long serialVersionUID = 1L;
    private final MatrixFactorization model;
    private final LearningRateSchedule schedule;
    private final HogwildConfig config;
    private final String runId;
    private final long seed;

    Worker(MatrixFactorization model, LearningRateSchedule schedule, HogwildConfig config, String runId, long seed) {
      this.model = model;
      this.schedule = schedule;
      this.config = config;
      this.runId = runId;
      this.seed = seed;
    }

    @Override
    public SparseDelta run(Iterator<RatingsBlock> blocks, int round, long readVersion, double[] b) {
      long t0 = System.nanoTime();
      LocalParameterRegistry.Slot slot = LocalParameterRegistry.acquire(runId, model.dimension(), config.access());
      try {
        return runOn(slot, blocks, round, readVersion, b, t0);
      } finally {
        slot.finishTask();
      }
    }

    private SparseDelta runOn(LocalParameterRegistry.Slot slot, Iterator<RatingsBlock> blocks, int round,
                              long readVersion, double[] b, long t0) {
      SharedParameters p = slot.forRound(round, () -> b);
      TaskContext task = TaskContext.get();
      HogwildWorker.TouchedSet rec = new HogwildWorker.TouchedSet(model.dimension());
      MatrixFactorization.Access shared = new MatrixFactorization.Access() {
        @Override
        public double get(int i) {
          return p.get(i);
        }

        @Override
        public void add(int i, double d) {
          p.add(i, d);
        }
      };
      MatrixFactorization.Access changes = new MatrixFactorization.Access() {
        @Override
        public double get(int i) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void add(int i, double d) {
          rec.mark(i);
        }
      };
      double lr = schedule.rate(round - 1L);
      int partition = TaskContext.getPartitionId();
      long steps = 0;
      long visited = 0;
      int blockIndex = 0;
      while (blocks.hasNext()) {
        RatingsBlock block = blocks.next();
        int n = block.numTrain();
        int[] order = HogwildWorker.shuffled(n, io.sparkdtrain.data.MiniBatchSampler.generator(seed, round,
            partition * 1_000_003 + blockIndex++));
        for (int r = 0; r < n; r++) {
          if ((visited++ & (HogwildWorker.CHECK_EVERY - 1)) == 0) {
            HogwildWorker.checkLive(task, slot, round);
          }
          int i = order[r];
          if (config.locked()) {
            synchronized (slot.updateLock()) {
              model.step(shared, changes, block.user(i), block.item(i), block.rating(i), lr);
            }
          } else {
            model.step(shared, changes, block.user(i), block.item(i), block.rating(i), lr);
          }
        }
        steps += n;
      }
      return rec.toDelta(slot, p, b, SparkEnv.get().executorId(), readVersion, steps, System.nanoTime() - t0);
    }
  }

  @Override
  public String toString() {
    return "HogwildMf(" + config + ")";
  }
}
