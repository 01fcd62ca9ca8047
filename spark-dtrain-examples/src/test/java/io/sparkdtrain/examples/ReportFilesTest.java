package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReportFiles}, the writer every command's report goes through: missing folders are created,
 * JSON reads back as the map written (order kept), and a folder that cannot be created is an error
 * naming the folder and the option. Reference: Jackson reading the file back.
 */
class ReportFilesTest {
  @TempDir
  Path dir;

  @Test
  void jsonIsWrittenIntoNewFoldersAndReadsBack() throws IOException {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("strategy", "local");
    report.put("rounds", 3);
    report.put("history", List.of(Map.of("round", 1)));
    File file = dir.resolve("a/b/report.json").toFile();
    ReportFiles.writeJson(file, report, "--report-json");
    assertEquals(new ObjectMapper().readValue(file, LinkedHashMap.class), report);
    assertTrue(Files.readString(file.toPath()).contains("\n"), "indented JSON");
  }

  @Test
  void textIsWrittenIntoNewFolders() throws IOException {
    File file = dir.resolve("c/model.txt").toFile();
    ReportFiles.writeText(file, "# strategy sync\n0.5\n", "--model-out");
    assertEquals("# strategy sync\n0.5\n", Files.readString(file.toPath()));
  }

  @Test
  void aFolderThatCannotBeCreatedNamesTheOption() throws IOException {
    Path blocker = Files.writeString(dir.resolve("plain-file"), "x");
    File file = blocker.resolve("report.json").toFile();
    IOException e = assertThrows(IOException.class, () -> ReportFiles.writeJson(file, Map.of(), "--output-json"));
    assertEquals("cannot create directory " + blocker.toAbsolutePath() + " for --output-json", e.getMessage());
  }
}
