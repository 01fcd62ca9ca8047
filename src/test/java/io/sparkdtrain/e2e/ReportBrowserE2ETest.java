package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report renders in a real browser: {@code dtrain compare} writes a report, headless
 * Chromium loads it, and the page's own check (every image decoded, the inline SVG laid out, the
 * summary table has rows, no two texts of the inline SVG timeline overlap and none lies outside it,
 * measured by the browser in its own fonts) shows in the dumped DOM; a screenshot is taken as well
 * (kept as {@code src/test/target/report-browser/shot.png}). Needs Chromium
 * (Debian: {@code apt-get install -y chromium chromium-driver}; CI's {@code .ci/run} installs it):
 * without it the test fails, it is never skipped.
 */
class ReportBrowserE2ETest {

  @Test
  void reportRendersInHeadlessChromium(@TempDir Path dir) throws Exception {
    String chromium = chromium();
    Path out = dir.resolve("report");
    Dtrain.Run run = Dtrain.run(240, "compare", "--strategies", "sync", "--master", "local[2]", "--partitions", "4",
        "--gen-rows", "4000", "--gen-test-rows", "1000", "--straggler", "1:3", "--max-rounds", "8", "--quiet",
        "--report-dir", out.toString());
    assertEquals(0, run.exitCode(), run.output());
    Path page = out.resolve("report.html");

    String dom = browser(chromium, dir, "--virtual-time-budget=10000", "--dump-dom", page.toUri().toString());
    assertEquals("ok", attribute(dom, "data-render-check"), "the page's render check; DOM body: " + body(dom));
    int images = Integer.parseInt(attribute(dom, "data-images-total"));
    assertTrue(images >= 4, "4 charts as PNG: " + images);
    assertEquals(images, Integer.parseInt(attribute(dom, "data-images-decoded")), "every image decoded");
    assertEquals("1", attribute(dom, "data-svgs-rendered"), "the inline SVG timeline has a size");
    assertEquals("1", attribute(dom, "data-table-rows"), "one summary row (sync)");
    // the timeline's texts as Chromium lays them out (its font, not Java2D's): none overlaps another
    // (the legend entries did), none sticks out of the SVG (the axis label did)
    assertEquals("", attribute(dom, "data-svg-text-overlaps"), "overlapping texts in the inline SVG");
    assertEquals("", attribute(dom, "data-svg-text-outside"), "texts outside the inline SVG");

    // kept in target/ to be looked at: src/test/target/report-browser/shot.png
    Path shot = Files.createDirectories(Dtrain.root().resolve("src/test/target/report-browser")).resolve("shot.png");
    Files.deleteIfExists(shot);
    browser(chromium, dir, "--window-size=1200,2400", "--screenshot=" + shot, page.toUri().toString());
    BufferedImage image = ImageIO.read(shot.toFile());
    assertNotNull(image, "the screenshot is a PNG");
    assertTrue(Files.size(shot) > 50_000, "a page with charts, not a blank one: " + Files.size(shot) + " bytes");
  }

  /** The Chromium binary: $CHROMIUM, or chromium / chromium-browser / google-chrome on the PATH. */
  static String chromium() {
    List<String> candidates = new ArrayList<>();
    if (System.getenv("CHROMIUM") != null) {
      candidates.add(System.getenv("CHROMIUM"));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
        candidates.add(dir + File.separator + name);
      }
    }
    for (String c : candidates) {
      if (new File(c).canExecute()) {
        return c;
      }
    }
    fail("Chromium is not installed, and the HTML report must be checked in a real browser. Install it with: "
        + "apt-get update && apt-get install -y chromium chromium-driver (CI's .ci/run does this), or set $CHROMIUM.");
    return null;
  }

  private static String browser(String chromium, Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
    cmd.addAll(List.of(args));
    Path stdout = dir.resolve("chromium.out");
    Path stderr = dir.resolve("chromium.err");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in 120 s: " + Files.readString(stderr));
    }
    assertEquals(0, p.exitValue(), "chromium " + String.join(" ", args) + ": " + Files.readString(stderr));
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static String attribute(String dom, String name) {
    Matcher m = Pattern.compile("<body[^>]*\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(dom);
    assertTrue(m.find(), "attribute " + name + " on <body>: " + body(dom));
    return m.group(1);
  }

  private static String body(String dom) {
    int i = dom.indexOf("<body");
    return i < 0 ? dom.substring(0, Math.min(500, dom.length())) : dom.substring(i, Math.min(dom.length(), i + 300));
  }
}
