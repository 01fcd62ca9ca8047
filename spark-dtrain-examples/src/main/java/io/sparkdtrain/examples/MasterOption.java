package io.sparkdtrain.examples;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * The {@code --master} option of {@code train}, {@code compare} and {@code bench}, and the session
 * it gives ({@link Sessions#session}); each command passes its own default to the constructor, which
 * the help text shows.
 */
final class MasterOption {
  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default ${DEFAULT-VALUE}); spark-submit's --master wins when given.")
  String master;

  /** The option with {@code defaultMaster} as its default, for example "local[*]". */
  MasterOption(String defaultMaster) {
    this.master = defaultMaster;
  }

  /** The command's session, named {@code appName} unless spark-submit named it. */
  SparkSession session(String appName) {
    return Sessions.session(master, appName);
  }
}
