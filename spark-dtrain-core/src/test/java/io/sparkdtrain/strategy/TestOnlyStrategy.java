package io.sparkdtrain.strategy;

import io.sparkdtrain.engine.ReportKey;
import io.sparkdtrain.engine.StrategyProvider;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.engine.TrainingStrategy;
import io.sparkdtrain.strategy.sync.SynchronousSgd;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strategy registered only in test code (through
 * {@code src/test/resources/META-INF/services/io.sparkdtrain.engine.StrategyProvider}): it trains
 * exactly as {@link SynchronousSgd} does, under the name {@code test-only}, and adds the typed report
 * field {@code test_only_marker}, the setting {@code testOnlyMarker} (default 7). It is the proof
 * that a strategy needs no other file to reach the registry's front doors. The examples' tests use
 * this class too, through the core's test-jar (with its services file).
 */
public final class TestOnlyStrategy implements StrategyProvider {
  public static final String NAME = "test-only";
  public static final ReportKey<Integer> MARKER = new ReportKey<>("test_only_marker", Integer.class,
      "the testOnlyMarker setting, echoed");

  /** A class the strategy would ship between JVMs (checks the Kryo registration). */
  public record Shipped(int marker) implements Serializable {}

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

  @Override
  public List<String> kryoClassNames() {
    return List.of(Shipped.class.getName());
  }
}
