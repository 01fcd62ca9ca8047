package io.sparkdtrain.report;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A picture painted with Java2D, written as PNG (a {@link BufferedImage}) and as SVG (the same
 * painting recorded by VectorGraphics2D, the library XChart uses for its own vector export). Both
 * formats come from one paint routine, so they show the same thing.
 *
 * @param name file name without extension ({@code objective-vs-time})
 * @param title what it shows (the HTML report's caption)
 */
public record Figure(String name, String title, int width, int height, Consumer<Graphics2D> painter) {

  /** An XChart chart as a figure. */
  public static Figure of(String name, String title, Chart<?, ?> chart) {
    return new Figure(name, title, chart.getWidth(), chart.getHeight(),
        g -> chart.paint(g, chart.getWidth(), chart.getHeight()));
  }

  /** The figure as PNG bytes. */
  public byte[] png() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      painter.accept(g);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The figure as an SVG document. */
  public String svg() {
    VectorGraphics2D g = new VectorGraphics2D();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    painter.accept(g);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return withDefaultFont(out.toString(StandardCharsets.UTF_8));
  }

  /**
   * VectorGraphics2D writes no font size or family for text in its default font (Java's 12-point
   * Dialog, which is also what {@code SansSerif 12} resolves to), so a browser drew that text in the
   * page's size, 16 px in Chromium: a third wider than Java2D measured, and the worker timeline's
   * legend entries ran into each other. The root element states the default instead (presentation
   * attributes: every explicit font style of an element still wins).
   */
  static String withDefaultFont(String svg) {
    int root = svg.indexOf("<svg ");
    if (root < 0) {
      return svg;
    }
    return svg.substring(0, root) + "<svg font-family=\"sans-serif\" font-size=\"12px\" "
        + svg.substring(root + "<svg ".length());
  }

  /** Writes {@code name.png} and {@code name.svg} into {@code dir}; returns the two paths. */
  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path png = dir.resolve(name + ".png");
    Path svg = dir.resolve(name + ".svg");
    Files.write(png, png());
    Files.writeString(svg, svg(), StandardCharsets.UTF_8);
    return List.of(png, svg);
  }
}
