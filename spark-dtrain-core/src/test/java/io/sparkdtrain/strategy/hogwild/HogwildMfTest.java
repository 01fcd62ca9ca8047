package io.sparkdtrain.strategy.hogwild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.RatingsData;
import io.sparkdtrain.data.RatingsInput;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.model.mf.MatrixFactorization;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.testing.SharedSpark;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hogwild! matrix factorisation with two threads: on Spark's MovieLens sample the held-out RMSE
 * must beat the global-mean predictor (the baseline every recommender must beat), and on a seeded
 * low-rank set it must approach the noise level; the store is released.
 */
class HogwildMfTest {

  @Test
  void movielensSampleBeatsTheGlobalMeanOnTheHeldOutSplit() {
    Set<String> before = LocalParameterRegistry.heldRuns();
    try (RatingsData data = RatingsInput.readText(SharedSpark.context(),
        SharedSpark.data("spark-samples/sample_movielens_ratings.txt"), 2, 0.2, 11)) {
      MatrixFactorization model = new MatrixFactorization(data.numUsers(), data.numItems(), 5, 0.1, data.trainMean());
      TrainingConfig tc = TrainingConfig.builder().stepSize(0.02).maxRounds(40).seed(4).build();
      HogwildMf.Result r = new HogwildMf(HogwildConfig.builder().threads(2).build())
          .train(SharedSpark.context(), data, model, tc);
      System.out.printf("movielens sample: rmse train %.4f test %.4f global mean %.4f updates %d%n",
          r.rmseTrain(), r.rmseTest(), r.baselineRmseTest(), r.updates());
      assertTrue(r.rmseTest() < r.baselineRmseTest() * 0.97,
          "held-out RMSE " + r.rmseTest() + " vs global mean " + r.baselineRmseTest());
      assertTrue(r.rmseTrain() < r.history().get(0).rmseTrain());
      assertEquals(40L * data.numTrain(), r.updates());
      assertEquals(41, r.history().size());
    }
    assertEquals(before, LocalParameterRegistry.heldRuns(), "store released");
  }

  @Test
  void syntheticLowRankApproachesTheNoiseLevel() {
    try (RatingsData data = RatingsInput.synthetic(SharedSpark.context(), 300, 200, 3, 30_000, 0.1, 2, 0.1, 5)) {
      MatrixFactorization model = new MatrixFactorization(data.numUsers(), data.numItems(), 3, 0.01, data.trainMean());
      TrainingConfig tc = TrainingConfig.builder().stepSize(0.05).learningRateSchedule("step:0.9:1")
          .maxRounds(25).seed(4).build();
      HogwildMf.Result r = new HogwildMf(HogwildConfig.builder().threads(2).build())
          .train(SharedSpark.context(), data, model, tc);
      System.out.printf("synthetic MF: rmse train %.4f test %.4f global mean %.4f%n", r.rmseTrain(),
          r.rmseTest(), r.baselineRmseTest());
      assertTrue(r.rmseTest() < 0.25, "held-out RMSE " + r.rmseTest() + " (noise 0.1, global mean "
          + r.baselineRmseTest() + ")");
    }
  }
}
