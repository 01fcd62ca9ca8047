package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Compiles and runs the README's five-line pipeline example, its matrix-factorisation example and
 * its multilayer-perceptron example:
 * the lines between each pair of README markers below are the snippet, verbatim (only
 * {@code spark} and {@code path} are defined around them). When README.md shows an example, each
 * of its lines must be there too.
 */
@Tag("spark4")
class ReadmeExampleTest {

  @Test
  void readmePipelineExampleRuns() throws IOException {
    SparkSession spark = SharedSpark.session();
    String path = SharedSpark.data("a9a/a9a");
    // README:begin
    Dataset<Row> data = spark.read().format("libsvm").option("numFeatures", "123").load(path);
    StandardScaler scaler = new StandardScaler().setInputCol("features").setOutputCol("scaled");
    DtrainClassifier clf = new DtrainClassifier().setFeaturesCol("scaled").setStrategy("local").setLocalSteps(8).setStepSize(0.1).setMaxRounds(10);
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {scaler, clf}).fit(data);
    model.transform(data).select("label", "probability", "prediction").show(5);
    // README:end
    DtrainClassificationModel trained = (DtrainClassificationModel) model.stages()[1];
    assertEquals(10, trained.summary().totalRounds());
    // the all-zero model's logistic loss is ln 2; a step size that overshoots ends above it
    System.out.printf("README pipeline: training objective %.4f after 10 rounds%n", trained.summary().finalObjective());
    assertTrue(trained.summary().finalObjective() < Math.log(2), "objective " + trained.summary().finalObjective());
    long correct = model.transform(data).where("(label > 0) = (prediction > 0)").count();
    assertTrue(correct > 0.8 * data.count(), "accuracy " + correct / (double) data.count());

    assertReadmeShows("README", "new DtrainClassifier()");
  }

  @Test
  void readmeMatrixFactorisationExampleRuns() throws IOException {
    SparkSession spark = SharedSpark.session();
    String path = SharedSpark.data("spark-samples/sample_movielens_ratings.txt");
    // README-MF:begin
    Dataset<Row> ratings = spark.read().text(path).selectExpr("split(value, '::') AS f").selectExpr("CAST(f[0] AS INT) AS user", "CAST(f[1] AS INT) AS item", "CAST(f[2] AS DOUBLE) AS rating");
    Dataset<Row>[] split = ratings.randomSplit(new double[] {0.8, 0.2}, 11L);
    DtrainMatrixFactorization mf = new DtrainMatrixFactorization().setRank(8).setMaxIter(30).setStepSize(0.02).setNumThreads(2);
    DtrainMatrixFactorizationModel model = mf.fit(split[0]);
    model.setColdStartStrategy("drop").transform(split[1]).show(5);
    // README-MF:end
    assertEquals(30, model.summary().totalIterations());
    assertTrue(model.summary().finalRmse() < model.summary().rmseHistory()[0]);
    assertReadmeShows("README-MF", "new DtrainMatrixFactorization()");
  }

  @Test
  void readmeMultilayerPerceptronExampleRuns() throws IOException {
    SparkSession spark = SharedSpark.session();
    String path = SharedSpark.data("dna/dna.scale");
    // README-MLP:begin
    Dataset<Row> dna = spark.read().format("libsvm").option("numFeatures", "180").load(path).selectExpr("label - 1 AS label", "features");
    DtrainMultilayerPerceptronClassifier mlp = new DtrainMultilayerPerceptronClassifier().setLayers(new int[] {180, 32, 3}).setStrategy("local").setLocalSteps(4);
    DtrainMultilayerPerceptronClassificationModel model = mlp.fit(dna);
    model.transform(dna).select("label", "probability", "prediction").show(5);
    // README-MLP:end
    // the reference: always predicting the most frequent class; the network must beat it by half the rest
    long rows = dna.count();
    long majority = dna.groupBy("label").count().orderBy(org.apache.spark.sql.functions.desc("count")).first().getLong(1);
    double majorityRate = majority / (double) rows;
    double accuracy = model.transform(dna).where("label = prediction").count() / (double) rows;
    System.out.printf("README MLP: training accuracy %.4f, majority-class rate %.4f%n", accuracy, majorityRate);
    assertTrue(accuracy > majorityRate + (1 - majorityRate) / 2, "accuracy " + accuracy + " vs majority " + majorityRate);
    assertReadmeShows("README-MLP", "new DtrainMultilayerPerceptronClassifier()");
  }

  /** When README.md shows {@code marker}'s example (it contains {@code probe}), it has each of its lines. */
  private static void assertReadmeShows(String marker, String probe) throws IOException {
    Path self = Paths.get("src/test/java/io/sparkdtrain/ml/ReadmeExampleTest.java");
    Path readme = Paths.get("..", "README.md");
    if (Files.exists(self) && Files.exists(readme)) {
      String text = Files.readString(readme);
      if (text.contains(probe)) {
        List<String> lines = Files.readAllLines(self);
        int from = lines.indexOf("    // " + marker + ":begin");
        int to = lines.indexOf("    // " + marker + ":end");
        assertTrue(from >= 0 && to > from, marker + " markers");
        for (String line : lines.subList(from + 1, to)) {
          assertTrue(text.contains(line.strip()), "README.md lacks the example line: " + line.strip());
        }
      }
    }
  }
}
