package io.sparkdtrain.data;

import java.io.Serializable;

/**
 * Where training rows come from, in words used by error messages: a DataFrame column set or a file.
 * Every validation error about data names its source, so the user knows what to fix.
 */
public record DataSource(String description) implements Serializable {

  /** A DataFrame read through the given label and features columns. */
  public static DataSource dataFrame(String labelCol, String featuresCol) {
    return new DataSource("DataFrame columns label='" + labelCol + "', features='" + featuresCol + "'");
  }

  /** A file or directory path. */
  public static DataSource file(String path) {
    return new DataSource("file " + path);
  }

  /** Generated data. */
  public static DataSource generated(String what) {
    return new DataSource("generated " + what);
  }

  @Override
  public String toString() {
    return description;
  }
}
