package org.symkern.cli.explain;

import java.nio.file.Path;
import java.util.List;

/**
 * A grid figure of images and attribution maps: one row per example, one column per view (the input in grey, then maps
 * in a {@link ColorMap}). A view may hold several tiles of the same size (the orientation-resolved Grad-CAM: one map per
 * group element), drawn as a small square grid inside the cell. Every map is divided by its own largest absolute value,
 * so the colour bars run over [0, 1] (sequential) and [-1, 1] (diverging).
 */
public final class HeatmapGrid {
    /** A column: its title, its colour map (null = grey-scale input), and the number of tiles per cell. */
    public record Column(String title, ColorMap map, int tiles) {}

    private HeatmapGrid() {}

    /**
     * @param cells cells[row][column] = tiles x h x w values, row-major
     */
    public static void write(Path png, String title, List<String> rowLabels, List<Column> columns, float[][][] cells, int h, int w) {
        int cell = 120, gap = 14, left = 150, top = 62, barW = 110;
        int width = left + columns.size() * (cell + gap) + barW * 2 + 20, height = top + rowLabels.size() * (cell + gap) + 40;
        Canvas c = new Canvas(width, height);
        c.font(15, true);
        c.centred(title, width / 2.0, 22);
        c.font(12, false);
        for (int j = 0; j < columns.size(); j++) c.centred(columns.get(j).title(), left + j * (cell + gap) + cell / 2.0, top - 10);
        for (int i = 0; i < rowLabels.size(); i++) {
            int y = top + i * (cell + gap);
            c.font(12, false);
            c.right(rowLabels.get(i), left - 8, y + cell / 2.0 + 4);
            for (int j = 0; j < columns.size(); j++) {
                Column col = columns.get(j);
                float[] v = cells[i][j];
                int x = left + j * (cell + gap);
                int t = col.tiles(), side = (int) Math.ceil(Math.sqrt(t)), tile = (cell - (side - 1) * 2) / side;
                for (int k = 0; k < t; k++) {
                    float[] part = new float[h * w];
                    System.arraycopy(v, k * h * w, part, 0, h * w);
                    int tx = x + (k % side) * (tile + 2), ty = y + (k / side) * (tile + 2);
                    int tw = t == 1 ? cell : tile;
                    if (col.map() == null) c.grey(part, h, w, tx, ty, tw, tw);
                    else c.raster(normalised(part, v), h, w, col.map(), col.map() == ColorMap.SEQUENTIAL ? new double[] {0, 1} : new double[] {-1, 1}, tx, ty, tw, tw);
                }
            }
        }
        int bx = left + columns.size() * (cell + gap) + 8, bh = Math.min(240, height - top - 60);
        boolean seq = columns.stream().anyMatch(k -> k.map() == ColorMap.SEQUENTIAL), div = columns.stream().anyMatch(k -> k.map() == ColorMap.DIVERGING);
        if (seq) {
            c.colourBar(ColorMap.SEQUENTIAL, new double[] {0, 1}, "CAM / max of the map", bx, top, 14, bh);
            bx += barW;
        }
        if (div) c.colourBar(ColorMap.DIVERGING, new double[] {-1, 1}, "attribution / max |attribution|", bx, top, 14, bh);
        c.font(11, false);
        c.left("rows: test examples (true label, predicted label); columns: input and explanations of the predicted class", 10, height - 12);
        c.save(png);
    }

    /** part / max |all| (the scale of all tiles of a cell together, so tiles of one cell are comparable). */
    private static float[] normalised(float[] part, float[] all) {
        float m = 0;
        for (float a : all) if (Float.isFinite(a)) m = Math.max(m, Math.abs(a));
        float[] out = new float[part.length];
        for (int i = 0; i < part.length; i++) out[i] = m > 0 ? part[i] / m : 0;
        return out;
    }
}
