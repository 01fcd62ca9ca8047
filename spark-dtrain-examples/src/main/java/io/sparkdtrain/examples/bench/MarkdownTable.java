package io.sparkdtrain.examples.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A GitHub-flavoured markdown table, padded so it also reads as plain text. Cells are strings;
 * {@code |} inside a cell is escaped and newlines become spaces.
 */
public final class MarkdownTable {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these column headers (at least one). */
  public MarkdownTable(String... headers) {
    if (headers.length == 0) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    this.headers = List.of(headers);
  }

  /**
   * Adds a row of exactly one cell per column ({@code null} prints as empty).
   *
   * @throws IllegalArgumentException when the number of cells differs from the number of columns
   */
  public MarkdownTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells but the table has "
          + headers.size() + " columns");
    }
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(escape(c == null ? "" : c.toString()));
    }
    rows.add(r);
    return this;
  }

  /** Number of rows (headers not counted). */
  public int size() {
    return rows.size();
  }

  /** The table, one line per row, each line ending with a newline. */
  public String render() {
    int[] width = new int[headers.size()];
    for (int j = 0; j < width.length; j++) {
      width[j] = Math.max(3, escape(headers.get(j)).length());
      for (List<String> r : rows) {
        width[j] = Math.max(width[j], r.get(j).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    List<String> h = new ArrayList<>();
    headers.forEach(x -> h.add(escape(x)));
    line(sb, h, width);
    List<String> rule = new ArrayList<>();
    for (int w : width) {
      rule.add("-".repeat(w));
    }
    line(sb, rule, width);
    for (List<String> r : rows) {
      line(sb, r, width);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    sb.append('|');
    for (int j = 0; j < cells.size(); j++) {
      String c = cells.get(j);
      sb.append(' ').append(c).append(" ".repeat(width[j] - c.length())).append(" |");
    }
    sb.append('\n');
  }

  static String escape(String s) {
    return s.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
  }

  @Override
  public String toString() {
    return render();
  }
}
