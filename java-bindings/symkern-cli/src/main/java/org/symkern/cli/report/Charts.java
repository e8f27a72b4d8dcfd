package org.symkern.cli.report;

import org.symkern.io.AtomicFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of experiment results (headless AWT): line charts of curves (learning curves, accuracy against training
 * size), with an optional mean +- std band per curve, drawn with XChart; and heat maps of matrices (pairwise distances
 * of learned embeddings) drawn directly with Java2D. Tick labels carry at most 3 significant digits; a log x axis is
 * drawn as a linear axis over log10(x) whose labels show x itself, so it always has labels. Files are replaced
 * atomically.
 */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Line colours (a band takes its curve's colour, translucent). */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private Charts() {}

    /**
     * One named curve: x and y of equal length (NaN y values are skipped), and optionally the half-width of a band
     * drawn around it (e.g. the standard deviation over seeds; null for none).
     */
    public record Series(String name, double[] x, double[] y, double[] band) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
            if (band != null && band.length != y.length)
                throw new IllegalArgumentException("series " + name + ": " + band.length + " band values but " + y.length + " y values");
        }

        public Series(String name, double[] x, double[] y) {
            this(name, x, y, null);
        }

        /** y against 1, 2, ..., n (epochs). */
        public static Series ofEpochs(String name, double[] y) {
            double[] x = new double[y.length];
            for (int i = 0; i < y.length; i++) x[i] = i + 1;
            return new Series(name, x, y);
        }
    }

    /** "1 seed", "3 seeds". */
    public static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** `v` with at most 3 significant digits, no exponent, no trailing zeros: 0.542933 -> "0.543", 2500 -> "2,500". */
    public static String tick(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        if (Math.abs(v) < 1e-12) return "0";
        if (Math.abs(v) >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A line chart of `series` written to `png` (width x height pixels); `logX` puts x on a log scale. */
    public static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series, boolean logX, int width, int height) {
        if (series.isEmpty()) throw new IllegalArgumentException("chart " + title + ": no series");
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel + (logX ? " (log scale)" : ""))
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.setCustomYAxisTickLabelsFormatter(Charts::tick);
        chart.setCustomXAxisTickLabelsFormatter(logX ? v -> tick(Math.pow(10, v)) : Charts::tick);
        Map<String, Integer> seen = new LinkedHashMap<>();
        int colour = 0;
        for (Series s : series) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), bs = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.y()[i]) && (!logX || s.x()[i] > 0)) {
                    xs.add(logX ? Math.log10(s.x()[i]) : s.x()[i]);
                    ys.add(s.y()[i]);
                    bs.add(s.band() == null || !Double.isFinite(s.band()[i]) ? 0 : s.band()[i]);
                }
            }
            if (xs.isEmpty()) continue;
            String name = s.name();
            int k = seen.merge(name, 1, Integer::sum);
            if (k > 1) name = name + " (" + k + ")";
            Color c = PALETTE[colour++ % PALETTE.length];
            if (s.band() != null && bs.stream().anyMatch(b -> b > 0)) {
                List<Double> px = new ArrayList<>(xs), py = new ArrayList<>();
                for (int i = 0; i < ys.size(); i++) py.add(ys.get(i) + bs.get(i));
                for (int i = xs.size() - 1; i >= 0; i--) {
                    px.add(xs.get(i));
                    py.add(ys.get(i) - bs.get(i));
                }
                XYSeries band = chart.addSeries(name + " ± std", px, py);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
                band.setLineColor(new Color(0, 0, 0, 0));
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(false);
            }
            XYSeries xy = chart.addSeries(name, xs, ys);
            xy.setLineColor(c);
            xy.setMarkerColor(c);
            xy.setMarker(xs.size() <= 12 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        save(png, chart);
    }

    /**
     * A grouped bar chart written to {@code png}: one group of bars per category, one bar per series in each group, each
     * bar with an error bar of half-width {@code errors[series][category]} (e.g. the std over seeds; null: none).
     *
     * @param values values[series][category]
     */
    public static void bars(Path png, String title, String xLabel, String yLabel, List<String> categories, List<String> seriesNames,
                            double[][] values, double[][] errors, int width, int height) {
        if (seriesNames.isEmpty() || categories.isEmpty()) throw new IllegalArgumentException("bar chart " + title + ": no series or no categories");
        if (values.length != seriesNames.size() || (errors != null && errors.length != seriesNames.size()))
            throw new IllegalArgumentException("bar chart " + title + ": " + values.length + " value rows for " + seriesNames.size() + " series");
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setErrorBarsColorSeriesColor(false);
        chart.setCustomYAxisTickLabelsFormatter(Charts::tick);
        for (int s = 0; s < seriesNames.size(); s++) {
            if (values[s].length != categories.size())
                throw new IllegalArgumentException("bar chart " + title + ": series " + seriesNames.get(s) + " has " + values[s].length + " values for "
                        + categories.size() + " categories");
            List<Double> ys = new ArrayList<>(), es = new ArrayList<>();
            for (int c = 0; c < categories.size(); c++) {
                ys.add(Double.isFinite(values[s][c]) ? values[s][c] : 0);
                es.add(errors == null || !Double.isFinite(errors[s][c]) ? 0 : errors[s][c]);
            }
            CategorySeries cs = errors == null ? chart.addSeries(seriesNames.get(s), categories, ys) : chart.addSeries(seriesNames.get(s), categories, ys, es);
            cs.setFillColor(PALETTE[s % PALETTE.length]);
        }
        save(png, chart);
    }

    /** A line chart with the default size (720 x 480). */
    public static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series) {
        lines(png, title, xLabel, yLabel, series, false, 720, 480);
    }

    /**
     * A heat map of `matrix` (rows x columns; row i drawn at height i from the bottom, column j at j from the left)
     * written to `png` as a `size` x `size` image: title, axis titles, at most about 10 labelled ticks per axis, and a
     * colour bar with 5 labelled values from the minimum to the maximum.
     */
    public static void heatmap(Path png, String title, String xLabel, String yLabel, double[][] matrix, int size) {
        if (matrix.length == 0 || matrix[0].length == 0) throw new IllegalArgumentException("heat map " + title + ": empty matrix");
        int rows = matrix.length, cols = matrix[0].length;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < rows; i++) {
            if (matrix[i].length != cols)
                throw new IllegalArgumentException("heat map " + title + ": row " + i + " has " + matrix[i].length + " values, row 0 has " + cols);
            for (double v : matrix[i]) if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) lo = hi = 0;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        int left = 70, right = 120, top = 44, bottom = 64;
        int side = Math.min(size - left - right, size - top - bottom);
        double cw = (double) side / cols, ch = (double) side / rows;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                g.setColor(colour(hi > lo ? (matrix[i][j] - lo) / (hi - lo) : 0));
                int x0 = left + (int) Math.floor(j * cw), x1 = left + (int) Math.floor((j + 1) * cw);
                int y1 = top + side - (int) Math.floor(i * ch), y0 = top + side - (int) Math.floor((i + 1) * ch);
                g.fillRect(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
            }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, side, side);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        centred(g, title, size / 2, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int xStep = step(cols), yStep = step(rows);
        for (int j = 0; j < cols; j += xStep) {
            int x = left + (int) Math.round((j + 0.5) * cw);
            g.drawLine(x, top + side, x, top + side + 4);
            centred(g, Integer.toString(j), x, top + side + 6 + fm.getAscent());
        }
        for (int i = 0; i < rows; i += yStep) {
            int y = top + side - (int) Math.round((i + 0.5) * ch);
            g.drawLine(left - 4, y, left, y);
            String s = Integer.toString(i);
            g.drawString(s, left - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        centred(g, xLabel, left + side / 2, top + side + 44);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        centred(g, yLabel, -(top + side / 2), 22);
        g.setTransform(saved);
        int barX = left + side + 24, barW = 18;                      // colour bar, minimum at the bottom
        for (int y = 0; y < side; y++) {
            g.setColor(colour(1 - (double) y / (side - 1)));
            g.fillRect(barX, top + y, barW, 1);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(barX, top, barW, side);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k <= 4; k++) {
            int y = top + side - (int) Math.round(k / 4.0 * side);
            g.drawLine(barX + barW, y, barX + barW + 4, y);
            g.drawString(tick(lo + (hi - lo) * k / 4), barX + barW + 7, y + fm.getAscent() / 2 - 1);
        }
        g.dispose();
        savePng(png, img);
    }

    /** A 1, 2, 5 x 10^k step that labels about 10 of `n` positions. */
    static int step(int n) {
        int s = 1;
        while (n / s > 10) {
            if (n / (s * 2) <= 10) return s * 2;
            if (n / (s * 5) <= 10) return s * 5;
            s *= 10;
        }
        return s;
    }

    /** Light yellow (t = 0) through orange to dark red (t = 1). */
    static Color colour(double t) {
        t = Math.max(0, Math.min(1, t));
        int[][] stops = {{0xff, 0xff, 0xcc}, {0xfd, 0x8d, 0x3c}, {0x80, 0x00, 0x26}};
        double u = t * (stops.length - 1);
        int a = Math.min((int) u, stops.length - 2);
        double f = u - a;
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) c[k] = (int) Math.round(stops[a][k] + f * (stops[a + 1][k] - stops[a][k]));
        return new Color(c[0], c[1], c[2]);
    }

    private static void centred(Graphics2D g, String s, int x, int baseline) {
        g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, baseline);
    }

    private static void save(Path png, Chart<?, ?> chart) {
        savePng(png, BitmapEncoder.getBufferedImage(chart));
    }

    private static void savePng(Path png, BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", bytes)) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + png + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(png, bytes.toByteArray());
    }
}
