package io.sparkdtrain.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The one way the commands write their output files (JSON reports, markdown, models as text): the
 * file's folder is created first, and a folder that cannot be created is an {@link IOException}
 * naming the folder and the option that asked for the file.
 */
public final class ReportFiles {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportFiles() {}

  /**
   * Writes {@code report} (maps, lists, numbers, strings) as indented JSON.
   *
   * @param option the option that named the file, for example "--report-json"
   */
  public static void writeJson(File file, Object report, String option) throws IOException {
    createParent(file, option);
    JSON.writeValue(file, report);
  }

  /**
   * Writes {@code text} in UTF-8.
   *
   * @param option the option that named the file, for example "--output-md"
   */
  public static void writeText(File file, CharSequence text, String option) throws IOException {
    createParent(file, option);
    Files.writeString(file.toPath(), text, StandardCharsets.UTF_8);
  }

  /** Creates the folder of {@code file} unless it exists. */
  static void createParent(File file, String option) throws IOException {
    File parent = file.getAbsoluteFile().getParentFile();
    if (parent != null && !parent.isDirectory() && !parent.mkdirs()) {
      throw new IOException("cannot create directory " + parent + " for " + option);
    }
  }
}
