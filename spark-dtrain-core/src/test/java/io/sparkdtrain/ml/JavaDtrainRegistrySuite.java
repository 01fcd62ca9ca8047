package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.strategy.TestOnlyStrategy;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A strategy registered only in test code ({@link TestOnlyStrategy}, through
 * {@code META-INF/services}) is a valid value of the {@code strategy} param and trains through the
 * Estimator. Reference: the same fit with {@code strategy = sync}, which the test-only strategy runs
 * under another name, so the weights must be identical.
 */
class JavaDtrainRegistrySuite {

  @Test
  void aStrategyRegisteredInTestCodeFitsThroughTheEstimator() {
    Dataset<Row> data = MlData.a9aSmall();
    DtrainClassificationModel sync = new DtrainClassifier().setStrategy("sync").setMaxRounds(5)
        .setRegParam(1e-4).setNumWorkers(2).setStepSize(0.5).fit(data);
    DtrainClassificationModel testOnly = new DtrainClassifier().setStrategy(TestOnlyStrategy.NAME).setMaxRounds(5)
        .setRegParam(1e-4).setNumWorkers(2).setStepSize(0.5).fit(data);
    assertArrayEquals(sync.weights().toArray(), testOnly.weights().toArray(), 0.0);
    assertEquals(TestOnlyStrategy.NAME, testOnly.summary().report().get("strategy"));
    assertEquals(7, testOnly.summary().report().get("test_only_marker"), "the typed report field");
    assertTrue(new DtrainClassifier().strategy().doc().contains(TestOnlyStrategy.NAME),
        new DtrainClassifier().strategy().doc());
  }

  @Test
  void anUnregisteredStrategyIsRejectedWhenSet() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DtrainClassifier().setStrategy("no-such-strategy"));
    assertTrue(e.getMessage().contains("strategy") && e.getMessage().contains("no-such-strategy"), e.getMessage());
  }
}
