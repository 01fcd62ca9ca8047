package io.sparkdtrain.ml;

import java.util.Arrays;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Schema checks with messages that name the column, the param that chose it and what was found,
 * for example "Column 'x' (featuresCol) must be of type org.apache.spark.ml.linalg.Vector but is
 * string"; and the check of the raw prediction a classification model turns into probabilities.
 */
final class Schemas {
  private Schemas() {}

  /** Throws unless {@code col} exists and holds {@code ml.linalg.Vector}s. */
  static void requireVector(StructType schema, String col, String param) {
    DataType t = field(schema, col, param).dataType();
    if (!(t instanceof VectorUDT)) {
      throw new IllegalArgumentException("Column '" + col + "' (" + param + ") must be of type"
          + " org.apache.spark.ml.linalg.Vector but is " + t.simpleString());
    }
  }

  /** Throws unless {@code col} exists and is numeric. */
  static void requireNumeric(StructType schema, String col, String param) {
    DataType t = field(schema, col, param).dataType();
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException("Column '" + col + "' (" + param + ") must be numeric but is "
          + t.simpleString());
    }
  }

  /** Throws unless {@code col} exists and is boolean. */
  static void requireBoolean(StructType schema, String col, String param) {
    DataType t = field(schema, col, param).dataType();
    if (!t.equals(org.apache.spark.sql.types.DataTypes.BooleanType)) {
      throw new IllegalArgumentException("Column '" + col + "' (" + param + ") must be boolean but is "
          + t.simpleString());
    }
  }

  /**
   * The raw prediction that {@code raw2probabilityInPlace} overwrites: the dense vector
   * {@code predictRaw} returns.
   *
   * @throws IllegalArgumentException for any other vector
   */
  static DenseVector denseRawPrediction(Vector rawPrediction) {
    if (!(rawPrediction instanceof DenseVector dense)) {
      throw new IllegalArgumentException("raw2probabilityInPlace takes the dense vector predictRaw returns, not "
          + rawPrediction.getClass().getSimpleName());
    }
    return dense;
  }

  /** {@code schema} plus a Vector column {@code col}; unchanged when {@code col} is empty. */
  static StructType appendVector(StructType schema, String col, String param) {
    return append(schema, col, param, SQLDataTypes.VectorType());
  }

  /** {@code schema} plus {@code col} of {@code type}; unchanged when {@code col} is empty. */
  static StructType append(StructType schema, String col, String param, DataType type) {
    if (col.isEmpty()) {
      return schema;
    }
    if (Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException("Output column '" + col + "' (" + param
          + ") already exists; the DataFrame has columns " + Arrays.toString(schema.fieldNames()));
    }
    return schema.add(new StructField(col, type, false,
        org.apache.spark.sql.types.Metadata.empty()));
  }

  private static StructField field(StructType schema, String col, String param) {
    if (col == null || col.isEmpty()) {
      throw new IllegalArgumentException("The " + param + " param is empty; set it to a column name");
    }
    for (StructField f : schema.fields()) {
      if (f.name().equals(col)) {
        return f;
      }
    }
    throw new IllegalArgumentException("Column '" + col + "' (" + param + ") not found; the"
        + " DataFrame has columns " + Arrays.toString(schema.fieldNames()));
  }
}
