package io.sparkdtrain.examples;

import java.io.File;
import java.io.IOException;
import picocli.CommandLine.Option;

/** The {@code --report-json} option of {@code train}, {@code train-mf} and {@code word2vec}. */
final class ReportJsonOption {
  @Option(names = "--report-json", paramLabel = "FILE", description = "Write the JSON report here.")
  File file;

  /** Whether {@code --report-json} was given. */
  boolean given() {
    return file != null;
  }

  /** Writes {@code report} to the file of {@code --report-json}, if given ({@link ReportFiles#writeJson}). */
  void write(Object report) throws IOException {
    if (file != null) {
      ReportFiles.writeJson(file, report, "--report-json");
    }
  }
}
