package org.symkern.cli.explain;

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
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.symkern.io.AtomicFiles;

/** A white Java2D canvas with the drawing helpers of the explanation figures (text, colour bars, PNG output). */
final class Canvas {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    final BufferedImage image;
    final Graphics2D g;
    final int width, height;

    Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
    }

    void font(int size, boolean bold) {
        g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size));
    }

    /** Text centred horizontally at x with its baseline at y. */
    void centred(String s, double x, double y) {
        FontMetrics m = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(s, (float) (x - m.stringWidth(s) / 2.0), (float) y);
    }

    void left(String s, double x, double y) {
        g.setColor(Color.BLACK);
        g.drawString(s, (float) x, (float) y);
    }

    void right(String s, double x, double y) {
        FontMetrics m = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(s, (float) (x - m.stringWidth(s)), (float) y);
    }

    /** Text rotated by -90 degrees, centred vertically at y (a y-axis label). */
    void vertical(String s, double x, double y) {
        AffineTransform old = g.getTransform();
        g.rotate(-Math.PI / 2, x, y);
        centred(s, x, y);
        g.setTransform(old);
    }

    /** A values x row-major image drawn as cells of the map into the rectangle (x, y, w, h). */
    void raster(float[] values, int rows, int cols, ColorMap map, double[] range, int x, int y, int w, int h) {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) {
                int x0 = x + c * w / cols, x1 = x + (c + 1) * w / cols, y0 = y + r * h / rows, y1 = y + (r + 1) * h / rows;
                g.setColor(map.of(values[r * cols + c], range));
                g.fillRect(x0, y0, x1 - x0, y1 - y0);
            }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, w, h);
    }

    /** A grey-scale image (0 = black, 1 = white) into (x, y, w, h). */
    void grey(float[] values, int rows, int cols, int x, int y, int w, int h) {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) {
                int x0 = x + c * w / cols, x1 = x + (c + 1) * w / cols, y0 = y + r * h / rows, y1 = y + (r + 1) * h / rows;
                float v = Math.max(0, Math.min(1, values[r * cols + c]));
                g.setColor(new Color(v, v, v));
                g.fillRect(x0, y0, x1 - x0, y1 - y0);
            }
        g.setColor(Color.GRAY);
        g.drawRect(x, y, w, h);
    }

    /** A vertical colour bar at (x, y, w, h) for `range` with its label and three tick values. */
    void colourBar(ColorMap map, double[] range, String label, int x, int y, int w, int h) {
        for (int i = 0; i < h; i++) {
            g.setColor(map.at(1 - i / (double) (h - 1)));
            g.fillRect(x, y + i, w, 1);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x, y, w, h);
        font(11, false);
        double[] ticks = {range[1], (range[0] + range[1]) / 2, range[0]};
        for (int i = 0; i < 3; i++) left(fmt(ticks[i]), x + w + 4, y + 4 + i * (h - 4) / 2.0);
        vertical(label, x + w + 52, y + h / 2.0);
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-2 || a >= 1e4)) return String.format(Locale.ROOT, "%.1e", v);
        return String.format(Locale.ROOT, a < 1 ? "%.3f" : "%.2f", v);
    }

    void save(Path png) {
        g.dispose();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + png + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(png, b.toByteArray());
    }
}
