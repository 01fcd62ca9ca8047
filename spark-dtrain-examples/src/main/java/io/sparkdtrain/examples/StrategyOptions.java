package io.sparkdtrain.examples;

import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.strategy.StrategyRegistry;
import java.util.Iterator;
import java.util.List;

/**
 * A mixin of one strategy's command-line options: it checks them (messages name the option) when
 * that strategy runs, and writes them as the neutral {@link StrategySettings} the strategy's
 * provider reads (always: keys a strategy does not read are ignored).
 */
abstract class StrategyOptions {
  private final String strategy;

  /** The options of {@code strategy} (its registry name). */
  StrategyOptions(String strategy) {
    this.strategy = strategy;
  }

  /** The strategy whose options these are (the options are checked only when it runs). */
  final String strategy() {
    return strategy;
  }

  /**
   * Checks every option.
   *
   * @param optimizer the {@code --optimizer} value
   * @param batchSize the shared {@code --batch-size} value
   */
  abstract void validate(String optimizer, int batchSize);

  /** Writes the options under the settings keys the strategy's provider reads. */
  abstract void fill(StrategySettings.Builder settings);

  /**
   * Settings {@code KEY=VALUE} given by {@code --strategy-setting}, for strategies without options
   * of their own (a strategy added through the registry).
   */
  static StrategySettings parse(List<String> pairs) {
    StrategySettings.Builder b = StrategySettings.builder();
    for (String pair : pairs == null ? List.<String>of() : pairs) {
      int eq = pair.indexOf('=');
      Checks.require(eq > 0, "--strategy-setting", pair, "must be KEY=VALUE");
      b.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return b.build();
  }

  /** The registered strategy names, for picocli's {@code ${COMPLETION-CANDIDATES}} in help texts. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return StrategyRegistry.names().iterator();
    }
  }
}
