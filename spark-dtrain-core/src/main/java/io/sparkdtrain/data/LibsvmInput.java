package io.sparkdtrain.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * LIBSVM input ({@code label index:value ...}, 1-based ascending indices), plain or compressed
 * ({@code .gz}), through Spark's own {@code libsvm} data source. When Spark's reader or our
 * validation rejects the data, a second, driver-side scan of the text finds the first bad line, so
 * the error names the file and line ("a9a.bad:17: feature index 200 is beyond numFeatures=123").
 */
public final class LibsvmInput {
  private LibsvmInput() {}

  /**
   * Reads, validates and caches a LIBSVM file or directory.
   *
   * @param numFeatures declared feature count ({@code <= 0}: Spark infers it in an extra pass)
   * @param numPartitions workers ({@code <= 0}: Spark's default parallelism)
   * @param loss labels are checked against it ({@code null}: no label check)
   */
  public static TrainingData read(SparkSession spark, String path, int numFeatures, int numPartitions,
                                  LabelDomain loss) {
    int partitions = numPartitions > 0 ? numPartitions : spark.sparkContext().defaultParallelism();
    try {
      Dataset<Row> df = dataFrame(spark, path, numFeatures);
      return TrainingData.fromDataFrame(df, "label", "features", null, numFeatures, partitions, loss,
          DataSource.file(path));
    } catch (Exception e) { // Spark job failures arrive as (checked) SparkExceptions
      String problem = firstProblem(spark.sparkContext().hadoopConfiguration(), path, numFeatures, loss);
      if (problem != null) {
        throw new DataValidationException(problem, e);
      }
      DataValidationException d = DataValidationException.findIn(e);
      if (d != null) {
        throw d;
      }
      if (e instanceof RuntimeException r && !(e instanceof IllegalArgumentException)) {
        throw r;
      }
      throw new DataValidationException("cannot read LIBSVM data from " + path + ": " + e.getMessage(), e);
    }
  }

  /** Spark's LIBSVM reader as a DataFrame of {@code label}, {@code features}. */
  public static Dataset<Row> dataFrame(SparkSession spark, String path, int numFeatures) {
    var reader = spark.read().format("libsvm");
    if (numFeatures > 0) {
      reader = reader.option("numFeatures", Integer.toString(numFeatures));
    }
    return reader.load(path);
  }

  /**
   * Scans the text on the driver and returns "file:line: problem" for the first bad line, or
   * {@code null} if every line is valid. Used only on the failure path.
   */
  static String firstProblem(Configuration conf, String path, int numFeatures, LabelDomain loss) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return "LIBSVM path " + path + " does not exist";
      }
      List<Path> files = new ArrayList<>();
      for (FileStatus st : fs.listStatus(p)) {
        if (st.isFile() && !st.getPath().getName().startsWith("_") && !st.getPath().getName().startsWith(".")) {
          files.add(st.getPath());
        }
      }
      long[] rows = {0};
      String[] first = {null};
      TextLines.read(conf, fs, files, (f, lineNo, line) -> {
        rows[0]++;
        String problem = checkLine(line, numFeatures, loss);
        if (problem != null) {
          first[0] = f + ":" + lineNo + ": " + problem;
        }
        return problem == null;
      });
      if (first[0] != null) {
        return first[0];
      }
      return rows[0] == 0 ? "LIBSVM path " + path + " has no data rows" : null;
    } catch (IOException e) {
      return "cannot read LIBSVM path " + path + ": " + e.getMessage();
    }
  }

  /** The problem with one LIBSVM line, or {@code null}. */
  static String checkLine(String line, int numFeatures, LabelDomain loss) {
    String[] tokens = line.split("\\s+");
    double label;
    try {
      label = Double.parseDouble(tokens[0]);
    } catch (NumberFormatException e) {
      return "label '" + tokens[0] + "' is not a number";
    }
    if (!Double.isFinite(label)) {
      return "label is " + tokens[0];
    }
    if (loss != null && !loss.isValidLabel(label)) {
      return "label " + label + " is outside the labels the " + loss.name() + " objective accepts ("
          + loss.labelDomain() + ")";
    }
    int prev = 0;
    for (int k = 1; k < tokens.length; k++) {
      String t = tokens[k];
      int colon = t.indexOf(':');
      if (colon <= 0) {
        return "token '" + t + "' is not index:value";
      }
      int index;
      double value;
      try {
        index = Integer.parseInt(t.substring(0, colon));
        value = Double.parseDouble(t.substring(colon + 1));
      } catch (NumberFormatException e) {
        return "token '" + t + "' is not index:value with an integer index and a numeric value";
      }
      if (index < 1) {
        return "feature index " + index + " is below 1 (LIBSVM indices are 1-based)";
      }
      if (numFeatures > 0 && index > numFeatures) {
        return "feature index " + index + " is beyond numFeatures=" + numFeatures;
      }
      if (index <= prev) {
        return "feature indices must increase, found " + index + " after " + prev;
      }
      if (!Double.isFinite(value)) {
        return "feature " + index + " has value " + t.substring(colon + 1);
      }
      prev = index;
    }
    return null;
  }
}
