package io.sparkdtrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Charts, timeline, summary and HTML page from hand-built runs: files exist and are valid. */
class ReportTest {
  private final List<ReportRun> runs = List.of(ReportFixtures.sync(), ReportFixtures.async());

  @Test
  void everyFigureIsAValidPngAndSvgOfNonTrivialSize(@TempDir Path dir) throws Exception {
    List<Figure> figures = List.of(Charts.objectiveVsTime(runs), Charts.objectiveVsRounds(runs),
        Charts.objectiveVsBytes(runs), Charts.stalenessHistogram(runs),
        Charts.stalenessHistogram(List.of(runs.get(0))), WorkerTimeline.of(runs, 5));
    for (Figure f : figures) {
      List<Path> files = f.write(dir.resolve(f.name() + "-" + figures.indexOf(f)));
      Path png = files.get(0);
      BufferedImage image = ImageIO.read(png.toFile());
      assertNotNull(image, png + " decodes");
      assertEquals(f.width(), image.getWidth());
      assertTrue(Files.size(png) > 8_000, png + " has " + Files.size(png) + " bytes");
      Path svg = files.get(1);
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      Document doc = factory.newDocumentBuilder().parse(svg.toFile());
      assertEquals("svg", doc.getDocumentElement().getNodeName(), svg.toString());
      // text VectorGraphics2D writes without a font size must not fall back to a browser's 16 px
      assertEquals("12px", doc.getDocumentElement().getAttribute("font-size"), svg + ": the root's default font size");
      assertTrue(Files.size(svg) > 4_000, svg + " has " + Files.size(svg) + " bytes");
    }
  }

  @Test
  void timelineDrawsTheSyncWorkersWaitingInRed() throws Exception {
    Figure f = WorkerTimeline.of(List.of(ReportFixtures.sync()), 5);
    BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(f.png()));
    int red = 0;
    int orange = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        red += rgb == (WorkerTimeline.WAIT.getRGB() & 0xFFFFFF) ? 1 : 0;
        orange += rgb == (WorkerTimeline.INJECTED.getRGB() & 0xFFFFFF) ? 1 : 0;
      }
    }
    // 3 workers wait 30 ms per round, the straggler sleeps 30 ms: about as much red as 3 x orange
    assertTrue(red > 2 * orange && orange > 500, "red " + red + ", orange " + orange);
    assertTrue(f.svg().contains("worker 2"), "the SVG labels the rows");
  }

  @Test
  void timelineLegendColumnsLeaveRoomForAWiderBrowserFont() {
    java.awt.Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    int[] widths = WorkerTimeline.legendWidths(g);
    g.dispose();
    assertTrue(widths[1] >= 1.33 * widths[0], "legend column " + widths[1] + " px for an entry Java2D measures "
        + widths[0] + " px wide");
  }

  @Test
  void summaryMeasuresStalenessWaitingAndTimeToTarget() {
    RunSummary sync = RunSummary.of(runs.get(0), 0.7);
    assertEquals("0 (barrier)", sync.staleness());
    assertEquals(0.045 * 6, sync.secondsToTarget(), 1e-9, "accuracy 0.5 + 0.034 x 6 >= 0.7 at round 6");
    // per round: 3 workers wait 30 ms; all: 4 x 45 ms busy
    assertEquals(90.0 / 180.0, sync.waitShare(), 1e-9);
    RunSummary async = RunSummary.of(runs.get(1), 0.7);
    assertEquals(5, async.maxStaleness());
    assertEquals(0.0, async.waitShare());
    assertEquals(0.841, RunSummary.defaultTarget(runs), 1e-9, "99% of the best final accuracy 0.85, rounded down");
    String table = RunSummary.markdown(List.of(sync, async), 0.7);
    assertTrue(table.startsWith("| run "), table);
    assertTrue(table.contains("| sync ") && table.contains("mean "), table);
    assertEquals(4, table.split("\n").length);
  }

  @Test
  void htmlReportEmbedsEveryChartAndTheTable(@TempDir Path dir) throws Exception {
    Path file = new HtmlReport("Comparison <test>").setting("straggler", "2:4")
        .summary(List.of(RunSummary.of(runs.get(0), 0.7), RunSummary.of(runs.get(1), 0.7)), 0.7)
        .figure(Charts.objectiveVsTime(runs)).inlineSvg(WorkerTimeline.of(runs, 5))
        .write(dir.resolve("report.html"));
    String html = Files.readString(file);
    assertTrue(html.contains("<title>Comparison &lt;test&gt;</title>"), "escaped");
    assertTrue(html.contains("src=\"data:image/png;base64,iVBOR"), "PNG embedded");
    assertTrue(html.contains("<svg"), "SVG inline");
    assertTrue(!html.contains("src=\"http") && !html.contains("href=\"http"), "self-contained");
    assertEquals(2, html.split("<tr><td>").length - 1, "two summary rows");
  }
}
