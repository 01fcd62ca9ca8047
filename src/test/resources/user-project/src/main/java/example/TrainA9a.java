package example;

import io.sparkdtrain.ml.DtrainClassificationModel;
import io.sparkdtrain.ml.DtrainClassifier;
import java.util.Locale;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A user's Spark application: trains spark-dtrain's classifier on a9a and, for comparison, MLlib's
 * LogisticRegression with the same regularisation; prints both test AUCs.
 * Usage: spark-submit --jars spark-dtrain-core_<scala>-<version>.jar --class example.TrainA9a train-a9a.jar TRAIN TEST
 */
public final class TrainA9a {
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("train-a9a").getOrCreate();
    Dataset<Row> train = read(spark, args[0]).cache();
    Dataset<Row> test = read(spark, args[1]).cache();
    BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator();

    DtrainClassificationModel model = new DtrainClassifier().setStrategy("sync").setStepSize(1.0)
        .setRegParam(1e-4).setMaxRounds(30).setSeed(3L).fit(train);
    double dtrainAuc = auc.evaluate(model.transform(test));
    double mllibAuc = auc.evaluate(new LogisticRegression().setRegParam(1e-4).setMaxIter(30).fit(train).transform(test));
    System.out.println(String.format(Locale.ROOT, "RESULT dtrain_auc=%.6f mllib_auc=%.6f", dtrainAuc, mllibAuc));
    spark.stop();
  }

  /** a9a in LIBSVM format, labels -1/+1 mapped to 0/1. */
  private static Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().format("libsvm").option("numFeatures", "123").load(path)
        .withColumn("label", functions.when(functions.col("label").gt(0), 1.0).otherwise(0.0));
  }
}
