package io.sparkdtrain.examples.bench;

import io.sparkdtrain.report.Figure;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The benchmark's chart: relative objective gap {@code (F - F*) / F*} (log scale) against training
 * seconds, one series per method, from each method's first repeat (the checkpoints it was measured
 * at: every round for our strategies and the plain loop, every budget of a sweep for MLlib).
 */
public final class BenchChart {
  private BenchChart() {}

  /** The figure named {@code name}, for {@code runs} (the first repeat of each method is drawn). */
  public static Figure gapVsTime(String name, String title, List<BenchMethod> methods, List<MethodRun> runs,
                                 double fStar) {
    XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle("training seconds")
        .yAxisTitle("relative gap (F - F*) / F*").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    chart.getStyler().setChartTitleBoxVisible(false);
    for (BenchMethod m : methods) {
      MethodRun run = runs.stream().filter(r -> r.method().equals(m.id()) && r.repeat() == 1).findFirst().orElse(null);
      if (run == null) {
        continue;
      }
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (Checkpoint c : run.trace()) {
        double g = GapMath.relativeGap(c.objective(), fStar);
        if (Double.isFinite(g) && Double.isFinite(c.seconds())) {
          xs.add(c.seconds());
          ys.add(Math.max(g, 1e-6)); // the log axis needs positive values; below 1e-6 is drawn at 1e-6
        }
      }
      if (xs.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(m.id(), xs, ys);
      s.setMarker(xs.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      s.setLineStyle(new BasicStroke(2f));
    }
    return Figure.of(name, title, chart);
  }
}
