package io.sparkdtrain.report;

import io.sparkdtrain.events.EventLog;
import io.sparkdtrain.events.WorkerEvent;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The worker timeline, a Gantt chart drawn with Java2D: one panel per run, one row per worker, and
 * for each worker step the time it spent receiving the model, computing (the injected straggler delay
 * shaded apart), waiting for others (at a barrier or a staleness bound) and sending its update. It
 * shows at a glance that synchronous workers wait for the straggler and asynchronous ones do not.
 * Each panel shows a window of a few steps (by default steps 2 to 6, skipping the warm-up step) on
 * its own time axis, in milliseconds since the run started.
 */
public final class WorkerTimeline {
  static final Color RECEIVE = new Color(189, 189, 189);
  static final Color COMPUTE = new Color(31, 119, 180);
  static final Color INJECTED = new Color(255, 127, 14);
  static final Color WAIT = new Color(214, 39, 40);
  static final Color SEND = new Color(99, 99, 99);
  private static final int WIDTH = 1000;
  private static final int LEFT = 90;
  private static final int RIGHT = 20;
  private static final int ROW = 22;
  private static final int PANEL_TOP = 34;
  private static final int AXIS = 40;
  /** The legend: its entries in a grid of this many columns, each a third of the plot's width. */
  private static final int LEGEND_COLUMNS = 3;
  private static final int LEGEND_ROW = 18;
  private static final int LEGEND = 12 + 2 * LEGEND_ROW + 8;

  private WorkerTimeline() {}

  /** The timeline of {@code runs}, showing up to {@code steps} steps of each. */
  public static Figure of(List<ReportRun> runs, int steps) {
    List<Panel> panels = new ArrayList<>();
    int height = LEGEND;
    for (ReportRun run : runs) {
      Panel p = Panel.of(run.label(), run.events(), steps);
      panels.add(p);
      height += p.height();
    }
    int total = height;
    return new Figure("timeline", "Worker timeline", WIDTH, total, g -> paint(g, panels, total));
  }

  private static void paint(Graphics2D g, List<Panel> panels, int height) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int y = 0;
    for (Panel p : panels) {
      p.paint(g, y);
      y += p.height();
    }
    legend(g, height - LEGEND + 12);
  }

  /**
   * The legend as a grid of fixed columns rather than entries placed one after another by their
   * measured widths: a browser draws the SVG's text in a font of its own when it lacks the one Java2D
   * measured with, which may be wider. Each column leaves the longest entry a third more room than
   * Java2D measures ({@link #legendWidths}).
   */
  private static void legend(Graphics2D g, int y) {
    Object[][] items = {{"receive model", RECEIVE}, {"compute", COMPUTE}, {"injected straggler delay", INJECTED},
        {"wait (barrier / staleness bound)", WAIT}, {"send update + aggregate", SEND}};
    int column = (WIDTH - LEFT - RIGHT) / LEGEND_COLUMNS;
    for (int i = 0; i < items.length; i++) {
      int x = LEFT + (i % LEGEND_COLUMNS) * column;
      int top = y + (i / LEGEND_COLUMNS) * LEGEND_ROW;
      g.setColor((Color) items[i][1]);
      g.fillRect(x, top, 14, 12);
      g.setColor(Color.BLACK);
      g.drawString((String) items[i][0], x + 18, top + 11);
    }
  }

  /** The widest legend entry (swatch and text as Java2D measures it) and one legend column, in pixels. */
  static int[] legendWidths(Graphics2D g) {
    FontMetrics fm = g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int widest = 18 + fm.stringWidth("wait (barrier / staleness bound)");
    return new int[] {widest, (WIDTH - LEFT - RIGHT) / LEGEND_COLUMNS};
  }

  /** One run's panel: its window of steps and the time range it spans. */
  private record Panel(String label, List<WorkerEvent> events, int workers, long firstStep, long lastStep,
                       double from, double to, double waitShare) {

    static Panel of(String label, EventLog log, int steps) {
      TreeSet<Long> all = new TreeSet<>();
      int workers = 0;
      for (WorkerEvent e : log.events()) {
        all.add(e.step());
        workers = Math.max(workers, e.worker() + 1);
      }
      if (all.isEmpty()) {
        return new Panel(label, List.of(), 0, 0, 0, 0, 1, 0);
      }
      List<Long> sorted = new ArrayList<>(all);
      int skip = sorted.size() > steps ? 1 : 0;
      long first = sorted.get(skip);
      long last = sorted.get(Math.min(sorted.size() - 1, skip + steps - 1));
      List<WorkerEvent> shown = new ArrayList<>();
      double from = Double.POSITIVE_INFINITY;
      double to = Double.NEGATIVE_INFINITY;
      double wait = 0;
      double busy = 0;
      for (WorkerEvent e : log.events()) {
        if (e.step() >= first && e.step() <= last) {
          shown.add(e);
          from = Math.min(from, e.startMs() - e.receiveMs());
          to = Math.max(to, e.endMs() + e.waitMs() + e.sendMs());
        }
        wait += e.waitMs();
        busy += e.receiveMs() + e.computeMs() + e.waitMs() + e.sendMs();
      }
      return new Panel(label, shown, workers, first, last, from, Math.max(to, from + 1e-3),
          busy > 0 ? wait / busy : 0);
    }

    int height() {
      return events.isEmpty() ? PANEL_TOP : PANEL_TOP + workers * ROW + AXIS;
    }

    void paint(Graphics2D g, int top) {
      g.setColor(Color.BLACK);
      Font plain = g.getFont();
      g.setFont(plain.deriveFont(Font.BOLD, 13f));
      String title = events.isEmpty() ? label + ": no worker events recorded (the strategy does not log them yet)"
          : String.format(Locale.ROOT, "%s: steps %d-%d (all steps: workers waited %.0f%% of their time)",
              label, firstStep, lastStep, 100 * waitShare);
      g.drawString(title, LEFT, top + 20);
      g.setFont(plain);
      if (events.isEmpty()) {
        return;
      }
      double scale = (WIDTH - LEFT - RIGHT) / (to - from);
      int rowsTop = top + PANEL_TOP;
      for (int w = 0; w < workers; w++) {
        g.setColor(Color.BLACK);
        g.drawString("worker " + w, 10, rowsTop + w * ROW + 15);
      }
      for (WorkerEvent e : events) {
        int y = rowsTop + e.worker() * ROW + 3;
        int h = ROW - 6;
        double start = e.startMs();
        double ownEnd = e.endMs() - e.injectedDelayMs();
        bar(g, RECEIVE, start - e.receiveMs(), start, y, h, scale);
        bar(g, COMPUTE, start, ownEnd, y, h, scale);
        bar(g, INJECTED, ownEnd, e.endMs(), y, h, scale);
        bar(g, WAIT, e.endMs(), e.endMs() + e.waitMs(), y, h, scale);
        bar(g, SEND, e.endMs() + e.waitMs(), e.endMs() + e.waitMs() + e.sendMs(), y, h, scale);
      }
      axis(g, rowsTop + workers * ROW + 2, scale);
    }

    private void bar(Graphics2D g, Color c, double t0, double t1, int y, int h, double scale) {
      if (t1 <= t0) {
        return;
      }
      double x0 = LEFT + (t0 - from) * scale;
      double w = Math.max(1, (t1 - t0) * scale);
      g.setColor(c);
      g.fillRect((int) Math.round(x0), y, (int) Math.round(w), h);
    }

    private void axis(Graphics2D g, int y, double scale) {
      g.setColor(Color.DARK_GRAY);
      g.setStroke(new BasicStroke(1f));
      g.drawLine(LEFT, y, WIDTH - RIGHT, y);
      double tick = niceTick((to - from) / 8);
      FontMetrics fm = g.getFontMetrics();
      for (double t = Math.ceil(from / tick) * tick; t <= to; t += tick) {
        int x = (int) Math.round(LEFT + (t - from) * scale);
        g.drawLine(x, y, x, y + 4);
        String s = String.format(Locale.ROOT, tick >= 1 ? "%.0f" : "%.2f", t);
        g.drawString(s, x - fm.stringWidth(s) / 2, y + 16);
      }
      // centred under the plot: in a browser's font wider than the one Java2D measured it still fits
      String label = "ms since the run started";
      g.drawString(label, LEFT + (WIDTH - LEFT - RIGHT - fm.stringWidth(label)) / 2, y + 34);
    }

    private static double niceTick(double raw) {
      double p = Math.pow(10, Math.floor(Math.log10(raw)));
      for (double m : new double[] {1, 2, 5, 10}) {
        if (m * p >= raw) {
          return m * p;
        }
      }
      return 10 * p;
    }
  }
}
