package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkdtrain.data.RatingsBlock;
import io.sparkdtrain.data.RatingsData;
import io.sparkdtrain.data.RatingsInput;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dtrain train-mf} with every default (generated ratings, derived step size, default epochs)
 * learns with each strategy: its held-out RMSE is well below that of the global mean, which this
 * test computes itself from the same generated ratings (the generator's defaults read from the
 * command), independently of the command's own baseline. Runs in-process on {@code local[2]}.
 */
class TrainMfDefaultsTest {

  @AfterAll
  static void stopSpark() {
    SparkSession.getActiveSession().foreach(s -> { s.stop(); return null; });
    SparkSession.getDefaultSession().foreach(s -> { s.stop(); return null; });
  }

  /** The RMSE of the training mean on the held-out ratings of the command's default generated data. */
  private static double globalMeanRmse() {
    CommandLine cl = new CommandLine(new TrainMfCommand());
    cl.parseArgs(); // no arguments: every option at its default
    TrainMfCommand d = cl.getCommand();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext());
    try (RatingsData r = RatingsInput.synthetic(sc, d.genUsers, d.genItems, d.genRank, d.genRatings, d.genNoise,
        2, d.testFraction, d.seed)) {
      double mean = r.trainMean();
      double[] sum = r.blocks().map((RatingsBlock b) -> {
        double s = 0;
        for (int i = b.numTrain(); i < b.size(); i++) {
          s += (b.rating(i) - mean) * (b.rating(i) - mean);
        }
        return new double[] {s, b.numTest()};
      }).reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
      return Math.sqrt(sum[0] / sum[1]);
    }
  }

  @Test
  void everyStrategyLearnsWithTheDefaults(@TempDir Path dir) throws Exception {
    double baseline = Double.NaN;
    for (String strategy : new String[] {"hogwild", "local", "sync"}) {
      Path json = dir.resolve(strategy + ".json");
      int code = DtrainMain.run(new String[] {"train-mf", "--master", "local[2]", "--strategy", strategy,
          "--report-json", json.toString()});
      assertEquals(0, code, strategy);
      JsonNode report = new ObjectMapper().readTree(json.toFile());
      if (Double.isNaN(baseline)) {
        baseline = globalMeanRmse(); // local[2]: 2 partitions, as the command's generator used
      }
      double rmse = report.get("rmse_test").asDouble();
      System.out.printf("train-mf defaults: %-7s test RMSE %.4f, global mean %.4f%n", strategy, rmse, baseline);
      assertEquals(baseline, report.get("rmse_test_global_mean").asDouble(), 1e-9, strategy);
      assertTrue(rmse < 0.75 * baseline, strategy + ": test RMSE " + rmse + " is not clearly below the global"
          + " mean's " + baseline);
    }
  }
}
