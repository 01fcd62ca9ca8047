/**
 * Reports built from runs' results and event logs, never from ad-hoc prints: charts with XChart
 * (objective against wall-clock, rounds and bytes; a staleness histogram), a worker timeline (a Gantt
 * chart of receive, compute, injected delay, wait and send per worker, drawn with Java2D), each
 * written as PNG and SVG through {@link io.sparkdtrain.report.Figure}; the measured summary table
 * ({@link io.sparkdtrain.report.RunSummary}); and one self-contained HTML page with all of them
 * ({@link io.sparkdtrain.report.HtmlReport}). Nothing here imports Spark.
 */
package io.sparkdtrain.report;
