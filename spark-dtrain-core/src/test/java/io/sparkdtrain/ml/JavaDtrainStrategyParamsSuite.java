package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.report.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strategy-specific params reach the strategy: each setting shows up in the run's report (the
 * strategy's own record of the configuration it ran with), they validate, persist, and the summary
 * exposes the event log and writes the HTML report.
 */
@Tag("spark4")
class JavaDtrainStrategyParamsSuite {
  @TempDir
  Path dir;

  private static Map<String, Object> report(DtrainClassifier clf) {
    return clf.setMaxRounds(2).setNumWorkers(2).fit(MlData.a9aSmall()).summary().report();
  }

  @Test
  void localSettingsReachLocalSgd() {
    Map<String, Object> r = report(new DtrainClassifier().setStrategy("local").setLocalSteps(4)
        .setMiniBatchSize(16).setAggregation("driver").setOuterOptimizer("nesterov").setOuterLr(0.5)
        .setOuterMomentum(0.8).setLocalStepsSchedule("post-local:2").setTopK(10));
    assertEquals("driver", r.get("aggregation"));
    assertEquals("nesterov", r.get("outer_optimizer"));
    assertEquals(0.5, r.get("outer_lr"));
    assertEquals(0.8, r.get("outer_momentum"));
    assertEquals("post-local:2", r.get("h_schedule"));
    assertEquals(10, r.get("top_k"));
    Map<String, Object> defaults = report(new DtrainClassifier().setStrategy("local").setLocalSteps(2));
    assertEquals("tree", defaults.get("aggregation"));
    assertEquals("avg", defaults.get("outer_optimizer"));
    assertEquals(1.0, defaults.get("outer_lr"), "outerLr 0 = the optimizer's default");
    assertEquals("fixed", defaults.get("h_schedule"));
  }

  @Test
  void asyncHogwildAndFedavgSettingsReachTheirStrategies() {
    Map<String, Object> a = report(new DtrainClassifier().setStrategy("async").setStepSize(0.5)
        .setMaxStaleness(-1).setStalenessLr("inverse").setDcLambda(0.1).setDropStaleness(3));
    assertEquals(-1, a.get("max_staleness"));
    assertEquals("inverse", a.get("staleness_lr"));
    assertEquals(0.1, a.get("dc_lambda"));
    assertEquals(3, a.get("drop_staleness"));
    Map<String, Object> h = report(new DtrainClassifier().setStrategy("hogwild").setStepSize(0.05)
        .setNumThreads(1));
    assertEquals(1, h.get("threads"));
    Map<String, Object> f = report(new DtrainClassifier().setStrategy("fedavg").setNumClients(8)
        .setPartition("dirichlet:0.5").setClientFraction(0.5).setLocalEpochs(2).setProxMu(0.01)
        .setClipNorm(5).setNoiseMultiplier(0.1));
    assertEquals(8, f.get("clients"));
    assertEquals("dirichlet:0.5", f.get("partition"));
    assertEquals(2, f.get("local_epochs"));
    assertEquals(0.01, f.get("prox_mu"));
    assertEquals(5.0, f.get("clip_norm"));
    assertEquals(0.1, f.get("noise_multiplier"));
  }

  @Test
  void settingsValidateAloneAndTogether() {
    DtrainClassifier clf = new DtrainClassifier();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> clf.setLocalStepsSchedule("post-local:0"));
    assertTrue(e.getMessage().contains("localStepsSchedule given invalid value post-local:0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> clf.setPartition("shards:x"));
    assertTrue(e.getMessage().contains("partition given invalid value shards:x"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> clf.setAggregation("allreduce"));
    assertThrows(IllegalArgumentException.class, () -> clf.setOuterMomentum(1.0));
    assertThrows(IllegalArgumentException.class, () -> clf.setStalenessLr("sqrt"));
    assertThrows(IllegalArgumentException.class, () -> clf.setDropStaleness(-2));
    assertThrows(IllegalArgumentException.class, () -> clf.setLocalEpochs(0));
    assertThrows(IllegalArgumentException.class, () -> clf.setProxMu(-1));
    // A rule between two settings is checked by the strategy's config when fit starts.
    e = assertThrows(IllegalArgumentException.class, () -> new DtrainClassifier().setStrategy("fedavg")
        .setNoiseMultiplier(1.0).setMaxRounds(1).fit(MlData.a9aSmall()));
    assertTrue(e.getMessage().contains("noiseMultiplier"), e.getMessage());
  }

  @Test
  void settingsPersist() throws IOException {
    DtrainClassifier clf = new DtrainClassifier().setStrategy("fedavg").setPartition("shards").setNumClients(20)
        .setLocalEpochs(3).setAggregation("driver").setLocalStepsSchedule("adaptive").setDcLambda(0.2)
        .setNumThreads(2);
    String path = dir.resolve("est").toString();
    clf.save(path);
    assertEquals(MlData.paramValues(clf), MlData.paramValues(DtrainClassifier.load(path)));
  }

  @Test
  void summaryExposesTheEventLogAndWritesTheReport() throws IOException {
    Dataset<Row> df = MlData.a9aSmall();
    DtrainTrainingSummary s = new DtrainClassifier().setStrategy("local").setLocalSteps(2).setMaxRounds(3)
        .setNumWorkers(2).fit(df).summary();
    assertEquals("local", s.events().strategy());
    assertEquals(2, s.events().workers());
    assertFalse(s.events().events().isEmpty(), "one event per worker and round at least");
    RunSummary row = s.writeReport(dir.resolve("report"));
    assertEquals(3, row.rounds());
    assertTrue(Files.size(dir.resolve("report/report.html")) > 0);
    assertTrue(Files.isRegularFile(dir.resolve("report/events.json")));
  }
}
