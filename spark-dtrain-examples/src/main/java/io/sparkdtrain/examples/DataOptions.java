package io.sparkdtrain.examples;

import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.MarginLoss;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Where the data comes from: LIBSVM paths, or generated data when {@code --data} is absent. */
final class DataOptions {
  @Option(names = "--data", paramLabel = "PATH",
      description = "Training data: a LIBSVM file or directory (plain or .gz), or idx:PREFIX for MNIST-style PREFIX-images-idx3-ubyte[.gz] and PREFIX-labels-idx1-ubyte[.gz]. Without it, generated data.")
  String data;

  @Option(names = "--test", paramLabel = "PATH", description = "Held-out data in the same format.")
  String test;

  @Option(names = "--num-features", paramLabel = "N",
      description = "Number of features (LIBSVM indices 1..N). Default: inferred from --data.")
  int numFeatures;

  @Option(names = "--partitions", paramLabel = "P",
      description = "Workers (RDD partitions). Default: Spark's default parallelism.")
  int partitions;

  @Option(names = "--gen-rows", paramLabel = "N", defaultValue = "20000",
      description = "Generated data: training rows (default ${DEFAULT-VALUE}).")
  long genRows;

  @Option(names = "--gen-test-rows", paramLabel = "N", defaultValue = "5000",
      description = "Generated data: test rows (default ${DEFAULT-VALUE}).")
  long genTestRows;

  @Option(names = "--gen-features", paramLabel = "D", defaultValue = "100",
      description = "Generated data: features (default ${DEFAULT-VALUE}).")
  int genFeatures;

  @Option(names = "--gen-nnz", paramLabel = "K", defaultValue = "10",
      description = "Generated data: non-zeros per row (default ${DEFAULT-VALUE}).")
  int genNnz;

  void validate() {
    Checks.require(numFeatures >= 0, "--num-features", numFeatures, "must be >= 1");
    Checks.require(partitions >= 0, "--partitions", partitions, "must be >= 1");
    Checks.atLeast("--gen-rows", genRows, 1);
    Checks.atLeast("--gen-test-rows", genTestRows, 0);
    Checks.atLeast("--gen-features", genFeatures, 1);
    Checks.require(genNnz >= 1 && genNnz <= genFeatures, "--gen-nnz", genNnz,
        "must be in [1, --gen-features=" + genFeatures + "]");
    Checks.require(test == null || data != null, "--test", test, "needs --data as well");
  }

  /** The generator spec for the objective (binary, regression or multiclass). */
  SyntheticData.Spec spec(String objective, int numClasses, long seed) {
    SyntheticData.Kind kind = switch (objective) {
      case "squared" -> SyntheticData.Kind.REGRESSION;
      case "softmax" -> SyntheticData.Kind.MULTICLASS;
      default -> SyntheticData.Kind.BINARY;
    };
    int features = numFeatures > 0 ? numFeatures : genFeatures;
    return new SyntheticData.Spec(kind, genRows, features, Math.min(genNnz, features),
        Math.max(2, numClasses), kind == SyntheticData.Kind.REGRESSION ? 0.1 : 0.0, seed);
  }

  /** Training data (loss null: labels checked later, once the class count is known). */
  TrainingData loadTrain(SparkSession spark, SyntheticData.Spec spec, MarginLoss loss) {
    if (data == null) {
      return SyntheticData.train(JavaSparkContext.fromSparkContext(spark.sparkContext()), spec, partitions, loss);
    }
    return read(spark, data, numFeatures, loss);
  }

  /** Test data with the training data's feature count, or null. */
  TrainingData loadTest(SparkSession spark, SyntheticData.Spec spec, int features, MarginLoss loss) {
    if (data == null) {
      return genTestRows == 0 ? null : SyntheticData.test(
          JavaSparkContext.fromSparkContext(spark.sparkContext()), spec, genTestRows, partitions, loss);
    }
    return test == null ? null : read(spark, test, features, loss);
  }

  /** A LIBSVM path, or {@code idx:PREFIX} for IDX files (pixels as features). */
  private TrainingData read(SparkSession spark, String path, int features, MarginLoss loss) {
    if (path.startsWith("idx:")) {
      return io.sparkdtrain.data.IdxInput.read(JavaSparkContext.fromSparkContext(spark.sparkContext()),
          path.substring("idx:".length()), partitions, loss);
    }
    return LibsvmInput.read(spark, path, features, partitions, loss);
  }
}
