package io.sparkdtrain.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dtrain} command line: {@code dtrain <command> [options]}. Run through
 * {@code spark-dtrain-examples/bin/dtrain}, which spark-submits the application jar.
 */
@Command(name = "dtrain", mixinStandardHelpOptions = true, version = "spark-dtrain 0.1.0",
    description = "Synchronous and asynchronous distributed training on Apache Spark.",
    subcommands = {TrainCommand.class, BenchCommand.class, BenchDefaultsCommand.class, TrainMfCommand.class,
        CompareCommand.class, SoakCommand.class, Word2VecCommand.class})
public final class DtrainMain implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 bad usage). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new DtrainMain());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      Throwable shown = e;
      if (e instanceof org.apache.spark.SparkException && e.getCause() != null) {
        shown = e.getCause();
      }
      cmd.getErr().println("dtrain: " + shown.getMessage());
      if (Boolean.getBoolean("dtrain.verbose")) {
        e.printStackTrace(cmd.getErr());
      }
      return e instanceof IllegalArgumentException ? 2 : 1;
    });
    return cl.execute(args);
  }

  public static void main(String[] args) {
    int code = run(args);
    // Stop Spark before the JVM's shutdown hooks run: with executors in their own JVMs
    // (local-cluster, standalone) an unstopped application makes the workers relaunch executors
    // while the JVM is shutting down.
    org.apache.spark.sql.SparkSession.getActiveSession().foreach(s -> { s.stop(); return null; });
    org.apache.spark.sql.SparkSession.getDefaultSession().foreach(s -> { s.stop(); return null; });
    if (code != 0) {
      System.exit(code);
    }
  }
}
