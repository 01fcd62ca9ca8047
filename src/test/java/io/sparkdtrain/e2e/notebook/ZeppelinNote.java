package io.sparkdtrain.e2e.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Zeppelin 0.12 note ({@code <name>_<noteId>.zpln}) as the harness reads it: its name, id and
 * paragraphs, each with its interpreter (the text's {@code %prefix} line, or the note's default
 * group) and its code (the text after the prefix).
 */
record ZeppelinNote(Path file, String name, String id, String defaultInterpreterGroup, List<Paragraph> paragraphs) {
  /** The top-level keys a Zeppelin 0.12 note has. */
  static final List<String> NOTE_KEYS = List.of("name", "id", "defaultInterpreterGroup", "version", "paragraphs",
      "noteParams", "noteForms", "angularObjects", "config", "info");
  /** The keys every paragraph of these notes has. */
  static final List<String> PARAGRAPH_KEYS = List.of("id", "text", "config", "settings");
  /** The interpreters these notes use, as written after {@code %}. */
  static final List<String> KNOWN_INTERPRETERS = List.of("md", "spark", "spark.sql");

  /** One paragraph: its id, interpreter ({@code md}, {@code spark}, {@code spark.sql}), code and whether it is enabled. */
  record Paragraph(String id, String interpreter, String code, boolean enabled, String text) {}

  static ZeppelinNote read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readString(file));
    String group = root.path("defaultInterpreterGroup").asText("spark");
    List<Paragraph> paragraphs = new ArrayList<>();
    for (JsonNode p : root.path("paragraphs")) {
      String text = p.path("text").asText("");
      String interpreter = group;
      String code = text;
      String trimmed = text.stripLeading();
      if (trimmed.startsWith("%")) {
        int end = 0;
        while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) {
          end++;
        }
        interpreter = trimmed.substring(1, end).toLowerCase(Locale.ROOT);
        code = trimmed.substring(end);
      }
      boolean enabled = p.path("config").path("enabled").asBoolean(true);
      paragraphs.add(new Paragraph(p.path("id").asText(), interpreter, code, enabled, text));
    }
    return new ZeppelinNote(file, root.path("name").asText(), root.path("id").asText(), group, List.copyOf(paragraphs));
  }

  /** The note's file name without the directory. */
  String fileName() {
    return file.getFileName().toString();
  }
}
