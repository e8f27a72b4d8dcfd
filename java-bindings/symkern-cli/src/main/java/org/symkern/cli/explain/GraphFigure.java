package org.symkern.cli.explain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A graph drawn with node and edge importance: a seeded force-directed layout (Fruchterman and Reingold 1991), edges
 * coloured and widened by their importance, nodes filled by theirs (sequential map, divided by the largest value), an
 * optional ring around highlighted nodes (the explained node, or ground-truth motif nodes) and optional dashes on
 * ground-truth edges.
 */
public final class GraphFigure {
    private GraphFigure() {}

    /**
     * @param edges      pairs (u, v) of an undirected graph over nodes 0..n-1
     * @param edgeScore  importance per edge (NaN = not scored), or null
     * @param nodeScore  importance per node, or null
     * @param truthEdge  ground-truth flag per edge, or null
     * @param ring       nodes to ring (e.g. the explained node), or null
     */
    public static void write(Path png, String title, int n, int[][] edges, float[] edgeScore, float[] nodeScore, boolean[] truthEdge, boolean[] ring,
                             String caption, long seed) {
        double[][] pos = layout(n, edges, seed);
        int size = 620, margin = 50, barW = 120;
        Canvas c = new Canvas(size + barW, size + 70);
        c.font(15, true);
        c.centred(title, (size + barW) / 2.0, 22);
        float em = max(edgeScore), nm = max(nodeScore);
        for (int e = 0; e < edges.length; e++) {
            double[] a = pos[edges[e][0]], b = pos[edges[e][1]];
            double s = edgeScore == null || Float.isNaN(edgeScore[e]) ? 0 : edgeScore[e] / em;
            c.g.setColor(edgeScore == null ? Color.GRAY : ColorMap.SEQUENTIAL.at(0.15 + 0.85 * s));
            float wdt = (float) (edgeScore == null ? 1.2 : 0.8 + 4.5 * s);
            c.g.setStroke(truthEdge != null && truthEdge[e] ? new BasicStroke(wdt, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {9f, 7f}, 0f)
                                                            : new BasicStroke(wdt));
            c.g.draw(new Line2D.Double(margin + a[0] * (size - 2 * margin), 40 + margin + a[1] * (size - 2 * margin),
                    margin + b[0] * (size - 2 * margin), 40 + margin + b[1] * (size - 2 * margin)));
        }
        double r = Math.max(4, Math.min(11, 160.0 / Math.sqrt(n + 1)));
        for (int v = 0; v < n; v++) {
            double x = margin + pos[v][0] * (size - 2 * margin), y = 40 + margin + pos[v][1] * (size - 2 * margin);
            c.g.setColor(nodeScore == null ? new Color(120, 160, 220) : ColorMap.SEQUENTIAL.at(nodeScore[v] / nm));
            c.g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            c.g.setStroke(new BasicStroke(ring != null && ring[v] ? 3f : 0.8f));
            c.g.setColor(ring != null && ring[v] ? new Color(0, 150, 60) : Color.DARK_GRAY);
            c.g.draw(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }
        c.colourBar(ColorMap.SEQUENTIAL, new double[] {0, 1}, nodeScore != null ? "importance / max" : "edge importance / max", size + 6, 80, 14, 220);
        c.font(11, false);
        c.left(caption, 10, size + 58);
        c.save(png);
    }

    private static float max(float[] a) {
        float m = 0;
        if (a != null) for (float v : a) if (Float.isFinite(v)) m = Math.max(m, v);
        return m > 0 ? m : 1;
    }

    /** Fruchterman-Reingold in the unit square, 300 iterations, seeded initial positions; coordinates rescaled to [0, 1]. */
    static double[][] layout(int n, int[][] edges, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] p = new double[n][2];
        for (double[] q : p) { q[0] = rnd.nextDouble(); q[1] = rnd.nextDouble(); }
        double k = Math.sqrt(1.0 / Math.max(1, n)), temp = 0.1;
        for (int it = 0; it < 300; it++) {
            double[][] d = new double[n][2];
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) {
                    double dx = p[i][0] - p[j][0], dy = p[i][1] - p[j][1], dist = Math.max(1e-4, Math.hypot(dx, dy)), f = k * k / dist;
                    d[i][0] += dx / dist * f; d[i][1] += dy / dist * f;
                    d[j][0] -= dx / dist * f; d[j][1] -= dy / dist * f;
                }
            for (int[] e : edges) {
                int i = e[0], j = e[1];
                double dx = p[i][0] - p[j][0], dy = p[i][1] - p[j][1], dist = Math.max(1e-4, Math.hypot(dx, dy)), f = dist * dist / k;
                d[i][0] -= dx / dist * f; d[i][1] -= dy / dist * f;
                d[j][0] += dx / dist * f; d[j][1] += dy / dist * f;
            }
            for (int i = 0; i < n; i++) {
                double len = Math.max(1e-9, Math.hypot(d[i][0], d[i][1])), step = Math.min(len, temp);
                p[i][0] += d[i][0] / len * step;
                p[i][1] += d[i][1] / len * step;
            }
            temp *= 0.985;
        }
        double x0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y0 = Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (double[] q : p) { x0 = Math.min(x0, q[0]); x1 = Math.max(x1, q[0]); y0 = Math.min(y0, q[1]); y1 = Math.max(y1, q[1]); }
        double s = Math.max(Math.max(x1 - x0, y1 - y0), 1e-9);
        double ox = (1 - (x1 - x0) / s) / 2, oy = (1 - (y1 - y0) / s) / 2;          // centre the shorter axis
        for (double[] q : p) { q[0] = ox + (q[0] - x0) / s; q[1] = oy + (q[1] - y0) / s; }
        return p;
    }
}
