package io.sparkdtrain.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.SparkSession;

/**
 * The in-process command line of the examples' tests: {@link DtrainMain#run} with {@code System.out}
 * and {@code System.err} captured (and printed afterwards, so the build log keeps them), and the
 * clean-up of the sessions the commands leave.
 */
final class CliRunner {
  private CliRunner() {}

  /**
   * Runs {@code dtrain ARGS TAIL} (the tail: the options every call of a test class shares).
   *
   * @return the exit code (as a string), what the command printed on stdout, and on stderr
   */
  static String[] run(String[] args, String... tail) {
    String[] all = new String[args.length + tail.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(tail, 0, all, args.length, tail.length);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBuffer = new ByteArrayOutputStream();
    ByteArrayOutputStream errBuffer = new ByteArrayOutputStream();
    int code;
    try (PrintStream capturedOut = new PrintStream(outBuffer, true, StandardCharsets.UTF_8);
         PrintStream capturedErr = new PrintStream(errBuffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capturedOut);
      System.setErr(capturedErr);
      code = DtrainMain.run(all);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String text = outBuffer.toString(StandardCharsets.UTF_8);
    String errors = errBuffer.toString(StandardCharsets.UTF_8);
    out.print(text);
    err.print(errors);
    return new String[] {String.valueOf(code), text, errors};
  }

  /** Stops the sessions the commands created (for a test class's {@code @AfterAll}). */
  static void stopSessions() {
    SparkSession.getActiveSession().foreach(s -> { s.stop(); return null; });
    SparkSession.getDefaultSession().foreach(s -> { s.stop(); return null; });
  }
}
