package io.sparkdtrain.strategy.async;

import io.sparkdtrain.engine.ConfiguredStrategy;
import io.sparkdtrain.engine.ExecutorWait;
import io.sparkdtrain.engine.Optimizers;
import io.sparkdtrain.engine.Round;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingLoop;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.events.WorkerStep;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.optim.Adam;
import io.sparkdtrain.optim.LearningRateSchedule;
import io.sparkdtrain.store.ParameterStore;
import io.sparkdtrain.store.SparseDeltaAccumulator;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.local.AdamLocalStepper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PartitionPruningRDD;

/**
 * Asynchronous parameter-server SGD on Spark's own mechanisms (no side channel). The driver owns a
 * versioned {@link ParameterStore}; every partition is a worker whose loop, a driver thread, reads a
 * snapshot (version {@code v_read}), submits a one-partition job ({@link PartitionPruningRDD} of that
 * partition) in which {@link AsyncWorker} takes k local SGD steps with the model's
 * {@link io.sparkdtrain.model.Model#localStepper} (any model: the linear model's O(nnz) sparse steps, a
 * network's dense steps, matrix factorisation's per-rating steps) and pushes its delta (the coordinates
 * that changed) through a
 * registered {@link SparseDeltaAccumulator}, and starts its next update as soon as that job returns:
 * no barrier, faster workers contribute more updates. Spark merges the accumulator of each successful
 * task exactly once, before the job returns, and only queues the delta there; the driver then applies
 * the queue with {@link AsyncApplier} (staleness {@code tau = version at apply - v_read}, recorded for
 * every update, and the staleness controls: SSP bound, drop bound, 1/tau rate, DC-ASGD).
 *
 * <p><b>Dense models.</b> A dense model (the network of {@code model.mlp}) changes every parameter in
 * every step, so its delta holds every coordinate and the driver's store applies it in O(dimension);
 * DC-ASGD's compensation is then the dense case of Zheng et al. 2017 (every coordinate compensated).
 * The workers' optimiser is plain SGD, restarted at every update: no optimiser state outlives a job;
 * for the network {@code optimizer=adam} makes it Adam (Kingma and Ba 2015,
 * {@link io.sparkdtrain.strategy.local.AdamLocalStepper}), its moments likewise restarted at every
 * update and never shipped (not with DC-ASGD, whose compensation assumes SGD deltas).
 *
 * <p><b>Bounded staleness (SSP, Ho et al. 2013).</b> With {@code maxStaleness = s >= 0} a worker that
 * has completed c updates starts its next only when every worker has completed at least
 * {@code c - s}; the time held back is the event's {@code waitMs}.
 *
 * <p><b>Deterministic mode.</b> With {@code injectStaleness = TAU >= 0} updates run one at a time,
 * round-robin over the workers, and each is computed from the model {@code TAU} versions back (a delay
 * buffer of the last TAU + 1 snapshots): update t is read at version {@code max(0, v - TAU)} and applied
 * at version v, so its staleness is exactly {@code min(v, TAU)}. Sampling is seeded per (worker,
 * update), so runs repeat exactly; use it to study staleness on machines where real staleness is small.
 *
 * <p><b>Rounds.</b> The {@link TrainingLoop}'s round is every N processed (applied or dropped) updates
 * (N = {@code updatesPerRound}, default the number of workers); evaluation and the stopping rules run
 * then. While the model is evaluated no new update job starts (jobs in flight finish).
 *
 * <p><b>Clean-up.</b> {@code train} returns or throws only after every worker thread ended and no job
 * of the run is running: on stop, workers finish their job in flight (its update is discarded and
 * counted); on failure or interrupt the run's job group is cancelled.
 *
 * <p><b>Checkpoints</b> hold the model and the loop's counters (round, bytes, history, events). A
 * resumed run continues from the checkpointed round and model with a fresh parameter store (version
 * 0; staleness is a difference of versions, so it is measured as before) and fresh worker clocks,
 * so it draws other mini-batches than the uninterrupted run would have: not bitwise equal. The
 * report's update counters ({@code updates}, {@code per_worker}, ...) count the updates since the
 * resume.
 *
 * <p>References: Dean et al., "Large Scale Distributed Deep Networks" (NIPS 2012, Downpour SGD); Recht,
 * Re, Wright and Niu, "Hogwild!" (NIPS 2011); Ho et al., "More Effective Distributed ML via a Stale
 * Synchronous Parallel Parameter Server" (NIPS 2013); Zhang, Gupta, Lian and Liu, "Staleness-aware
 * Async-SGD for Distributed Deep Learning" (IJCAI 2016); Zheng et al., "Asynchronous Stochastic
 * Gradient Descent with Delay Compensation" (ICML 2017).
 */
public final class AsyncParameterServer extends ConfiguredStrategy<AsyncConfig> {
  /** The name on the command line and in reports. */
  public static final String NAME = "async";

  public AsyncParameterServer(AsyncConfig config) {
    super(NAME, config);
  }

  @Override
  public TrainingResult train(TrainingContext context) {
    if (config.localSteps() == StepSizeDefaults.ONE_PASS) {
      boolean derived = context.config().derivedStepSize() && Double.isNaN(config.stepSize());
      return new AsyncParameterServer(config.resolved(derived ? context.config().stepSize() : Double.NaN,
          context.trainData().numRows(),
          context.trainData().blocks().getNumPartitions())).train(context);
    }
    TrainingConfig tc = context.config().toBuilder()
        .stepSize(Double.isNaN(config.stepSize()) ? context.config().stepSize() : config.stepSize())
        .learningRateSchedule(StepSizeDefaults.perPass(context.config().learningRateSchedule(),
            context.trainData().numRows(), context.trainData().blocks().getNumPartitions(), config.batchSize()))
        .build();
    TrainingContext.Typed<ExampleBlock> typed;
    Adam localAdam = null;
    if (tc.optimizer().equals("adam")) { // the network's workers: Adam steps, moments reset every update
      typed = context.typed();
      localAdam = AdamLocalStepper.settingsFor(typed.model(), tc, "the asynchronous parameter server");
      if (config.dcLambda() > 0) {
        throw new IllegalArgumentException("Cannot set dcLambda to " + config.dcLambda() + " with optimizer"
            + " 'adam', the value must be 0 (DC-ASGD recovers the gradient as the delta over the summed SGD"
            + " rates, which an Adam delta is not)");
      }
      ExecutorWait.await(context.sparkContext().sc());
    } else {
      prepare(context, tc, "the asynchronous parameter server",
          " (workers run plain SGD with the model's local stepper, or adam with the network)");
      typed = context.typed(); // any model: linear, network, factorisation
    }
    JavaSparkContext sc = context.sparkContext();
    JavaRDD<ExampleBlock> blocks = typed.train().blocks();
    int workers = blocks.getNumPartitions();
    LearningRateSchedule schedule = Optimizers.schedule(tc);
    TrainingLoop loop = new TrainingLoop(NAME, context)
        .checkpointing(io.sparkdtrain.checkpoint.Checkpointable.stateless(config.toString()));
    double[] w0 = loop.start(context.startingWeights()); // a checkpoint's model when resuming
    ParameterStore store = new ParameterStore(w0);
    SparseDeltaAccumulator accumulator = new SparseDeltaAccumulator(store);
    sc.sc().register(accumulator, "dtrain-async-deltas");
    AsyncApplier applier = new AsyncApplier(store, config, schedule);
    Jobs<ExampleBlock> jobs = new Jobs<>(sc, blocks, new AsyncWorker<>(typed.model(), schedule, tc.seed(), config, localAdam),
        accumulator, loop.events().originEpochMicros(), context.stragglers(), workers);
    int perRound = config.updatesPerRound() == 0 ? workers : config.updatesPerRound();
    AsyncStats stats;
    if (config.deterministic()) {
      stats = runDeterministic(loop, store, applier, jobs, workers, perRound);
    } else {
      stats = new AsyncRun(sc, loop, store, applier, jobs, workers, perRound, config.maxStaleness()).run();
    }
    Map<String, Object> extras = report(applier, store, stats, workers, tc.seed());
    extras.put("learning_rate_schedule", schedule.toString());
    return loop.finish(stats.finalWeights(), extras);
  }

  private AsyncStats runDeterministic(TrainingLoop loop, ParameterStore store, AsyncApplier applier,
                                     Jobs<?> jobs, int workers, int perRound) {
    int tau = config.injectStaleness();
    TreeMap<Long, double[]> buffer = new TreeMap<>();
    buffer.put(0L, store.snapshot());
    long[] clocks = new long[workers];
    AsyncStats stats = new AsyncStats(workers);
    long t = 0;
    long bytesBefore = 0;
    double[] w = store.snapshot();
    while (loop.hasNextRound()) {
      loop.beginRound();
      for (int i = 0; i < perRound; i++, t++) {
        int p = (int) (t % workers);
        long version = store.version();
        long vRead = Math.max(0, version - tau);
        double[] read = buffer.get(vRead);
        applier.readAt(p, read);
        double submit = loop.events().nowMs();
        long clock = clocks[p];
        WorkerStep step = stats.submit(() -> jobs.run(p, read, vRead, clock), p);
        double done = loop.events().nowMs();
        stats.completed(p);
        applier.drainAndApply();
        AsyncApplier.Outcome o = applier.outcome(p, clocks[p]);
        stats.record(loop, step, o, submit, done, 0);
        clocks[p]++;
        if (store.version() != version) {
          buffer.put(store.version(), store.snapshot());
          buffer.headMap(store.version() - tau).clear();
        }
      }
      w = store.snapshot();
      long bytes = applier.bytesPushed() + applier.bytesPulled();
      loop.endRound(w, bytes - bytesBefore);
      bytesBefore = bytes;
    }
    applier.stop();
    return stats.finish(w);
  }

  private Map<String, Object> report(AsyncApplier applier, ParameterStore store, AsyncStats stats, int workers,
                                     long seed) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workers", workers);
    m.put("local_steps", config.localSteps());
    m.put("batch_size", config.batchSize());
    m.put("max_staleness", config.maxStaleness());
    m.put("staleness_lr", config.stalenessLr().name().toLowerCase(Locale.ROOT));
    m.put("dc_lambda", config.dcLambda());
    m.put("dc_adaptive", config.dcAdaptive());
    m.put("drop_staleness", config.dropStaleness());
    m.put("inject_staleness", config.injectStaleness());
    m.put("updates", applier.applied());
    m.put("updates_dropped", applier.dropped());
    m.put("updates_discarded_after_stop", applier.discarded());
    m.put("deltas_received", store.received());
    m.put("jobs_succeeded", stats.jobs()); // every delta merged once: deltas_received == jobs_succeeded
    m.put("jobs_submitted", stats.submitted());
    m.put("jobs_failed", stats.failed()); // updates lost to failure: submitted == succeeded + failed
    m.put("deltas_duplicate", applier.duplicates()); // a (worker, clock) received twice: never applied
    long injected = 0;
    if (config.failFirstAttempts() > 0) {
      for (int p = 0; p < workers; p++) {
        for (long c = 0; c < stats.clock(p); c++) {
          injected += AsyncWorker.failsFirstAttempt(seed, p, c, config.failFirstAttempts()) ? 1 : 0;
        }
      }
    }
    m.put("injected_failures", injected);
    m.put("staleness", applier.stalenessReport());
    m.put("ssp_max_gap", stats.maxGap());
    m.put("bytes_pushed", applier.bytesPushed());
    m.put("bytes_pulled", applier.bytesPulled());
    m.put("per_worker", stats.perWorker());
    return m;
  }

  /** Submits one-partition update jobs; shared by the deterministic and the threaded modes. */
  static final class Jobs<B extends ExampleBlock> {
    private final List<JavaRDD<B>> single = new ArrayList<>();
    private final AsyncWorker<B> worker;
    private final SparseDeltaAccumulator accumulator;
    private final long origin;
    private final StragglerModel stragglers;
    private final JavaSparkContext sc;

    Jobs(JavaSparkContext sc, JavaRDD<B> blocks, AsyncWorker<B> worker, SparseDeltaAccumulator accumulator,
         long origin, StragglerModel stragglers, int workers) {
      this.sc = sc;
      for (int p = 0; p < workers; p++) {
        single.add(Round.only(blocks, p));
      }
      this.worker = worker;
      this.accumulator = accumulator;
      this.origin = origin;
      this.stragglers = stragglers;
    }

    /** Runs update {@code clock} of worker {@code p} from {@code w} (read at {@code version}). */
    WorkerStep run(int p, double[] w, long version, long clock) {
      AsyncWorker<B> task = worker;
      SparseDeltaAccumulator acc = accumulator;
      long o = origin;
      StragglerModel s = stragglers;
      sc.setJobDescription("dtrain async worker " + p + " update " + clock + " (read version " + version + ")");
      List<WorkerStep> steps = single.get(p).mapPartitions(it -> Collections.singletonList(
          task.run(p, it, w, version, clock, acc, o, s)).iterator()).collect();
      return steps.get(0);
    }
  }

  @Override
  public String toString() {
    return "AsyncParameterServer(" + config + ")";
  }
}
