package io.sparkdtrain.e2e.notebook;

import org.apache.spark.sql.SparkSession;

/**
 * Hands the harness's SparkSession to the REPL: the harness's bootstrap line
 * {@code @transient val spark = io.sparkdtrain.e2e.notebook.NotebookSession.spark()} is what
 * Zeppelin's {@code bind("spark", ...)} does. Public because interpreted lines live in other packages.
 */
public final class NotebookSession {
  private static volatile SparkSession session;

  private NotebookSession() {}

  /** The session of the note being run. */
  public static SparkSession spark() {
    SparkSession s = session;
    if (s == null) {
      throw new IllegalStateException("no notebook session: the harness is not running a note");
    }
    return s;
  }

  static void set(SparkSession s) {
    session = s;
  }
}
