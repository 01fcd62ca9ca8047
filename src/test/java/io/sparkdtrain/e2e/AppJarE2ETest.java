package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The application jar {@code bin/dtrain} submits holds spark-dtrain and the libraries listed in its
 * {@code META-INF/THIRD-PARTY.txt}, nothing else: no class of a library the listing does not name
 * (Spark, netlib BLAS, or XChart's PDF and GIF export libraries, which nothing uses), and the licence
 * texts the listing points to. The charts those libraries draw are checked by ReportBrowserE2ETest
 * (PNG, SVG and HTML written by {@code dtrain compare} from this jar).
 */
class AppJarE2ETest {
  /** Package folder of the bundled classes -> the name THIRD-PARTY.txt gives its library (null: ours). */
  private static final Map<String, String> BUNDLED = Map.of(
      "io/sparkdtrain/", "spark-dtrain",
      "picocli/", "info.picocli:picocli",
      "org/knowm/xchart/", "org.knowm.xchart:xchart",
      "de/erichseifert/vectorgraphics2d/", "de.erichseifert.vectorgraphics2d:VectorGraphics2D");

  @Test
  void appJarBundlesOnlyListedLibrariesWithTheirLicences() throws Exception {
    String scala = System.getProperty("dtrain.scala.binary.version", "2.12");
    String version = System.getProperty("dtrain.version", "0.1.0-SNAPSHOT");
    Path jar = Dtrain.root().resolve("spark-dtrain-examples/target/spark-dtrain-examples_" + scala + "-" + version + "-app.jar");
    assertTrue(Files.isRegularFile(jar), "build the application jar first: " + jar);
    try (JarFile j = new JarFile(jar.toFile())) {
      TreeSet<String> unlisted = new TreeSet<>();
      for (java.util.jar.JarEntry e : (Iterable<java.util.jar.JarEntry>) j.stream()::iterator) {
        String name = e.getName();
        if (name.endsWith(".class") && !name.startsWith("META-INF/")
            && BUNDLED.keySet().stream().noneMatch(name::startsWith)) {
          unlisted.add(name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : name);
        }
      }
      assertEquals(new TreeSet<>(), unlisted, "classes of libraries THIRD-PARTY.txt does not list (add them to it,"
          + " with their licence, and to this test; or keep them out of the jar)");

      ZipEntry listing = j.getEntry("META-INF/THIRD-PARTY.txt");
      assertTrue(listing != null, "META-INF/THIRD-PARTY.txt is missing");
      String text = new String(j.getInputStream(listing).readAllBytes(), StandardCharsets.UTF_8);
      for (String library : BUNDLED.values()) {
        assertTrue(library.equals("spark-dtrain") || text.contains(library), "THIRD-PARTY.txt does not name " + library);
      }
      for (String licence : List.of("Apache-2.0.txt", "LGPL-3.0.txt", "GPL-3.0.txt")) {
        ZipEntry e = j.getEntry("META-INF/licenses/" + licence);
        assertTrue(e != null && e.getSize() > 1000, "licence text META-INF/licenses/" + licence);
        assertTrue(text.contains("META-INF/licenses/" + licence), "THIRD-PARTY.txt points to " + licence);
      }
    }
  }
}
