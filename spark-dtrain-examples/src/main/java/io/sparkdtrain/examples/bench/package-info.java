/**
 * The benchmark harness behind {@code dtrain bench}: every method trains the same problem on the
 * same cached data in one SparkSession, and its progress is measured against one optimum {@code F*}
 * (a long MLlib L-BFGS run) as the relative objective gap {@code (F - F*) / F*}.
 *
 * <p>Pure parts, tested without Spark: {@link io.sparkdtrain.examples.bench.GapMath} (targets and the
 * first checkpoint that reaches each), {@link io.sparkdtrain.examples.bench.Sweep} (budget sweeps
 * for optimisers that give no per-iteration timing), {@link io.sparkdtrain.examples.bench.Spread},
 * {@link io.sparkdtrain.examples.bench.MethodSummary} and the
 * {@link io.sparkdtrain.examples.bench.MarkdownTable} writer. Spark parts: one
 * {@link io.sparkdtrain.examples.bench.BenchMethod} per method (MLlib L-BFGS, MLlib
 * {@code GradientDescent}, our strategies), listed in {@link io.sparkdtrain.examples.bench.BenchMethods};
 * a new strategy plugs in there.
 */
package io.sparkdtrain.examples.bench;
