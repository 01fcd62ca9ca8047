/**
 * The benchmark harness behind {@code dtrain bench}: every method trains the same problem on the
 * same cached data in one SparkSession, and its progress is measured against one optimum {@code F*}
 * (a long MLlib L-BFGS run) as the relative objective gap {@code (F - F*) / F*}.
 *
 * <p>Pure parts, tested without Spark: {@link io.sparkdtrain.examples.bench.GapMath} (targets and the
 * first checkpoint that reaches each), {@link io.sparkdtrain.examples.bench.Sweep} (budget sweeps
 * for optimisers that give no per-iteration timing), {@link io.sparkdtrain.examples.bench.Spread},
 * {@link io.sparkdtrain.examples.bench.MethodSummary}, the
 * {@link io.sparkdtrain.examples.bench.MarkdownTable} writer, the one-core reference loop
 * {@link io.sparkdtrain.examples.bench.PlainSgd} and the scaling exponent
 * {@link io.sparkdtrain.examples.bench.ScalingFit}. Spark parts: one
 * {@link io.sparkdtrain.examples.bench.BenchMethod} per method (MLlib L-BFGS, MLlib
 * {@code GradientDescent}, the plain loop, our strategies through
 * {@link io.sparkdtrain.examples.bench.StrategyBench}), listed in
 * {@link io.sparkdtrain.examples.bench.BenchMethods} (a new strategy plugs in there);
 * {@link io.sparkdtrain.examples.bench.BenchData} (LIBSVM or generated data, memory of the cached
 * copies) and {@link io.sparkdtrain.examples.bench.BenchChart}.
 */
package io.sparkdtrain.examples.bench;
