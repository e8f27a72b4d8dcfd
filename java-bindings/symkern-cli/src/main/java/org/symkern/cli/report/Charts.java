package org.symkern.cli.report;

import org.symkern.io.AtomicFiles;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of experiment results (XChart, headless AWT): line charts of curves (learning curves, accuracy against
 * training size) and heat maps of matrices (pairwise distances of learned embeddings). Files are replaced atomically.
 */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** One named curve: x and y of equal length (NaN y values are skipped). */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
        }

        /** y against 1, 2, ..., n (epochs). */
        public static Series ofEpochs(String name, double[] y) {
            double[] x = new double[y.length];
            for (int i = 0; i < y.length; i++) x[i] = i + 1;
            return new Series(name, x, y);
        }
    }

    /** A line chart of `series` written to `png` (width x height pixels); `logX` puts x on a log scale. */
    public static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series, boolean logX, int width, int height) {
        if (series.isEmpty()) throw new IllegalArgumentException("chart " + title + ": no series");
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setXAxisLogarithmic(logX);
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Series s : series) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.y()[i])) {
                    xs.add(s.x()[i]);
                    ys.add(s.y()[i]);
                }
            }
            if (xs.isEmpty()) continue;
            String name = s.name();
            int k = seen.merge(name, 1, Integer::sum);
            if (k > 1) name = name + " (" + k + ")";
            XYSeries xy = chart.addSeries(name, xs, ys);
            xy.setMarker(xs.size() <= 12 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        save(png, chart);
    }

    /** A line chart with the default size (720 x 480). */
    public static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series) {
        lines(png, title, xLabel, yLabel, series, false, 720, 480);
    }

    /** A heat map of the square or rectangular `matrix` (row i drawn at y = i) written to `png`. */
    public static void heatmap(Path png, String title, double[][] matrix, int size) {
        if (matrix.length == 0 || matrix[0].length == 0) throw new IllegalArgumentException("heat map " + title + ": empty matrix");
        int rows = matrix.length, cols = matrix[0].length;
        HeatMapChart chart = new HeatMapChartBuilder().width(size).height(size).title(title).build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setShowValue(false);
        int[] xs = new int[cols], ys = new int[rows];
        for (int j = 0; j < cols; j++) xs[j] = j;
        for (int i = 0; i < rows; i++) ys[i] = i;
        List<Number[]> cells = new ArrayList<>(rows * cols);
        for (int i = 0; i < rows; i++) {
            if (matrix[i].length != cols) throw new IllegalArgumentException("heat map " + title + ": row " + i + " has " + matrix[i].length + " values, row 0 has " + cols);
            for (int j = 0; j < cols; j++) cells.add(new Number[] {j, i, matrix[i][j]});
        }
        chart.addSeries(title, toList(xs), toList(ys), cells);
        save(png, chart);
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int v : a) l.add(v);
        return l;
    }

    private static void save(Path png, Chart<?, ?> chart) {
        BufferedImage img = BitmapEncoder.getBufferedImage(chart);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", bytes)) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + png + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(png, bytes.toByteArray());
    }
}
