package io.sparkdtrain.testing;

import io.sparkdtrain.spark.SparkConfigs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One real {@code local[2]} SparkSession per test JVM, shared by the test classes (start-up costs
 * about 3 s, so one per class would dominate the suite). Kryo runs with
 * {@code spark.kryo.registrationRequired=true}, so a class we ship without registering fails the
 * tests. Spark stops it at JVM exit through its own shutdown hook.
 */
public final class SharedSpark {
  private static final String[] MLLIB_CLASSES = {
      "org.apache.spark.ml.stat.SummarizerBuffer",
      "org.apache.spark.ml.stat.MultiClassSummarizer",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Sum$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Count$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Variance$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeL1$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$MetricsAggregate$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$NormL1$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$NumNonZeros$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeMax$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeNNZ$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeMin$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Mean$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeM2n$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Max$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Std$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeM2$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeWeightSum$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$Min$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$NormL2$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeMean$",
      "org.apache.spark.ml.stat.SummaryBuilderImpl$MetricsAggregate",
      "org.apache.spark.ml.feature.InstanceBlock",
      "org.apache.spark.ml.optim.aggregator.BinaryLogisticBlockAggregator",
      "org.apache.spark.ml.optim.aggregator.MultinomialLogisticBlockAggregator",
      "org.apache.spark.ml.optim.aggregator.HingeBlockAggregator", // LinearSVC, HogwildHingeTest's reference
      "org.apache.spark.broadcast.TorrentBroadcast",
      "org.apache.spark.storage.BroadcastBlockId",
      // io.sparkdtrain.ml tests: BinaryClassificationEvaluator, LinearRegression (normal solver)
      "org.apache.spark.mllib.evaluation.binary.BinaryLabelCounter",
      "[Lorg.apache.spark.mllib.evaluation.binary.BinaryLabelCounter;",
      "org.apache.spark.ml.optim.WeightedLeastSquares$Aggregator",
      // io.sparkdtrain.ml: MLlib ALS, the reference of the matrix-factorisation Estimator
      "[Lorg.apache.spark.ml.recommendation.ALS$Rating;",
      "org.apache.spark.ml.recommendation.ALS$Rating$mcI$sp",
      "org.apache.spark.ml.recommendation.ALS$RatingBlock",
      "[[F",
      // io.sparkdtrain.ml: MLlib Word2Vec, the reference of the word2vec Estimator
      "org.apache.spark.mllib.feature.VocabWord",
      "[Lorg.apache.spark.mllib.feature.VocabWord;",
      "scala.collection.mutable.HashMap",
      "[Lscala.Tuple2;",
      // Parquet reads of MLlib models (StandardScalerModel inside a saved PipelineModel)
      "org.apache.spark.ml.linalg.VectorUDT",
      "org.apache.spark.sql.types.StructType",
      "org.apache.spark.sql.types.StructField",
      "[Lorg.apache.spark.sql.types.StructField;",
      "org.apache.spark.sql.types.ArrayType",
      "org.apache.spark.sql.types.Metadata",
      "org.apache.spark.sql.types.ByteType$",
      "org.apache.spark.sql.types.IntegerType$",
      "org.apache.spark.sql.types.LongType$",
      "org.apache.spark.sql.types.DoubleType$",
      "org.apache.spark.sql.types.BooleanType$",
      "org.apache.spark.sql.types.StringType$",
  };
  private static SparkSession session;

  private SharedSpark() {}

  /**
   * The shared session, created on first use. A fatal error inside a task (a StackOverflowError, an
   * OutOfMemoryError) makes Spark stop the context; every later test of this JVM then fails here with
   * one message that points to the first failure, instead of Spark's "Cannot call methods on a
   * stopped SparkContext" in each of them.
   */
  public static synchronized SparkSession session() {
    if (session != null && session.sparkContext().isStopped()) {
      throw new IllegalStateException("the shared SparkContext of the tests was stopped, most likely by a fatal"
          + " error in an earlier test of this JVM: the first failing test above is the cause, and the tests"
          + " after it cannot run");
    }
    if (session == null) {
      SparkConf conf = SparkConfigs.applyKryo(new SparkConf(), true)
          .setMaster("local[2]")
          .setAppName("spark-dtrain-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.sql.shuffle.partitions", "2")
          .set("spark.driver.host", "127.0.0.1")
          // MLlib classes that the reference runs (LogisticRegression) ship; ours are in the registrator.
          .set("spark.kryo.classesToRegister", String.join(",", MLLIB_CLASSES));
      session = SparkSession.builder().config(conf).getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** The shared session's Java context. */
  public static JavaSparkContext context() {
    return JavaSparkContext.fromSparkContext(session().sparkContext());
  }

  /** A file of {@code ../shared/data} (the real data sets), e.g. {@code data("a9a/a9a")}. */
  public static String data(String relative) {
    String configured = System.getProperty("dtrain.shared.data");
    Path base = configured != null ? Paths.get(configured) : null;
    if (base == null || !Files.isDirectory(base)) {
      Path p = Paths.get("").toAbsolutePath();
      while (p != null && !Files.isDirectory(p.resolve("shared/data"))) {
        p = p.getParent();
      }
      if (p == null) {
        throw new IllegalStateException("cannot find ../shared/data (set -Ddtrain.shared.data)");
      }
      base = p.resolve("shared/data");
    }
    File f = base.resolve(relative).toFile();
    if (!f.exists()) {
      throw new IllegalStateException("missing shared data file " + f);
    }
    return f.getAbsolutePath();
  }
}
