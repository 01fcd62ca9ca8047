package io.sparkdtrain.e2e.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/** Where the notes are: {@code notebooks/} of the project, and the broken notes of the test resources. */
final class Notebooks {
  private Notebooks() {}

  /** The project root: the folder holding {@code notebooks/} and {@code spark-dtrain-core/}. */
  static Path root() {
    String configured = System.getProperty("dtrain.project.root");
    Path p = configured != null ? Paths.get(configured).toAbsolutePath() : Paths.get("").toAbsolutePath();
    while (p != null && !(Files.isDirectory(p.resolve("notebooks")) && Files.isDirectory(p.resolve("spark-dtrain-core")))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the project root (a folder with notebooks/ and spark-dtrain-core/)");
    }
    return p;
  }

  /** The project's notes, {@code notebooks/*.zpln}, by file name. */
  static List<Path> projectNotes() {
    return list(root().resolve("notebooks"));
  }

  /** The deliberately broken notes of the test resources. */
  static List<Path> brokenNotes() {
    try {
      return list(Paths.get(Notebooks.class.getResource("/notebooks-broken").toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A shared data file ({@code ../shared/data/<relative>} beside the project), or null if absent. */
  static Path sharedData(String relative) {
    String configured = System.getProperty("dtrain.shared.data");
    Path base = configured != null ? Paths.get(configured) : root().resolve("../shared/data");
    Path f = base.resolve(relative).normalize();
    if (!Files.exists(f)) {
      f = root().resolve("../shared/data").resolve(relative).normalize();
    }
    return Files.exists(f) ? f : null;
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".zpln")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
