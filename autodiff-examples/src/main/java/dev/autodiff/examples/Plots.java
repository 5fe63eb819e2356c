package dev.autodiff.examples;

import dev.autodiff.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line plots written as PNG and SVG (with XChart), atomically. */
public final class Plots {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /**
   * Ten colours that stay apart (Tableau's: blue, orange, green, red, purple, brown, pink, grey, olive, cyan); XChart's
   * default palette has near-twins, which made several optimizers' lines look alike.
   */
  static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
      new Color(0x17becf)};
  private static final BasicStroke SOLID = new BasicStroke(2f);
  private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
      new float[] {6f, 4f}, 0f);

  /** The most points a line is drawn through: more look the same at this size and cost XChart's tick layout dearly. */
  static final int MAX_LINE_POINTS = 500;

  /** Every k-th point of a line and its last, at most {@link #MAX_LINE_POINTS}; a shorter line as it is. */
  static double[][] thinned(double[][] xy) {
    int n = xy[0].length;
    if (n <= MAX_LINE_POINTS) {
      return xy;
    }
    int step = (n + MAX_LINE_POINTS - 2) / (MAX_LINE_POINTS - 1);
    int m = (n - 1) / step + 1 + ((n - 1) % step == 0 ? 0 : 1);
    double[][] out = new double[2][m];
    for (int i = 0, j = 0; j < m; i += step, j++) {
      int at = Math.min(i, n - 1);
      out[0][j] = xy[0][at];
      out[1][j] = xy[1][at];
    }
    return out;
  }

  /** A line plot being described. */
  public static final class Line {
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, double[][]> series = new LinkedHashMap<>();
    private final java.util.Set<String> scatter = new java.util.HashSet<>();
    private boolean logX;
    private boolean logY;
    private int width = 800;
    private int height = 500;

    public Line(String title, String xLabel, String yLabel) {
      this.title = title;
      this.xLabel = xLabel;
      this.yLabel = yLabel;
    }

    /** Adds a series; {@code x} and {@code y} have the same length. */
    public Line series(String name, double[] x, double[] y) {
      if (x.length != y.length || x.length == 0) {
        throw new IllegalArgumentException("plot " + title + ": series " + name + " has " + x.length + " x values and "
            + y.length + " y values");
      }
      series.put(name, new double[][] {x.clone(), y.clone()});
      return this;
    }

    /** Adds a series drawn as points without lines. */
    public Line points(String name, double[] x, double[] y) {
      series(name, x, y);
      scatter.add(name);
      return this;
    }

    /** Adds a series against 1, 2, 3, ... */
    public Line series(String name, List<Double> y) {
      double[] xs = new double[y.size()];
      double[] ys = new double[y.size()];
      for (int i = 0; i < ys.length; i++) {
        xs[i] = i + 1;
        ys[i] = y.get(i);
      }
      return series(name, xs, ys);
    }

    public Line logX() {
      this.logX = true;
      return this;
    }

    public Line logY() {
      this.logY = true;
      return this;
    }

    public Line size(int w, int h) {
      this.width = w;
      this.height = h;
      return this;
    }

    XYChart chart() {
      XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
          .yAxisTitle(yLabel).build();
      chart.getStyler().setXAxisLogarithmic(logX);
      chart.getStyler().setYAxisLogarithmic(logY);
      // a log axis runs from the power of ten below its data to the one above, so it is labelled at two decades at
      // least (XChart labels decades only, and an axis inside one decade showed a single label)
      if (logX) {
        double[] r = decades(0);
        chart.getStyler().setXAxisMin(r[0]).setXAxisMax(r[1]);
      }
      if (logY) {
        double[] r = decades(1);
        chart.getStyler().setYAxisMin(r[0]).setYAxisMax(r[1]);
      }
      chart.getStyler().setSeriesColors(PALETTE);
      chart.getStyler().setMarkerSize(4);
      int k = 0;
      for (Map.Entry<String, double[][]> e : series.entrySet()) {
        double[][] xy = e.getValue();
        boolean points = scatter.contains(e.getKey());
        if (!points) {
          xy = thinned(xy);
        }
        XYSeries s = chart.addSeries(e.getKey(), xy[0], xy[1]);
        if (points) {
          s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
          s.setMarker(SeriesMarkers.CIRCLE);
        } else {
          s.setMarker(xy[0].length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
          // past the palette's colours, the same colours again, dashed
          s.setLineStyle(k / PALETTE.length % 2 == 0 ? SOLID : DASHED);
        }
        k++;
      }
      return chart;
    }

    /** The powers of ten around the positive values on axis {@code a} (0 for x, 1 for y). */
    private double[] decades(int a) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = 0;
      for (double[][] xy : series.values()) {
        for (double v : xy[a]) {
          if (v > 0 && Double.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
      if (hi == 0) {
        return new double[] {1, 10};
      }
      double from = Math.floor(Math.log10(lo));
      double to = Math.max(from + 1, Math.ceil(Math.log10(hi)));
      return new double[] {Math.pow(10, from), Math.pow(10, to)};
    }

    /** Writes {@code stem.png} and {@code stem.svg}; returns both paths. */
    public List<Path> write(Path stem) throws IOException {
      XYChart chart = chart();
      List<Path> written = new ArrayList<>();
      Path png = stem.resolveSibling(stem.getFileName() + ".png");
      AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
      written.add(png);
      Path svg = stem.resolveSibling(stem.getFileName() + ".svg");
      Path tmp = Files.createTempFile(svg.toAbsolutePath().getParent(), ".plot", "");
      try {
        VectorGraphicsEncoder.saveVectorGraphic(chart, tmp.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        Path produced = tmp.resolveSibling(tmp.getFileName() + ".svg");
        AtomicFiles.write(svg, Files.readAllBytes(produced));
        Files.deleteIfExists(produced);
      } finally {
        Files.deleteIfExists(tmp);
      }
      written.add(svg);
      return written;
    }
  }
}
