package faultline.results.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYDotRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The latency and throughput plots, drawn by JFreeChart as PNG and as SVG (JFreeSVG): latency as
 * raw points by outcome with quantiles over time, throughput by outcome; both with the nemesis's
 * intervals as bands, so a reader sees what each fault did to the clients. The SVG stays sharp
 * when zoomed or printed; the latency plot's SVG holds an element per op, so past
 * {@link #SVG_MAX_POINTS} ops the PNG is the smaller and faster of the two.
 */
public final class Plots {
  public static final int WIDTH = 1100;
  public static final int HEIGHT = 380;
  static final Color OK = new Color(0x2e7d32);
  static final Color FAIL = new Color(0xc62828);
  static final Color INFO = new Color(0xef6c00);
  private static final Color BAND = new Color(0xff, 0x98, 0x00, 0x30);
  /** Client ops up to which the report shows the latency plot as SVG (an element per op, about 150 bytes each), else as PNG. */
  public static final int SVG_MAX_POINTS = 5_000;
  /** Room for the value axis's label and ticks, the same in both plots so that their time axes line up. */
  private static final double VALUE_AXIS_WIDTH = 80;
  /** Enough buckets for a smooth line, few enough that each holds a meaningful quantile. */
  private static final int BUCKETS = 60;

  static {
    System.setProperty("java.awt.headless", "true"); // a report is rendered on servers and in CI
  }

  private Plots() {}

  /** Raw latency points by outcome (log scale) and p50/p95/p99 per time bucket, as PNG. */
  public static byte[] latency(Timeline timeline) throws IOException {
    return png(latencyChart(timeline));
  }

  /** The latency plot as an SVG document. */
  public static String latencySvg(Timeline timeline) {
    return svg(latencyChart(timeline), "latency-");
  }

  /** Completed client ops per second (per bucket), by outcome, as PNG. */
  public static byte[] throughput(Timeline timeline) throws IOException {
    return png(throughputChart(timeline));
  }

  /** The throughput plot as an SVG document. */
  public static String throughputSvg(Timeline timeline) {
    return svg(throughputChart(timeline), "throughput-");
  }

  /**
   * Where both plots draw their time axis, in pixels of their {@link #WIDTH}: from the run's start
   * to its end, the same in each (the value axes have one width), so the report can show the
   * timeline's page on them.
   */
  public static double[] timeAxisPixels(Timeline timeline) {
    ChartRenderingInfo info = new ChartRenderingInfo();
    throughputChart(timeline).draw(new SVGGraphics2D(WIDTH, HEIGHT), new Rectangle(0, 0, WIDTH, HEIGHT), info);
    java.awt.geom.Rectangle2D area = info.getPlotInfo().getDataArea();
    return new double[] {area.getMinX(), area.getMaxX()};
  }

  /** How many points the latency plot draws: the completed client ops. */
  public static int latencyPoints(Timeline timeline) {
    return clientOps(timeline).size();
  }

  private static JFreeChart latencyChart(Timeline timeline) {
    XYSeriesCollection points = new XYSeriesCollection();
    XYSeries ok = new XYSeries("ok", false, true);
    XYSeries fail = new XYSeries("fail", false, true);
    XYSeries info = new XYSeries("info", false, true);
    double unit = xUnit(timeline);
    List<TimedOp> client = clientOps(timeline);
    for (TimedOp op : client) {
      double x = op.end() / unit;
      double y = Math.max(op.latency() / latencyUnit(timeline), 0.001);
      XYSeries s = switch (op.outcome()) {
        case "ok" -> ok;
        case "fail" -> fail;
        default -> info;
      };
      s.add(x, y, false);
    }
    points.addSeries(ok);
    points.addSeries(fail);
    points.addSeries(info);

    LogAxis yAxis = new LogAxis(timeline.realTime() ? "latency (ms, log scale)" : "latency (events)");
    yAxis.setSmallestValue(0.001);
    // Ticks at whole powers of ten, labelled as plain numbers (0.1, 1, 10), not as exponents.
    yAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    yAxis.setNumberFormatOverride(new java.text.DecimalFormat("0.###"));
    XYPlot plot = new XYPlot(points, new NumberAxis(xLabel(timeline)), yAxis, dots());
    plot.setDataset(1, quantiles(timeline, client, unit));
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    Color[] colors = {new Color(0x1565c0), new Color(0x6a1b9a), Color.BLACK};
    for (int i = 0; i < colors.length; i++) {
      lines.setSeriesPaint(i, colors[i]);
      lines.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(1, lines);
    return chart("Latency: every op by outcome, and quantiles over time", plot, timeline, unit);
  }

  private static JFreeChart throughputChart(Timeline timeline) {
    double unit = xUnit(timeline);
    double width = bucketWidth(timeline);
    int n = (int) Math.ceil(Math.max(1, timeline.end()) / width);
    long[][] counts = new long[3][n + 1];
    for (TimedOp op : clientOps(timeline)) {
      int b = (int) Math.min(n - 1, op.end() / width); // an op ending at the very end is in the last step
      counts[op.outcome().equals("ok") ? 0 : op.outcome().equals("fail") ? 1 : 2][b]++;
    }
    XYSeriesCollection data = new XYSeriesCollection();
    String[] names = {"ok", "fail", "info"};
    // A step per bucket, over the part of the run it covers (the last is often partial, and a run
    // shorter than a bucket is one step), its rate over that part: the steps span the time axis.
    double end = Math.max(1, timeline.end());
    for (int s = 0; s < 3; s++) {
      XYSeries series = new XYSeries(names[s], false, true);
      for (int b = 0; b < n; b++) {
        double from = b * width;
        double to = Math.min(end, (b + 1) * width);
        if (to <= from) break;
        double rate = counts[s][b] * (timeline.realTime() ? 1e9 / (to - from) : width / (to - from));
        series.add(from / unit, rate, false);
        series.add(to / unit, rate, false);
      }
      data.addSeries(series);
    }
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    Color[] colors = {OK, FAIL, INFO};
    for (int i = 0; i < 3; i++) {
      lines.setSeriesPaint(i, colors[i]);
      lines.setSeriesStroke(i, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, new NumberAxis(xLabel(timeline)),
        new NumberAxis(timeline.realTime() ? "completed ops per second" : "completed ops per bucket"), lines);
    return chart("Throughput by outcome", plot, timeline, unit);
  }

  private static XYDotRenderer dots() {
    XYDotRenderer r = new XYDotRenderer();
    r.setDotWidth(2);
    r.setDotHeight(2);
    r.setSeriesPaint(0, new Color(OK.getRed(), OK.getGreen(), OK.getBlue(), 0x80));
    r.setSeriesPaint(1, FAIL);
    r.setSeriesPaint(2, INFO);
    return r;
  }

  private static XYSeriesCollection quantiles(Timeline timeline, List<TimedOp> client, double unit) {
    double width = bucketWidth(timeline);
    int n = (int) Math.ceil(Math.max(1, timeline.end()) / width);
    List<List<Long>> buckets = new ArrayList<>();
    for (int i = 0; i <= n; i++) buckets.add(new ArrayList<>());
    for (TimedOp op : client) buckets.get((int) Math.min(n, op.end() / width)).add(op.latency());
    double[] qs = {0.5, 0.95, 0.99};
    String[] names = {"p50", "p95", "p99"};
    XYSeriesCollection out = new XYSeriesCollection();
    for (int q = 0; q < qs.length; q++) {
      XYSeries series = new XYSeries(names[q], false, true);
      for (int b = 0; b <= n; b++) {
        List<Long> bucket = buckets.get(b);
        if (bucket.isEmpty()) continue;
        long[] sorted = bucket.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        long v = sorted[Math.min(sorted.length - 1, (int) Math.ceil(qs[q] * sorted.length) - 1)];
        series.add((b + 0.5) * width / unit, Math.max(v / latencyUnit(timeline), 0.001), false);
      }
      out.addSeries(series);
    }
    return out;
  }

  private static JFreeChart chart(String title, XYPlot plot, Timeline timeline, double unit) {
    for (NemesisInterval band : timeline.nemesisIntervals()) {
      IntervalMarker marker = new IntervalMarker(band.start() / unit, band.end() / unit, BAND);
      marker.setLabel(band.name());
      marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(marker, Layer.BACKGROUND);
    }
    // One time axis for both plots: the whole run, from 0 to the history's end, and the same room
    // for the value axis, so that a moment is at the same x in the latency and the throughput plot.
    NumberAxis time = (NumberAxis) plot.getDomainAxis();
    time.setRange(0, Math.max(1, timeline.end()) / unit);
    if (!timeline.realTime()) time.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // event positions are whole
    AxisSpace valueAxis = new AxisSpace();
    valueAxis.setLeft(VALUE_AXIS_WIDTH);
    plot.setFixedRangeAxisSpace(valueAxis);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static byte[] png(JFreeChart chart) throws IOException {
    return ChartUtils.encodeAsPNG(chart.createBufferedImage(WIDTH, HEIGHT));
  }

  /**
   * The chart as a standalone SVG document (with its namespace, for an img's data URI), its size
   * that of the PNG and a viewBox so it scales. JFreeSVG escapes text, such as a fault's name from
   * the history, for XML; {@code prefix} keeps two plots' clip-path ids apart.
   */
  private static String svg(JFreeChart chart, String prefix) {
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    g.setDefsKeyPrefix(prefix);
    chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    return g.getSVGElement(null, true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
  }

  private static List<TimedOp> clientOps(Timeline timeline) {
    return timeline.ops().stream().filter(op -> !op.isNemesis() && op.completed()).toList();
  }

  /** Nanoseconds per axis unit: seconds for timed histories, events otherwise. */
  private static double xUnit(Timeline timeline) {
    return timeline.realTime() ? 1e9 : 1;
  }

  /** Nanoseconds per latency unit: milliseconds for timed histories, events otherwise. */
  private static double latencyUnit(Timeline timeline) {
    return timeline.realTime() ? 1e6 : 1;
  }

  private static String xLabel(Timeline timeline) {
    return timeline.realTime() ? "time since the run began (s)" : "event";
  }

  private static double bucketWidth(Timeline timeline) {
    double span = Math.max(1, timeline.end());
    return timeline.realTime() ? Math.max(1e8, span / BUCKETS) : Math.max(1, span / BUCKETS);
  }
}
