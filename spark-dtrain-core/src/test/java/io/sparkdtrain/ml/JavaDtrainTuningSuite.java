package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model selection over strategies on the real a9a data: CrossValidator and TrainValidationSplit. */
@Tag("spark4")
class JavaDtrainTuningSuite {
  @TempDir
  Path dir;

  /**
   * The grid's strategies as a Scala Iterable for {@code ParamGridBuilder.addGrid(Param, Iterable)}:
   * the two that {@code localSteps} distinguishes (every strategy is fitted in
   * {@code JavaDtrainStrategiesSuite}); {@code Predef.wrapRefArray} exists in Scala 2.12 and 2.13.
   */
  static final List<String> GRID = List.of("sync", "local");

  static scala.collection.Iterable<String> strategies() {
    return scala.Predef.wrapRefArray(GRID.toArray(new String[0]));
  }

  @Test
  void crossValidatorOverStrategiesAndLocalStepsOnA9a() throws Exception {
    Dataset<Row> a9a = MlData.a9a();
    // step 1.0 and no momentum: the settings this 4-round grid was written with (the defaults are
    // now a derived step with momentum, made for 100 rounds)
    DtrainClassifier clf = new DtrainClassifier().setMaxRounds(4).setRegParam(1e-4).setStepSize(1.0).setMomentum(0);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(clf.strategy(), strategies())
        .addGrid(clf.localSteps(), new int[] {1, 4})
        .build();
    assertEquals(4, grid.length);
    CrossValidator cv = new CrossValidator().setEstimator(clf).setEstimatorParamMaps(grid)
        .setEvaluator(new BinaryClassificationEvaluator()).setNumFolds(2).setSeed(3L);
    int cachedBefore = a9a.sparkSession().sparkContext().getPersistentRDDs().size();
    long t0 = System.nanoTime();
    CrossValidatorModel model = cv.fit(a9a);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("CrossValidator on a9a: 4 settings x 2 folds + refit in %.1f s, AUC %s%n",
        seconds, Arrays.toString(model.avgMetrics()));
    for (double auc : model.avgMetrics()) {
      assertTrue(auc > 0.85, "area under ROC " + auc);
    }
    Set<String> seen = new HashSet<>();
    for (ParamMap m : grid) {
      seen.add((String) m.apply(clf.strategy()));
    }
    assertEquals(Set.copyOf(GRID), seen);
    DtrainClassificationModel best = (DtrainClassificationModel) model.bestModel();
    assertEquals(4, best.summary().totalRounds());
    assertEquals(cachedBefore, a9a.sparkSession().sparkContext().getPersistentRDDs().size(),
        "every fit released its cached blocks");

    String path = dir.resolve("cv").toString();
    model.write().overwrite().save(path);
    CrossValidatorModel loaded = CrossValidatorModel.load(path);
    assertEquals(best.weights(), ((DtrainClassificationModel) loaded.bestModel()).weights());
  }

  @Test
  void trainValidationSplitOverStrategies() {
    DtrainClassifier clf = new DtrainClassifier().setMaxRounds(3);
    ParamMap[] grid = new ParamGridBuilder().addGrid(clf.strategy(), strategies())
        .addGrid(clf.localSteps(), new int[] {2}).build();
    TrainValidationSplitModel model = new TrainValidationSplit().setEstimator(clf)
        .setEstimatorParamMaps(grid).setEvaluator(new BinaryClassificationEvaluator())
        .setTrainRatio(0.75).setSeed(5L).fit(MlData.a9aSmall());
    assertEquals(2, model.validationMetrics().length);
    assertTrue(model.bestModel() instanceof DtrainClassificationModel);
  }
}
