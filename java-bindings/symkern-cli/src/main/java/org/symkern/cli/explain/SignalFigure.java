package org.symkern.cli.explain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Path2D;
import java.nio.file.Path;
import java.util.List;

/**
 * ECG beats with their attributions: one panel per beat showing the signal (black), the attribution trace (red, on its
 * own scale, right axis), the attribution as a coloured strip under the trace (diverging map, per-beat max |a| = 1), and
 * the QRS window (|t - R peak| &lt;= 50 ms) shaded grey.
 */
public final class SignalFigure {
    /** One beat: title, samples, attribution, QRS mask. */
    public record Panel(String title, float[] signal, float[] attribution, boolean[] qrs) {}

    private SignalFigure() {}

    public static void write(Path png, String title, List<Panel> panels, double rateHz, int peak, int columns) {
        int pw = 360, ph = 200, gapX = 130, gapY = 70, left = 70, top = 56;
        int rows = (panels.size() + columns - 1) / columns;
        int width = left + columns * (pw + gapX) + 120, height = top + rows * (ph + gapY) + 30;
        Canvas c = new Canvas(width, height);
        c.font(15, true);
        c.centred(title, width / 2.0, 22);
        for (int k = 0; k < panels.size(); k++) {
            Panel p = panels.get(k);
            int x = left + (k % columns) * (pw + gapX), y = top + (k / columns) * (ph + gapY);
            int n = p.signal().length;
            double ms = 1000 / rateHz;
            // QRS shading
            c.g.setColor(new Color(215, 215, 215));
            int q0 = -1, q1 = -1;
            for (int t = 0; t < n; t++) if (p.qrs()[t]) { if (q0 < 0) q0 = t; q1 = t; }
            if (q0 >= 0) c.g.fillRect(x + q0 * pw / (n - 1), y, (q1 - q0) * pw / (n - 1), ph);
            // attribution strip
            float m = 0;
            for (float a : p.attribution()) m = Math.max(m, Math.abs(a));
            for (int t = 0; t < n; t++) {
                c.g.setColor(ColorMap.DIVERGING.at(0.5 + 0.5 * (m > 0 ? p.attribution()[t] / m : 0)));
                c.g.fillRect(x + t * pw / n, y + ph + 4, pw / n + 1, 10);
            }
            // signal
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (float v : p.signal()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            if (hi - lo < 1e-6f) { hi += 1; lo -= 1; }
            c.g.setStroke(new BasicStroke(1.6f));
            c.g.setColor(Color.BLACK);
            c.g.draw(trace(p.signal(), lo, hi, x, y, pw, ph));
            // attribution trace on its own symmetric scale
            float am = m > 0 ? m : 1;
            c.g.setColor(new Color(200, 30, 30));
            c.g.setStroke(new BasicStroke(1.2f));
            c.g.draw(trace(p.attribution(), -am, am, x, y, pw, ph));
            c.g.setColor(Color.GRAY);
            c.g.setStroke(new BasicStroke(1f));
            c.g.drawRect(x, y, pw, ph);
            c.font(12, true);
            c.centred(p.title(), x + pw / 2.0, y - 8);
            c.font(10, false);
            for (int i = 0; i <= 4; i++) {
                int t = i * (n - 1) / 4;
                c.centred(String.format(java.util.Locale.ROOT, "%.0f", (t - peak) * ms), x + t * pw / (n - 1.0), y + ph + 28);
            }
            c.centred("time from R peak (ms)", x + pw / 2.0, y + ph + 42);
            c.right(Canvas.fmt(hi), x - 4, y + 10);
            c.right(Canvas.fmt(lo), x - 4, y + ph);
            c.vertical("ECG (z-score)", x - 40, y + ph / 2.0);
            c.g.setColor(new Color(200, 30, 30));
            c.g.drawString(Canvas.fmt(am), x + pw + 4, y + 10);
            c.g.drawString(Canvas.fmt(-am), x + pw + 4, y + ph);
            c.vertical("attribution (red)", x + pw + 56, y + ph / 2.0);
        }
        c.font(11, false);
        c.left("grey band: QRS window (R peak +- 50 ms); colour strip: attribution, blue < 0 < red, per-beat max |a|", 10, height - 10);
        c.save(png);
    }

    private static Path2D trace(float[] v, float lo, float hi, int x, int y, int w, int h) {
        Path2D.Double p = new Path2D.Double();
        for (int t = 0; t < v.length; t++) {
            double px = x + t * (double) w / (v.length - 1), py = y + h - (v[t] - lo) / (double) (hi - lo) * h;
            if (t == 0) p.moveTo(px, py);
            else p.lineTo(px, py);
        }
        return p;
    }
}
