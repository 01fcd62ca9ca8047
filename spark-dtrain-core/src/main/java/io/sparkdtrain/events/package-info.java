/**
 * The event log of a run: what every worker did in every step (start, end, compute time, injected
 * straggler delay, communication, waiting at a barrier or a staleness bound, staleness, bytes in
 * and out) and what every round measured (objective, held-out metrics). Reports and charts are
 * built from it, never from ad-hoc prints; it exports to JSON and CSV.
 *
 * <p>Executors time their own steps with {@link io.sparkdtrain.events.StepTimer} and return a
 * {@link io.sparkdtrain.events.WorkerStep} with their result (wrapped in
 * {@link io.sparkdtrain.events.Timed}); the driver turns the steps of a round into
 * {@link io.sparkdtrain.events.WorkerEvent}s in the {@link io.sparkdtrain.events.EventLog}, adding
 * what only it knows (the barrier, the round's end, staleness).
 *
 * <p>Clocks: times are milliseconds since the run started, taken from each JVM's wall clock
 * ({@link java.time.Instant#now()}, microsecond resolution on Linux). In local and local-cluster
 * modes all executors share the driver's machine and clock, so times across workers compare
 * exactly; on a real cluster they are as good as the machines' clock synchronisation (NTP: about a
 * millisecond), while durations (compute, injected delay) are measured with
 * {@link System#nanoTime()} inside one JVM and are exact everywhere. Nothing here imports Spark.
 */
package io.sparkdtrain.events;
