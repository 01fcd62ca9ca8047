package io.sparkdtrain.data;

/**
 * Bad input data: the message names the source (column or file, and line where known), the
 * offending value and what was expected. Raised on the driver even when the problem was found
 * inside a Spark task, so users see this message rather than a stack of job failures.
 */
public class DataValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DataValidationException(String message) {
    super(message);
  }

  public DataValidationException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The first {@code DataValidationException} in a cause chain (e.g. a Spark job failure), or
   * {@code null} when there is none.
   */
  public static DataValidationException findIn(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DataValidationException d) {
        return d;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
