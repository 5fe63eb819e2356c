package dev.autodiff.examples;

import dev.autodiff.core.io.AtomicFiles;
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
      chart.getStyler().setMarkerSize(4);
      for (Map.Entry<String, double[][]> e : series.entrySet()) {
        XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
        if (scatter.contains(e.getKey())) {
          s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
          s.setMarker(SeriesMarkers.CIRCLE);
        } else {
          s.setMarker(e.getValue()[0].length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
      }
      return chart;
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
