package io.sparkdtrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets an error that names the column or the file (and line), the value and the rule. */
class DataValidationTest {
  private static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("y", DataTypes.DoubleType, true, Metadata.empty()),
      new StructField("x", SQLDataTypes.VectorType(), true, Metadata.empty())});

  private static Dataset<Row> frame(Row... rows) {
    SparkSession spark = SharedSpark.session();
    return spark.createDataFrame(Arrays.asList(rows), SCHEMA);
  }

  @Test
  void convertsDenseAndSparseRowsToOneBlockPerPartition() {
    Dataset<Row> df = frame(RowFactory.create(1.0, Vectors.dense(1, 0, 2)),
        RowFactory.create(0.0, Vectors.sparse(3, new int[] {1}, new double[] {5})),
        RowFactory.create(1.0, Vectors.sparse(3, new int[] {0, 2}, new double[] {-1, 3})));
    try (TrainingData d = TrainingData.fromDataFrame(df, "y", "x", null, 3, 2, new LogisticLoss())) {
      assertEquals(3, d.numRows());
      assertEquals(2, d.numPartitions());
      List<CsrBlock> blocks = d.blocks().collect();
      assertEquals(2, blocks.size());
      assertEquals(3, blocks.stream().mapToInt(CsrBlock::numRows).sum());
      // dense rows store every feature, sparse rows their non-zeros: 3 + 1 + 2
      assertEquals(6, d.stats().nnz());
    }
  }

  @Test
  void nanFeatureValueNamesTheColumnsAndValue() {
    Dataset<Row> df = frame(RowFactory.create(1.0, Vectors.dense(1, Double.NaN, 2)));
    DataValidationException e = assertThrows(DataValidationException.class,
        () -> TrainingData.fromDataFrame(df, "y", "x", null, 3, 1, new LogisticLoss()));
    assertTrue(e.getMessage().contains("features='x'") && e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void infiniteFeatureValueIsRejected() {
    Dataset<Row> df = frame(RowFactory.create(1.0, Vectors.sparse(3, new int[] {2}, new double[] {Double.POSITIVE_INFINITY})));
    DataValidationException e = assertThrows(DataValidationException.class,
        () -> TrainingData.fromDataFrame(df, "y", "x", null, 3, 1, new LogisticLoss()));
    assertTrue(e.getMessage().contains("Infinity") && e.getMessage().contains("feature 2"), e.getMessage());
  }

  @Test
  void labelsOutsideTheObjectiveSetAreCountedAndNamed() {
    Dataset<Row> df = frame(RowFactory.create(2.0, Vectors.dense(1)), RowFactory.create(2.0, Vectors.dense(1)),
        RowFactory.create(1.0, Vectors.dense(1)), RowFactory.create(7.0, Vectors.dense(1)));
    DataValidationException e = assertThrows(DataValidationException.class,
        () -> TrainingData.fromDataFrame(df, "y", "x", null, 1, 2, new LogisticLoss()));
    assertTrue(e.getMessage().contains("label 2.0 in 2 rows"), e.getMessage());
    assertTrue(e.getMessage().contains("label 7.0 in 1 row"), e.getMessage());
    assertTrue(e.getMessage().contains("logistic") && e.getMessage().contains("0/1 or -1/+1"), e.getMessage());
  }

  @Test
  void softmaxLabelsMustBeClassIndices() {
    Dataset<Row> df = frame(RowFactory.create(0.5, Vectors.dense(1)), RowFactory.create(1.0, Vectors.dense(1)));
    DataValidationException e = assertThrows(DataValidationException.class,
        () -> TrainingData.fromDataFrame(df, "y", "x", null, 1, 1, new SoftmaxLoss(3)));
    assertTrue(e.getMessage().contains("label 0.5 in 1 row"), e.getMessage());
  }

  @Test
  void vectorSizeDifferentFromNumFeaturesIsAMismatch() {
    Dataset<Row> df = frame(RowFactory.create(1.0, Vectors.dense(1, 2)));
    DataValidationException e = assertThrows(DataValidationException.class,
        () -> TrainingData.fromDataFrame(df, "y", "x", null, 5, 1, new LogisticLoss()));
    assertTrue(e.getMessage().contains("size 2") && e.getMessage().contains("numFeatures=5"), e.getMessage());
  }

  @Test
  void emptyInputIsRejected() {
    Dataset<Row> df = frame();
    DataValidationException e = assertThrows(DataValidationException.class,
        () -> TrainingData.fromDataFrame(df, "y", "x", null, 3, 1, new LogisticLoss()));
    assertTrue(e.getMessage().contains("no rows"), e.getMessage());
  }

  @Test
  void missingAndMistypedColumnsAreNamed() {
    Dataset<Row> df = frame(RowFactory.create(1.0, Vectors.dense(1)));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> TrainingData.fromDataFrame(df, "label", "x", null, 1, 1, new LogisticLoss()));
    assertTrue(missing.getMessage().contains("Column 'label'") && missing.getMessage().contains("[y, x]"),
        missing.getMessage());
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> TrainingData.fromDataFrame(df, "y", "y", null, 1, 1, new LogisticLoss()));
    assertTrue(wrong.getMessage().contains("must be of type org.apache.spark.ml.linalg.Vector but is double"),
        wrong.getMessage());
  }

  @Test
  void libsvmIndexBeyondNumFeaturesNamesFileAndLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.libsvm");
    Files.writeString(f, "1 1:0.5 3:1\n# a comment\n-1 2:1\n1 12:1\n");
    DataValidationException e = assertThrows(DataValidationException.class,
        () -> LibsvmInput.read(SharedSpark.session(), f.toString(), 10, 1, new LogisticLoss()));
    assertTrue(e.getMessage().contains("bad.libsvm:4: feature index 12 is beyond numFeatures=10"), e.getMessage());
  }

  @Test
  void libsvmNanValueAndBadLabelNameFileAndLine(@TempDir Path dir) throws Exception {
    Path nan = dir.resolve("nan.libsvm");
    Files.writeString(nan, "1 1:0.5\n-1 2:NaN\n");
    DataValidationException e1 = assertThrows(DataValidationException.class,
        () -> LibsvmInput.read(SharedSpark.session(), nan.toString(), 3, 1, new LogisticLoss()));
    assertTrue(e1.getMessage().contains("nan.libsvm:2: feature 2 has value NaN"), e1.getMessage());
    Path label = dir.resolve("label.libsvm");
    Files.writeString(label, "1 1:0.5\n3 2:1\n");
    DataValidationException e2 = assertThrows(DataValidationException.class,
        () -> LibsvmInput.read(SharedSpark.session(), label.toString(), 3, 1, new LogisticLoss()));
    assertTrue(e2.getMessage().contains("label.libsvm:2: label 3.0"), e2.getMessage());
  }

  @Test
  void missingLibsvmPathIsNamed() {
    DataValidationException e = assertThrows(DataValidationException.class,
        () -> LibsvmInput.read(SharedSpark.session(), "/nonexistent/a9a", 123, 1, new LogisticLoss()));
    assertTrue(e.getMessage().contains("/nonexistent/a9a") && e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void readsGzipLibsvmLikeThePlainFile() {
    // news20's training file is .gz: Spark's reader decompresses it; check shape against PROVENANCE
    try (TrainingData d = LibsvmInput.read(SharedSpark.session(),
        SharedSpark.data("news20-binary/news20.binary.train.libsvm.gz"), 130107, 2, new LogisticLoss())) {
      assertEquals(11314, d.numRows());
      assertEquals(130107, d.numFeatures());
    }
  }
}
