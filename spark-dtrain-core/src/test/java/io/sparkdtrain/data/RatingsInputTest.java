package io.sparkdtrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ratings input: the MovieLens sample, both text formats, a DataFrame, and clear errors. */
class RatingsInputTest {

  @Test
  void readsSparksMovielensSampleWithASeededSplit() {
    String path = SharedSpark.data("spark-samples/sample_movielens_ratings.txt");
    try (RatingsData a = RatingsInput.readText(SharedSpark.context(), path, 2, 0.2, 5);
         RatingsData b = RatingsInput.readText(SharedSpark.context(), path, 2, 0.2, 5)) {
      assertEquals(1501, a.numTrain() + a.numTest());
      assertEquals(30, a.numUsers());
      assertEquals(100, a.numItems());
      assertTrue(a.numTest() > 200 && a.numTest() < 400, "about 20% held out: " + a.numTest());
      assertEquals(a.numTest(), b.numTest(), "same seed, same split");
      assertEquals(a.trainMean(), b.trainMean(), 0.0);
    }
  }

  @Test
  void tabSeparatedWithCommentsAndEmptyLines(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("u.data");
    Files.writeString(f, "# user item rating time\n1\t2\t4.5\t881250949\n\n3\t4\t1\n");
    try (RatingsData d = RatingsInput.readText(SharedSpark.context(), f.toString(), 1, 0.0, 1)) {
      assertEquals(2, d.numTrain());
      assertEquals(4, d.numUsers());
      assertEquals(5, d.numItems());
      assertEquals(2.75, d.trainMean(), 1e-12);
    }
  }

  private static String error(Path dir, String content) throws IOException {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, content);
    return assertThrows(DataValidationException.class,
        () -> RatingsInput.readText(SharedSpark.context(), f.toString(), 1, 0.1, 1)).getMessage();
  }

  @Test
  void badLinesNameFileLineAndProblem(@TempDir Path dir) throws IOException {
    assertEquals("bad.txt:2: expected user, item, rating (and an optional timestamp) separated by '::'"
        + " or a tab, found 2 fields in '1::5'", error(dir, "0::1::5\n1::5\n"));
    assertEquals("bad.txt:1: rating 'five' is not a number", error(dir, "0::1::five\n"));
    assertEquals("bad.txt:3: user id -4 is negative", error(dir, "0::1::5\n1::2::3\n-4::2::3\n"));
    assertEquals("bad.txt:1: item id -1 is negative", error(dir, "2\t-1\t3\n"));
    assertEquals("bad.txt:1: user id 'u7' is not an integer", error(dir, "u7::1::3\n"));
    assertEquals("bad.txt:1: rating 'NaN' is not finite", error(dir, "1::1::NaN\n"));
    assertEquals("ratings path /no/such/file does not exist", assertThrows(DataValidationException.class,
        () -> RatingsInput.readText(SharedSpark.context(), "/no/such/file", 1, 0.1, 1)).getMessage());
  }

  @Test
  void dataFrameInputAndItsErrors() {
    StructType schema = new StructType().add("u", DataTypes.IntegerType).add("i", DataTypes.LongType)
        .add("r", DataTypes.DoubleType);
    Dataset<Row> ok = SharedSpark.session().createDataFrame(List.of(RowFactory.create(0, 1L, 4.0),
        RowFactory.create(2, 0L, 2.0)), schema);
    try (RatingsData d = RatingsInput.fromDataFrame(ok, "u", "i", "r", 1, 0.0, 3)) {
      assertEquals(2, d.numTrain());
      assertEquals(3, d.numUsers());
      assertEquals(3.0, d.trainMean(), 1e-12);
    }
    Dataset<Row> negative = SharedSpark.session().createDataFrame(List.of(RowFactory.create(0, 1L, 4.0),
        RowFactory.create(-3, 0L, 2.0)), schema);
    DataValidationException e = assertThrows(DataValidationException.class,
        () -> RatingsInput.fromDataFrame(negative, "u", "i", "r", 1, 0.0, 3));
    assertEquals("DataFrame row 1 of partition 0: user id -3 in column 'u' is negative", e.getMessage());
    Dataset<Row> nulls = SharedSpark.session().createDataFrame(List.of(RowFactory.create(0, 1L, null)), schema);
    e = assertThrows(DataValidationException.class, () -> RatingsInput.fromDataFrame(nulls, "u", "i", "r", 1, 0.0, 3));
    assertEquals("DataFrame row 0 of partition 0: column 'r' is null", e.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> RatingsInput.fromDataFrame(ok, "user", "i", "r", 1, 0.0, 3));
    assertEquals("Column 'user' not found; the DataFrame has columns [u, i, r]", missing.getMessage());
  }
}
