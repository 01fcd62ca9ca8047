package io.sparkdtrain.report;

import io.sparkdtrain.metrics.RoundRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's XChart charts, every run of a comparison on one chart: the training objective
 * against training wall-clock (evaluation passes excluded), against rounds and against bytes
 * communicated, and a histogram of staleness. Built from the runs' round records and event logs.
 */
public final class Charts {
  static final int WIDTH = 800;
  static final int HEIGHT = 480;

  private Charts() {}

  /** Objective against training seconds. */
  public static Figure objectiveVsTime(List<ReportRun> runs) {
    return Figure.of("objective-vs-time", "Training objective against wall-clock",
        objective(runs, "Training objective vs wall-clock", "training wall-clock (s)", RoundRecord::seconds));
  }

  /** Objective against rounds. */
  public static Figure objectiveVsRounds(List<ReportRun> runs) {
    return Figure.of("objective-vs-rounds", "Training objective against rounds",
        objective(runs, "Training objective vs rounds", "round", r -> r.round()));
  }

  /** Objective against megabytes communicated. */
  public static Figure objectiveVsBytes(List<ReportRun> runs) {
    return Figure.of("objective-vs-bytes", "Training objective against bytes communicated",
        objective(runs, "Training objective vs communication", "bytes communicated (MB)",
            r -> r.bytesCommunicated() / 1e6));
  }

  private static XYChart objective(List<ReportRun> runs, String title, String xLabel,
                                   ToDoubleFunction<RoundRecord> x) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
        .yAxisTitle("training objective").build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    for (ReportRun run : runs) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (RoundRecord r : run.result().history()) {
        if (!Double.isNaN(r.objective())) {
          xs.add(x.applyAsDouble(r));
          ys.add(r.objective());
        }
      }
      if (xs.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(run.label(), xs, ys);
      s.setMarker(xs.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      s.setLineStyle(new BasicStroke(2f));
    }
    return chart;
  }

  /**
   * Histogram of staleness (model versions between a worker's read and its update's apply), one
   * series per run that has staleness; synchronous runs have none, and a chart of only
   * synchronous runs says so in its title.
   */
  public static Figure stalenessHistogram(List<ReportRun> runs) {
    List<ReportRun> withStaleness = new ArrayList<>();
    int max = 0;
    for (ReportRun run : runs) {
      int[] s = run.events().staleness();
      if (s.length > 0) {
        withStaleness.add(run);
        for (int v : s) {
          max = Math.max(max, v);
        }
      }
    }
    String title = withStaleness.isEmpty()
        ? "Staleness: none (every run is synchronous: workers always read the current model)"
        : "Staleness (model versions between a worker's read and its update)";
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("staleness").yAxisTitle("share of updates").build();
    style(chart.getStyler());
    chart.getStyler().setOverlapped(false);
    if (withStaleness.isEmpty()) {
      chart.addSeries("no staleness", List.of(0), List.of(0.0));
      return Figure.of("staleness", "Staleness histogram", chart);
    }
    List<Integer> categories = new ArrayList<>();
    for (int v = 0; v <= max; v++) {
      categories.add(v);
    }
    for (ReportRun run : withStaleness) {
      TreeMap<Integer, Integer> counts = new TreeMap<>();
      int[] s = run.events().staleness();
      for (int v : s) {
        counts.merge(v, 1, Integer::sum);
      }
      List<Double> shares = new ArrayList<>();
      for (int v : categories) {
        shares.add(counts.getOrDefault(v, 0) / (double) s.length);
      }
      chart.addSeries(run.label(), categories, shares);
    }
    return Figure.of("staleness", "Staleness histogram", chart);
  }

  private static void style(AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    styler.setLegendBorderColor(new Color(200, 200, 200));
    styler.setChartTitleBoxVisible(false);
    styler.setAntiAlias(true);
  }
}
