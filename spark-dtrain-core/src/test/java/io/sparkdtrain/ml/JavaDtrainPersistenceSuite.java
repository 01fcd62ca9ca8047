package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save/load round trips of models, Estimators and a PipelineModel holding our model, loaded through
 * a new SparkSession (the shared one's {@code newSession()}: separate SQL state and caches; a truly
 * new SparkContext cannot coexist with the shared one in this JVM) with equal predictions.
 */
@Tag("spark4")
class JavaDtrainPersistenceSuite {
  @TempDir
  Path dir;

  private static List<Row> predictions(Dataset<Row> df, String... cols) {
    return df.select("features", cols).orderBy("features").collectAsList();
  }

  @Test
  void classificationModelRoundTrip() throws IOException {
    Dataset<Row> df = MlData.a9aSmall();
    DtrainClassificationModel model = new DtrainClassifier().setStrategy("local").setLocalSteps(2)
        .setMaxRounds(4).setRegParam(1e-3).setProbabilityCol("p").fit(df);
    String path = dir.resolve("clf").toString();
    model.save(path);
    SharedSpark.session().catalog().clearCache();
    SparkSession fresh = SparkSession.builder().getOrCreate().newSession();
    DtrainClassificationModel loaded = DtrainClassificationModel.read().session(fresh).load(path);
    assertEquals(model.uid(), loaded.uid());
    assertEquals(model.weights(), loaded.weights());
    assertEquals("local", loaded.getStrategy());
    assertEquals(2, loaded.getLocalSteps());
    assertEquals("p", loaded.getProbabilityCol());
    assertTrue(loaded.isSet(loaded.probabilityCol()));
    assertFalse(loaded.isSet(loaded.labelCol()));
    assertFalse(loaded.hasSummary());
    IllegalStateException e = assertThrows(IllegalStateException.class, loaded::summary);
    assertTrue(e.getMessage().startsWith("No training summary available"), e.getMessage());
    Dataset<Row> freshDf = fresh.createDataFrame(df.collectAsList(), df.schema());
    assertEquals(predictions(model.transform(df), "rawPrediction", "p", "prediction"),
        predictions(loaded.transform(freshDf), "rawPrediction", "p", "prediction"));

    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> DtrainRegressionModel.load(path));
    assertTrue(wrong.getMessage().contains("it holds a io.sparkdtrain.ml.DtrainClassificationModel"),
        wrong.getMessage());
  }

  @Test
  void softmaxAndRegressionModelsRoundTrip() throws IOException {
    DtrainClassificationModel softmax = new DtrainClassifier().setObjective("softmax").setMaxRounds(3)
        .setFitIntercept(false).fit(MlData.dna());
    softmax.write().overwrite().save(dir.resolve("softmax").toString());
    DtrainClassificationModel s2 = DtrainClassificationModel.load(dir.resolve("softmax").toString());
    assertEquals(softmax.coefficientMatrix(), s2.coefficientMatrix());
    assertEquals(3, s2.classCount());
    assertFalse(s2.shape().fitIntercept());
    assertEquals(predictions(softmax.transform(MlData.dna()), "probability", "prediction"),
        predictions(s2.transform(MlData.dna()), "probability", "prediction"));

    Dataset<Row> reg = MlData.a9aSmall();
    DtrainRegressionModel r = new DtrainRegressor().setMaxRounds(3).setStepSize(0.1).fit(reg);
    r.save(dir.resolve("reg").toString());
    DtrainRegressionModel r2 = DtrainRegressionModel.load(dir.resolve("reg").toString());
    assertEquals(r.coefficients(), r2.coefficients());
    assertEquals(r.intercept(), r2.intercept());
    assertEquals(predictions(r.transform(reg), "prediction"), predictions(r2.transform(reg), "prediction"));
  }

  @Test
  void estimatorParamsRoundTrip() throws IOException {
    DtrainClassifier clf = new DtrainClassifier().setStrategy("local").setLocalSteps(3).setSeed(11L)
        .setObjective("hinge");
    clf.save(dir.resolve("est").toString());
    DtrainClassifier loaded = DtrainClassifier.load(dir.resolve("est").toString());
    assertNotSame(clf, loaded);
    assertEquals(clf.uid(), loaded.uid());
    assertEquals(MlData.paramValues(clf), MlData.paramValues(loaded));
  }

  @Test
  void pipelineModelWithAssemblerAndScalerRoundTripsThroughANewSession() throws IOException {
    Dataset<Row> df = MlData.a9aSmall()
        .selectExpr("label", "features", "CAST(label * 0 + 1 AS DOUBLE) AS ones").cache();
    VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"features", "ones"})
        .setOutputCol("assembled");
    StandardScaler scaler = new StandardScaler().setInputCol("assembled").setOutputCol("scaled");
    DtrainClassifier clf = new DtrainClassifier().setFeaturesCol("scaled").setMaxRounds(5)
        .setStrategy("local").setLocalSteps(2);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, clf});
    PipelineModel model = pipeline.fit(df);
    DtrainClassificationModel fitted = (DtrainClassificationModel) model.stages()[2];
    assertEquals(124, fitted.numFeatures());

    Path path = dir.resolve("pipeline");
    model.write().overwrite().save(path.toString());
    assertTrue(Files.isDirectory(path.resolve("stages")));
    pipeline.write().overwrite().save(dir.resolve("unfitted").toString()); // the Estimator persists too

    SharedSpark.session().catalog().clearCache();
    SparkSession fresh = SparkSession.builder().getOrCreate().newSession();
    PipelineModel loaded = PipelineModel.read().session(fresh).load(path.toString());
    assertTrue(loaded.stages()[2] instanceof DtrainClassificationModel);
    assertEquals(fitted.weights(), ((DtrainClassificationModel) loaded.stages()[2]).weights());
    Dataset<Row> freshDf = fresh.createDataFrame(df.collectAsList(), df.schema());
    assertEquals(predictions(model.transform(df), "probability", "prediction"),
        predictions(loaded.transform(freshDf), "probability", "prediction"));
    Pipeline unfitted = Pipeline.load(dir.resolve("unfitted").toString());
    assertEquals(MlData.paramValues(clf),
        MlData.paramValues(((DtrainClassifier) unfitted.getStages()[2])));
  }
}
