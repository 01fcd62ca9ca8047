package io.sparkdtrain.e2e.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes every paragraph of every note in {@code notebooks/} the way Zeppelin's {@code %spark} and
 * {@code %spark.sql} interpreters do ({@link NotebookRunner}), against the built library; a failing
 * paragraph fails the test with the note, the paragraph id and the interpreter's error. Then checks
 * the charts the note wrote: every PNG decodes to a non-empty image, every SVG is an SVG document,
 * and the charts a note is known to draw are there. The deliberately broken notes of the test
 * resources must be reported as failed, at the paragraph whose id starts with
 * {@code paragraph_fails}, naming the note and that paragraph. Passes under Spark 3.5.9 / Scala 2.12
 * and Spark 4.0.1 / Scala 2.13 ({@code -Pspark-4.0}).
 */
@Tag("spark4")
class NotebookExecutionTest {
  /** Charts each note draws, by note id. */
  private static final Map<String, List<String>> EXPECTED_CHARTS = Map.of(
      "2KDTRN002", List.of("objective-vs-time.png", "objective-vs-rounds.png", "objective-vs-bytes.png",
          "staleness.png", "timeline.png", "report.html"),
      "2KDTRN003", List.of("timeline.png", "staleness.png", "timeline.svg", "report.html"),
      "2KDTRN004", List.of("objective-vs-rounds.png"),
      "2KDTRN005", List.of("rmse-vs-epoch.png"),
      "2KDTRN006", List.of("accuracy-vs-time.png", "accuracy-vs-bytes.png"));

  private static String ratingsBefore;

  @BeforeAll
  static void pointNotesAtSharedData() {
    // The notes read the data paths from these properties (with defaults for a real Zeppelin).
    ratingsBefore = System.getProperty("dtrain.ratings");
    Path ratings = Notebooks.sharedData("spark-samples/sample_movielens_ratings.txt");
    if (ratings != null) {
      System.setProperty("dtrain.ratings", ratings.toString());
    }
    Path a9a = Notebooks.sharedData("a9a/a9a");
    if (a9a != null) {
      System.setProperty("dtrain.a9a", a9a.toString());
    }
  }

  @AfterAll
  static void restore() {
    if (ratingsBefore == null) {
      System.clearProperty("dtrain.ratings");
    }
    System.clearProperty("dtrain.a9a");
  }

  static Stream<Path> projectNotes() {
    return Notebooks.projectNotes().stream();
  }

  static Stream<Path> brokenNotes() {
    return Notebooks.brokenNotes().stream();
  }

  private static Path workDir(ZeppelinNote note) throws Exception {
    Path dir = Paths.get("target", "notebooks", note.id()).toAbsolutePath();
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      }
    }
    return Files.createDirectories(dir);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("projectNotes")
  void everyParagraphRuns(Path file) throws Exception {
    ZeppelinNote note = ZeppelinNote.read(file);
    NotebookRunner.NoteRun run;
    try {
      run = NotebookRunner.run(note, workDir(note));
    } catch (NotebookFailure failure) {
      throw new AssertionError(failure.getMessage(), failure);
    }
    long code = note.paragraphs().stream().filter(p -> p.enabled() && !p.interpreter().equals("md")).count();
    assertEquals(code, run.executed().size(), "every code paragraph ran");
    System.out.printf("[notebook] %s: %d paragraphs in %.1f s%n", note.name(), run.executed().size(), run.seconds());
    checkCharts(note, run.outDir());
  }

  private static void checkCharts(ZeppelinNote note, Path outDir) throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(outDir)) {
      s.filter(Files::isRegularFile).forEach(files::add);
    }
    for (String expected : EXPECTED_CHARTS.getOrDefault(note.id(), List.of())) {
      assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().equals(expected)),
          note.name() + " should have written " + expected + " under " + outDir + "; it wrote " + files);
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.endsWith(".png")) {
        BufferedImage image = ImageIO.read(f.toFile());
        assertNotNull(image, note.name() + ": " + f + " is not a readable PNG");
        assertTrue(image.getWidth() >= 100 && image.getHeight() >= 100, note.name() + ": " + f + " is too small");
        assertTrue(hasSeveralColours(image), note.name() + ": " + f + " is blank");
      } else if (name.endsWith(".svg")) {
        String svg = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg") && svg.strip().endsWith("</svg>"), note.name() + ": " + f + " is not an SVG");
      } else if (name.endsWith(".html")) {
        String html = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(html.contains("<table class=\"summary\">") && html.contains("data:image/png;base64,"),
            note.name() + ": " + f + " is not a report page with a table and charts");
      }
    }
  }

  private static boolean hasSeveralColours(BufferedImage image) {
    int first = image.getRGB(0, 0);
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        if (image.getRGB(x, y) != first) {
          return true;
        }
      }
    }
    return false;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenNotes")
  void aBrokenNoteIsReportedAsFailed(Path file) throws Exception {
    ZeppelinNote note = ZeppelinNote.read(file);
    String failing = note.paragraphs().stream().map(ZeppelinNote.Paragraph::id)
        .filter(id -> id.startsWith("paragraph_fails")).findFirst().orElseThrow();
    NotebookFailure failure = assertThrows(NotebookFailure.class, () -> NotebookRunner.run(note, workDir(note)));
    assertEquals(note.name(), failure.note());
    assertEquals(failing, failure.paragraphId());
    assertTrue(failure.getMessage().contains("note '" + note.name() + "'"), failure.getMessage());
    assertTrue(failure.getMessage().contains("paragraph " + failing), failure.getMessage());
    String expectedError = note.paragraphs().stream().filter(p -> p.id().equals(failing)).findFirst().orElseThrow()
        .text().lines().filter(l -> l.contains("expected error:")).findFirst().orElseThrow()
        .replaceFirst(".*expected error:\\s*", "").strip();
    assertTrue(failure.getMessage().contains(expectedError),
        "the failure carries the interpreter's error '" + expectedError + "':\n" + failure.getMessage());
    assertFalse(failure.getMessage().isBlank());
  }
}
