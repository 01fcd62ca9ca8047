package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.DefaultSettings;
import io.sparkdtrain.engine.StepSizeDefaults;
import io.sparkdtrain.engine.StrategySettings;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.Losses;
import io.sparkdtrain.model.linear.MarginLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.straggler.StragglerModel;
import io.sparkdtrain.strategy.StrategyRegistry;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linear Estimators' {@code optimizer} param, which means what {@code dtrain train --optimizer}
 * means. References computed in the tests: the engine run with the command line's settings, and
 * AdaGrad's first step written out from the gradient at zero (Duchi et al. 2011: each coordinate
 * moves by the step size, whatever its gradient's scale).
 */
@Tag("spark4")
class JavaDtrainOptimizerSuite {
  @TempDir
  Path dir;

  /**
   * {@code dtrain train --strategy sync --optimizer adagrad --max-rounds 10} on the same rows, built
   * the way {@code TrainCommand.config()} builds it (its defaults: regParam 1e-4, tolerance 0,
   * momentum 0 with an optimiser other than sgd) and run through the engine without the Estimator.
   */
  private static TrainingResult commandLineRun(Dataset<Row> df, int workers) {
    TrainingConfig config = TrainingConfig.builder().stepSize(DefaultSettings.STEP_SIZE)
        .learningRateSchedule(DefaultSettings.LEARNING_RATE_SCHEDULE).optimizer("adagrad").momentum(0)
        .nesterov(false).maxRounds(10).tolerance(0).miniBatchFraction(1.0).treeDepth(2).seed(42L)
        .evaluateEvery(DefaultSettings.EVALUATE_EVERY).build();
    MarginLoss loss = Losses.byName("logistic", 2);
    TrainingData data = TrainingData.fromDataFrame(df, "label", "features", null, 0, workers, loss);
    try {
      Objective objective = new Objective(loss, Regularization.l2(1e-4),
          new ModelShape(data.numFeatures(), 1, true));
      TrainingContext context = StepSizeDefaults.resolve("sync", new TrainingContext(
          JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext()), data, null, objective, config,
          null, TrainingListener.NONE, StragglerModel.NONE));
      return StrategyRegistry.create("sync", StrategySettings.builder().build()).train(context);
    } finally {
      data.close();
    }
  }

  @Test
  void adagradTrainsTheModelOfTheCommandLinesAdagrad() {
    Dataset<Row> df = MlData.a9aSmall();
    DtrainClassificationModel model = new DtrainClassifier().setOptimizer("adagrad").setMaxIter(10)
        .setRegParam(1e-4).setTol(0).setNumWorkers(2).fit(df);
    assertEquals("adagrad", model.getOptimizer(), "the model carries the Estimator's params");
    double[] reference = commandLineRun(df, 2).weights();
    assertArrayEquals(reference, model.weights().toArray(), 0.0,
        "sync is deterministic: the Estimator's adagrad must be the engine's adagrad, bit for bit");
    double[] sgd = new DtrainClassifier().setOptimizer("sgd").setMaxIter(10).setRegParam(1e-4).setTol(0)
        .setNumWorkers(2).fit(df).weights().toArray();
    double diff = 0;
    for (int i = 0; i < sgd.length; i++) {
      diff = Math.max(diff, Math.abs(sgd[i] - reference[i]));
    }
    assertTrue(diff > 1e-3, "sgd must train another model, max |diff| " + diff);
  }

  @Test
  void adagradsFirstStepMovesEveryCoordinateByTheStepSize() {
    Dataset<Row> df = MlData.a9aSmall();
    List<Row> rows = df.collectAsList();
    int d = ((Vector) rows.get(0).get(1)).size();
    double[] g = new double[d + 1]; // the mean log-loss gradient at w = 0: (sigma(0) - y) (x, 1)
    for (Row r : rows) {
      double residual = 0.5 - r.getDouble(0);
      SparseVector x = ((Vector) r.get(1)).toSparse();
      for (int k = 0; k < x.indices().length; k++) {
        g[x.indices()[k]] += residual * x.values()[k] / rows.size();
      }
      g[d] += residual / rows.size();
    }
    double eta = 0.1;
    double[] adagrad = new DtrainClassifier().setOptimizer("adagrad").setStepSize(eta).setMaxIter(1)
        .setNumWorkers(2).fit(df).weights().toArray();
    double[] sgd = new DtrainClassifier().setOptimizer("sgd").setStepSize(eta).setMaxIter(1)
        .setNumWorkers(2).fit(df).weights().toArray();
    int moved = 0;
    for (int i = 0; i <= d; i++) {
      // AdaGrad: G = g^2, w = -eta g / (|g| + 1e-8); plain SGD: w = -eta g
      assertEquals(-eta * g[i] / (Math.abs(g[i]) + 1e-8), adagrad[i], 1e-9, "adagrad w[" + i + "]");
      assertEquals(-eta * g[i], sgd[i], 1e-9, "sgd w[" + i + "]");
      moved += Math.abs(g[i]) > 1e-6 ? 1 : 0;
    }
    assertTrue(moved > 50, moved + " coordinates with a gradient");
  }

  @Test
  void lbfgsReachesMllibsLogisticRegressionObjectiveWithoutAStepSize() {
    Dataset<Row> df = MlData.a9aSmall();
    double lambda = 1e-3;
    org.apache.spark.ml.classification.LogisticRegressionModel mllib =
        new org.apache.spark.ml.classification.LogisticRegression().setRegParam(lambda).setElasticNetParam(0)
            .setStandardization(false).setMaxIter(500).setTol(1e-12).fit(df);
    double[] history = mllib.summary().objectiveHistory();
    double reference = history[history.length - 1];
    DtrainClassificationModel model = new DtrainClassifier().setOptimizer("lbfgs").setRegParam(lambda)
        .setMaxIter(300).setTol(0).setNumWorkers(2).fit(df);
    double ours = model.summary().finalObjective();
    System.out.printf("lbfgs Estimator a9aSmall: objective %.10f MLlib %.10f (%d iterations)%n", ours, reference,
        history.length - 1);
    assertEquals(reference, ours, 1e-8 * reference, "final objective against MLlib's");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DtrainClassifier()
        .setStrategy("local").setOptimizer("lbfgs").setMaxIter(1).fit(df));
    assertTrue(e.getMessage().startsWith("Cannot set optimizer to 'lbfgs' for Local SGD"), e.getMessage());
  }

  @Test
  void aBadValueIsRejectedNamingTheParamAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DtrainClassifier().setOptimizer("rmsprop"));
    assertTrue(e.getMessage().contains("optimizer") && e.getMessage().contains("rmsprop"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new DtrainRegressor().setOptimizer("Adam"));
    assertTrue(e.getMessage().contains("optimizer") && e.getMessage().contains("Adam"), e.getMessage());
    // a strategy whose workers take plain SGD steps refuses another optimiser when fit starts
    e = assertThrows(IllegalArgumentException.class, () -> new DtrainClassifier().setStrategy("fedavg")
        .setOptimizer("adagrad").setMaxIter(1).fit(MlData.a9aSmall()));
    assertTrue(e.getMessage().startsWith("Cannot set optimizer to 'adagrad' for FedAvg"), e.getMessage());
  }

  @Test
  void theOptimizerIsSavedAndLoaded() throws java.io.IOException {
    String path = dir.resolve("regressor").toString();
    new DtrainRegressor().setOptimizer("adam").save(path);
    DtrainRegressor loaded = DtrainRegressor.load(path);
    assertEquals("adam", loaded.getOptimizer());
    assertTrue(loaded.isSet(loaded.optimizer()));
    assertEquals("auto", new DtrainRegressor().getOptimizer(), "the command line's default");
    DtrainRegressionModel model = new DtrainRegressor().setOptimizer("adam").setMaxIter(2)
        .setNumWorkers(2).fit(MlData.a9aSmall());
    model.save(dir.resolve("model").toString());
    assertEquals("adam", DtrainRegressionModel.load(dir.resolve("model").toString()).getOptimizer());
  }
}
