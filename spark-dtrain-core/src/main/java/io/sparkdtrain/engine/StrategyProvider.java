package io.sparkdtrain.engine;

import java.util.List;

/**
 * One training strategy, described once: its name, a one-line description, how its immutable
 * config is built from {@link StrategySettings} (which the command line and the ML Params fill),
 * how {@code dtrain compare} spells a variant of it, its report fields as typed keys and the classes
 * it ships between JVMs (for Kryo). The registry {@code io.sparkdtrain.strategy.Strategies} lists
 * the built-in five and discovers more with {@link java.util.ServiceLoader}: a jar (or test code)
 * adds a strategy by naming its provider in
 * {@code META-INF/services/io.sparkdtrain.engine.StrategyProvider}; no other file changes.
 *
 * <p>Implementations are stateless and need a public no-argument constructor.
 */
public interface StrategyProvider {

  /** The name on the command line, in the {@code strategy} param and in reports ("sync", "local", ...). */
  String name();

  /** One line for help texts and reports, e.g. "synchronous mini-batch SGD (Zinkevich et al. 2010)". */
  String description();

  /**
   * The strategy configured by {@code settings} (missing keys take the strategy's defaults).
   *
   * @throws IllegalArgumentException naming the setting and the value when one is invalid
   */
  TrainingStrategy create(StrategySettings settings);

  /** The setting keys this strategy reads (for help texts; the ML Param names where there is one). */
  default List<String> settingKeys() {
    return List.of();
  }

  /** How {@code dtrain compare --strategies} writes this strategy, for help and error messages. */
  default String compareSyntax() {
    return name() + "[:KEY=VALUE[+KEY=VALUE...]]";
  }

  /**
   * The variant that {@code dtrain compare} names by {@code NAME[:ARG]}: its label in the table, a
   * one-line description of the method, and its settings. The default reads {@code ARG} as settings
   * {@code KEY=VALUE} joined by '+' on top of {@code base} (the command line's options).
   *
   * @param arg what follows the colon, or null
   * @throws IllegalArgumentException saying what is wrong with {@code arg}
   */
  default Variant compareVariant(String arg, StrategySettings base) {
    if (arg == null) {
      return new Variant(name(), description(), base);
    }
    return new Variant(name() + ":" + arg, description() + ", " + arg, base.with(StrategySettings.parse(arg, "\\+")));
  }

  /** The typed keys of the fields this strategy adds to its report ({@link TrainingResult#extras()}). */
  default List<ReportKey<?>> reportKeys() {
    return List.of();
  }

  /** The classes this strategy ships between JVMs beyond the engine's own (registered with Kryo). */
  default List<String> kryoClassNames() {
    return List.of();
  }

  /**
   * The training examples a run processed (one row's gradient each), from its report; NaN when the
   * report does not say. The benchmarks divide the workers' compute time by it.
   *
   * @param rows the training rows
   * @param miniBatchFraction the run's {@link TrainingConfig#miniBatchFraction()}
   */
  default double examplesProcessed(TrainingResult result, long rows, double miniBatchFraction) {
    return Double.NaN;
  }

  /**
   * A variant of a strategy as {@code dtrain compare} runs it.
   *
   * @param label the table's label ("local:16")
   * @param method one line describing the method and its settings
   * @param settings the settings that configure it
   */
  record Variant(String label, String method, StrategySettings settings) {}
}
