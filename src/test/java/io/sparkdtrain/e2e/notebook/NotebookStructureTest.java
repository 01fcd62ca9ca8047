package io.sparkdtrain.e2e.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every note is a valid Zeppelin 0.12 note: the file is named {@code <name>_<noteId>.zpln}, the
 * top-level keys are there, every paragraph has an id (unique), text, config and settings, its
 * interpreter prefix is one Zeppelin's Spark group knows ({@code %md}, {@code %spark},
 * {@code %spark.sql}), the first paragraph is {@code %md} and says how to add the library jar
 * ({@code spark.jars}), and no note calls into the harness or uses {@code z} (the harness has no
 * ZeppelinContext), so what runs here runs in a real Zeppelin.
 */
@Tag("spark4")
class NotebookStructureTest {
  private static final Pattern ZEPPELIN_CONTEXT = Pattern.compile("(^|[^\\w.])z\\.\\w");
  private static final Pattern NOTE_ID = Pattern.compile("[A-Z0-9]{9}");

  static Stream<Path> allNotes() {
    return Stream.concat(Notebooks.projectNotes().stream(), Notebooks.brokenNotes().stream());
  }

  /** The notes the project ships, by file name: a missing, renamed or unlisted note fails. */
  static final List<String> PROJECT_NOTES = List.of(
      "1-quick-start_2KDTRN001.zpln",
      "2-strategies-side-by-side_2KDTRN002.zpln",
      "3-stragglers-and-staleness_2KDTRN003.zpln",
      "4-federated-learning_2KDTRN004.zpln",
      "5-hogwild-matrix-factorisation_2KDTRN005.zpln",
      "6-neural-network-strategies_2KDTRN006.zpln");

  @Test
  void theProjectHasItsNotes() {
    assertEquals(PROJECT_NOTES, Notebooks.projectNotes().stream().map(p -> p.getFileName().toString())
        .sorted().collect(Collectors.toList()), "notes in notebooks/");
    assertFalse(Notebooks.brokenNotes().isEmpty(), "broken notes in the test resources");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allNotes")
  void isAValidZeppelinNote(Path file) throws Exception {
    JsonNode root = new ObjectMapper().readTree(Files.readString(file));
    String where = file.getFileName().toString();
    for (String key : ZeppelinNote.NOTE_KEYS) {
      assertTrue(root.has(key), where + ": missing top-level key " + key);
    }
    assertEquals("spark", root.get("defaultInterpreterGroup").asText(), where);
    assertTrue(NOTE_ID.matcher(root.get("id").asText()).matches(), where + ": note id " + root.get("id"));
    assertEquals(root.get("name").asText() + "_" + root.get("id").asText() + ".zpln", where,
        "the file is named <name>_<noteId>.zpln");
    assertTrue(root.get("paragraphs").isArray() && root.get("paragraphs").size() > 0, where + ": paragraphs");
    assertTrue(root.get("noteParams").isObject() && root.get("noteForms").isObject()
        && root.get("angularObjects").isObject() && root.get("config").isObject() && root.get("info").isObject(), where);
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode p : root.get("paragraphs")) {
      for (String key : ZeppelinNote.PARAGRAPH_KEYS) {
        assertTrue(p.has(key), where + " paragraph " + index + ": missing key " + key);
      }
      String id = p.get("id").asText();
      assertTrue(ids.add(id), where + ": duplicate paragraph id " + id);
      assertTrue(p.get("config").isObject(), where + " " + id + ": config");
      assertTrue(p.get("settings").has("params") && p.get("settings").has("forms"), where + " " + id + ": settings");
      assertFalse(p.has("results"), where + " " + id + ": notes are stored without results");
      String text = p.get("text").asText();
      assertTrue(text.startsWith("%"), where + " " + id + ": the text starts with an interpreter prefix");
      String prefix = text.split("\\s", 2)[0].substring(1);
      assertTrue(ZeppelinNote.KNOWN_INTERPRETERS.contains(prefix), where + " " + id + ": unknown interpreter %" + prefix);
      assertFalse(text.contains("io.sparkdtrain.e2e") || text.contains("NotebookSession"),
          where + " " + id + ": calls into the test harness");
      assertFalse(ZEPPELIN_CONTEXT.matcher(text).find(), where + " " + id + ": uses z (ZeppelinContext)");
      if (index == 0) {
        assertEquals("md", prefix, where + ": the first paragraph is %md");
        assertTrue(text.contains("spark.jars"), where + ": the first paragraph says how to add the jar (spark.jars)");
      }
      index++;
    }
    ZeppelinNote note = ZeppelinNote.read(file);
    assertEquals(root.get("paragraphs").size(), note.paragraphs().size());
  }
}
