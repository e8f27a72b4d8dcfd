package org.symkern.cli.pointcloud;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.symkern.io.AtomicFiles;

/**
 * The point-cloud report's charts (XChart): curves with a band (the min and max over seeds drawn as dashed lines in
 * the curve's colour around the mean), and 2D projections of particle paths with predicted end points.
 */
final class PointcloudCharts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private PointcloudCharts() {}

    /** A curve: mean and band (low, high) at each x. */
    record Band(String name, double[] x, double[] mean, double[] low, double[] high) {}

    static void bands(Path png, String title, String xLabel, String yLabel, List<Band> curves, boolean logX, boolean logY) {
        XYChart c = new XYChartBuilder().width(760).height(560).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setXAxisLogarithmic(logX);
        c.getStyler().setYAxisLogarithmic(logY);
        c.getStyler().setLegendVisible(true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        for (int i = 0; i < curves.size(); i++) {
            Band b = curves.get(i);
            Color col = COLORS[i % COLORS.length];
            XYSeries m = c.addSeries(b.name(), b.x(), b.mean());
            m.setLineColor(col);
            m.setMarkerColor(col);
            m.setMarker(SeriesMarkers.CIRCLE);
            for (int k = 0; k < 2; k++) {
                XYSeries e = c.addSeries(b.name() + (k == 0 ? " min" : " max"), b.x(), k == 0 ? b.low() : b.high());
                e.setLineColor(col);
                e.setMarker(SeriesMarkers.NONE);
                e.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
                e.setShowInLegend(false);
            }
        }
        save(png, c);
    }

    /**
     * The x-y projection of one system: each particle's true path from the input (circle) to the target (square), and
     * each model's predicted target (a marker per model).
     */
    static void trajectory(Path png, String title, float[] path, int frames, int n, List<String> models, List<float[]> predictions) {
        XYChart c = new XYChartBuilder().width(700).height(640).title(title).xAxisTitle("x").yAxisTitle("y").build();
        c.getStyler().setLegendVisible(true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        c.getStyler().setMarkerSize(6);
        for (int i = 0; i < n; i++) {
            double[] xs = new double[frames], ys = new double[frames];
            for (int f = 0; f < frames; f++) {
                xs[f] = path[(f * n + i) * 3];
                ys[f] = path[(f * n + i) * 3 + 1];
            }
            XYSeries s = c.addSeries(i == 0 ? "true paths (input to target, every 100 steps)" : "particle " + (i + 1), xs, ys);
            s.setLineColor(COLORS[i % COLORS.length]);
            s.setMarkerColor(COLORS[i % COLORS.length]);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setShowInLegend(i == 0);
        }
        org.knowm.xchart.style.markers.Marker[] marks = {SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.CROSS, SeriesMarkers.SQUARE};
        for (int k = 0; k < models.size(); k++) {
            double[] xs = new double[n], ys = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = predictions.get(k)[3 * i];
                ys[i] = predictions.get(k)[3 * i + 1];
            }
            XYSeries s = c.addSeries(models.get(k) + " predicted target", xs, ys);
            s.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(marks[k % marks.length]);
            s.setMarkerColor(k == 0 ? Color.BLACK : Color.GRAY);
        }
        save(png, c);
    }

    static void save(Path png, XYChart chart) {
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
