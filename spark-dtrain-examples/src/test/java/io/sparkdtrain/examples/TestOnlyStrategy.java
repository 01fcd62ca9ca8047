package io.sparkdtrain.examples;

import io.sparkdtrain.engine.ReportKey;
import io.sparkdtrain.engine.StrategyProvider;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strategy registered only in this module's test code (through
 * {@code src/test/resources/META-INF/services/io.sparkdtrain.engine.StrategyProvider}): it trains
 * exactly as {@link SynchronousSgd} does, under the name {@code test-only}, and adds the typed report
 * field {@code test_only_marker}, its setting {@code testOnlyMarker} (default 7).
 */
public final class TestOnlyStrategy implements StrategyProvider {
  static final String NAME = "test-only";
  static final ReportKey<Integer> MARKER = new ReportKey<>("test_only_marker", Integer.class,
      "the testOnlyMarker setting, echoed");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "test-only: synchronous SGD under another name";
  }

  @Override
  public TrainingStrategy create(StrategySettings settings) {
    int marker = settings.getInt("testOnlyMarker", 7);
    return new TrainingStrategy() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public TrainingResult train(TrainingContext context) {
        TrainingResult r = new SynchronousSgd().train(context);
        Map<String, Object> extras = new LinkedHashMap<>(r.extras());
        MARKER.put(extras, marker);
        return new TrainingResult(NAME, r.weights(), r.shape(), r.history(), r.stopReason(), r.finalObjective(),
            r.finalTest(), r.evaluationSeconds(), extras, r.events());
      }
    };
  }

  @Override
  public List<ReportKey<?>> reportKeys() {
    return List.of(MARKER);
  }
}
