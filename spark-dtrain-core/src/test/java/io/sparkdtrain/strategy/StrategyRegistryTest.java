package io.sparkdtrain.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import io.sparkdtrain.engine.ReportKey;
import io.sparkdtrain.engine.StrategyProvider;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.spark.DtrainKryoRegistrator;
import io.sparkdtrain.strategy.async.AsyncConfig;
import io.sparkdtrain.strategy.async.AsyncParameterServer;
import io.sparkdtrain.strategy.fedavg.FederatedAveraging;
import io.sparkdtrain.strategy.fedavg.FederatedConfig;
import io.sparkdtrain.strategy.hogwild.HogwildSgd;
import io.sparkdtrain.strategy.local.LocalSgd;
import io.sparkdtrain.strategy.local.LocalSgdConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registry: the built-in five in order, then {@link TestOnlyStrategy} found through
 * {@code META-INF/services}; settings become the same configs as the builders given the same values;
 * the Kryo registrator registers the classes the providers list; typed report keys catch a wrong type.
 */
class StrategyRegistryTest {

  @Test
  void listsTheBuiltInFiveThenTheDiscoveredOnes() {
    assertEquals(List.of("sync", "local", "async", "hogwild", "fedavg", TestOnlyStrategy.NAME),
        StrategyRegistry.names());
    assertTrue(StrategyRegistry.get(TestOnlyStrategy.NAME) instanceof TestOnlyStrategy);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrategyRegistry.get("nope"));
    assertEquals("Cannot set strategy to 'nope', the value must be one of sync, local, async, hogwild, fedavg, "
        + TestOnlyStrategy.NAME, e.getMessage());
  }

  @Test
  void settingsBuildTheSameConfigsAsTheBuilders() {
    StrategySettings s = StrategySettings.builder().put("localSteps", 4).put("miniBatchSize", 16)
        .put("aggregation", "driver").put("outerOptimizer", "nesterov").put("localStepsSchedule", "post-local:3")
        .put("maxStaleness", 2).put("stalenessLr", "inverse").put("numThreads", 3).put("clientFraction", 0.25)
        .put("partition", "dirichlet:0.5").put("numClients", 8).put("slowClients", "1:2.5").build();
    assertEquals(LocalSgdConfig.builder().localSteps(4).batchSize(16).aggregation(LocalSgdConfig.Aggregation.DRIVER)
        .nesterov(0.7, 0.9).postLocal(3).build().toString(),
        ((LocalSgd) StrategyRegistry.create("local", s)).config().toString());
    assertEquals(AsyncConfig.builder().localSteps(4).batchSize(16).maxStaleness(2)
        .stalenessLr(AsyncConfig.StalenessLr.INVERSE).build().toString(),
        ((AsyncParameterServer) StrategyRegistry.create("async", s)).config().toString());
    assertEquals(FederatedConfig.builder().localEpochs(1).batchSize(16).fraction(0.25).clients(8)
        .partitioner(io.sparkdtrain.data.ClientPartitioner.parse("dirichlet:0.5")).slowClient(1, 2.5).build()
        .toString(), ((FederatedAveraging) StrategyRegistry.create("fedavg", s)).config().toString());
    assertTrue(StrategyRegistry.create("hogwild", s).toString().contains("threads=3"),
        StrategyRegistry.create("hogwild", s).toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StrategyRegistry.create("local", StrategySettings.builder().put("localSteps", "many").build()));
    assertEquals("Cannot set localSteps to 'many', the value must be an integer", e.getMessage());
  }

  @Test
  void kryoRegistersTheClassesTheProvidersList() throws Exception {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    new DtrainKryoRegistrator().registerClasses(kryo);
    assertNotNull(kryo.getClassResolver().getRegistration(TestOnlyStrategy.Shipped.class));
    assertNotNull(kryo.getClassResolver().getRegistration(
        Class.forName("io.sparkdtrain.strategy.fedavg.ClientResult")));
  }

  @Test
  void reportKeysCheckTheirType() {
    ReportKey<Integer> key = TestOnlyStrategy.MARKER;
    assertEquals(7, key.get(Map.of("test_only_marker", 7)));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> key.get(Map.of("test_only_marker", "seven")));
    assertEquals("Report field test_only_marker holds a String (seven), its key declares Integer", e.getMessage());
    for (StrategyProvider p : StrategyRegistry.all()) {
      assertTrue(!p.description().isBlank(), p.name());
    }
    assertTrue(StrategyRegistry.get(HogwildSgd.NAME).reportKeys().contains(
        io.sparkdtrain.strategy.hogwild.HogwildProvider.UPDATES));
  }
}
