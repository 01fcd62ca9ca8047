package io.sparkdtrain.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page per run or comparison: the settings, the measured summary table and
 * every figure, embedded (charts as base64 PNG images, figures named in {@link #inlineSvg} as inline
 * SVG), so the file can be mailed or archived alone. A small script checks on load that every image
 * decoded and the table has rows, and writes the outcome into attributes of {@code <body>}
 * ({@code data-render-check="ok"}, {@code data-images-decoded}, {@code data-svgs-rendered},
 * {@code data-table-rows}, and the texts of inline SVGs that overlap one another or stick out of their
 * SVG as the browser lays them out: {@code data-svg-text-overlaps}, {@code data-svg-text-outside},
 * empty when none); a headless browser's DOM dump shows them.
 */
public final class HtmlReport {
  private final String title;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final List<RunSummary> rows = new ArrayList<>();
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> inlineSvg = new ArrayList<>();
  private double target = Double.NaN;

  public HtmlReport(String title) {
    this.title = title;
  }

  /** Adds a setting shown above the table (command, data, straggler scenario, ...). */
  public HtmlReport setting(String key, String value) {
    settings.put(key, value);
    return this;
  }

  /** The summary rows and the target accuracy their "to target" column used. */
  public HtmlReport summary(List<RunSummary> summaryRows, double targetAccuracy) {
    rows.addAll(summaryRows);
    target = targetAccuracy;
    return this;
  }

  /** Adds a figure, embedded as PNG. */
  public HtmlReport figure(Figure f) {
    figures.add(f);
    return this;
  }

  /** Adds a figure embedded as inline SVG (vector; scales with the page). */
  public HtmlReport inlineSvg(Figure f) {
    figures.add(f);
    inlineSvg.add(f.name());
    return this;
  }

  /** The page. */
  public String render() {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}\n")
        .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;"
            + "text-align:left}th{background:#f3f3f3}\n")
        .append("figure{margin:1.5em 0}figure img,figure svg{max-width:100%;height:auto;border:1px solid #eee}\n")
        .append("dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:bold}\n")
        .append("</style></head>\n<body data-render-check=\"pending\">\n<h1>").append(esc(title)).append("</h1>\n");
    if (!settings.isEmpty()) {
      h.append("<dl class=\"settings\">\n");
      settings.forEach((k, v) -> h.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>\n"));
      h.append("</dl>\n");
    }
    h.append("<h2>Summary</h2>\n<table class=\"summary\"><thead><tr>");
    for (String c : RunSummary.header(target)) {
      h.append("<th>").append(esc(c)).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (RunSummary r : rows) {
      h.append("<tr>");
      for (String c : r.cells()) {
        h.append("<td>").append(esc(c)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n<h2>Charts</h2>\n");
    for (Figure f : figures) {
      h.append("<figure id=\"").append(esc(f.name())).append("\">");
      if (inlineSvg.contains(f.name())) {
        String svg = f.svg();
        h.append(svg.substring(Math.max(0, svg.indexOf("<svg"))));
      } else {
        h.append("<img alt=\"").append(esc(f.title())).append("\" width=\"").append(f.width())
            .append("\" height=\"").append(f.height()).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(f.png())).append("\">");
      }
      h.append("<figcaption>").append(esc(f.title())).append("</figcaption></figure>\n");
    }
    h.append("<script>\n")
        .append("window.addEventListener('load', function () {\n")
        .append("  var imgs = Array.prototype.slice.call(document.images);\n")
        .append("  var decoded = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;\n")
        .append("  var svgs = Array.prototype.slice.call(document.querySelectorAll('figure svg')).filter(\n")
        .append("      function (s) { var r = s.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length;\n")
        .append("  var rows = document.querySelectorAll('table.summary tbody tr').length;\n")
        // a browser draws SVG text in its own font: no two texts of an inline SVG may overlap, and
        // each must lie inside its SVG (screen boxes, so the page's scaling of the SVG does not matter)
        .append("  var overlaps = [], outside = [];\n")
        .append("  document.querySelectorAll('figure svg').forEach(function (svg) {\n")
        .append("    var r = svg.getBoundingClientRect(), e = 0.5;\n")
        .append("    var texts = Array.prototype.map.call(svg.querySelectorAll('text'), function (t) {\n")
        .append("      return {s: t.textContent, b: t.getBoundingClientRect()}; });\n")
        .append("    texts.forEach(function (a, i) {\n")
        .append("      if (a.b.left < r.left - e || a.b.top < r.top - e || a.b.right > r.right + e || a.b.bottom > r.bottom + e) {\n")
        .append("        outside.push(a.s); }\n")
        .append("      texts.slice(i + 1).forEach(function (c) {\n")
        .append("        if (a.b.left < c.b.right - e && c.b.left < a.b.right - e && a.b.top < c.b.bottom - e && c.b.top < a.b.bottom - e) {\n")
        .append("          overlaps.push(a.s + ' | ' + c.s); } }); }); });\n")
        .append("  var b = document.body;\n")
        .append("  b.setAttribute('data-images-total', imgs.length);\n")
        .append("  b.setAttribute('data-images-decoded', decoded);\n")
        .append("  b.setAttribute('data-svgs-rendered', svgs);\n")
        .append("  b.setAttribute('data-table-rows', rows);\n")
        .append("  b.setAttribute('data-svg-text-overlaps', overlaps.join(' ; '));\n")
        .append("  b.setAttribute('data-svg-text-outside', outside.join(' ; '));\n")
        .append("  b.setAttribute('data-render-check', decoded === imgs.length && rows > 0 ? 'ok' : 'failed');\n")
        .append("});\n</script>\n</body></html>\n");
    return h.toString();
  }

  /** Writes the page to {@code file}. */
  public Path write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return Files.writeString(file, render(), StandardCharsets.UTF_8);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
