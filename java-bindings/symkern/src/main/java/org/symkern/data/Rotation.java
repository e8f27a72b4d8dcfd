package org.symkern.data;

/**
 * Rotation of images about their centre with bilinear interpolation and zero fill.
 *
 * <p>Convention: a positive angle turns the picture counter-clockwise as displayed (row 0 at the top),
 * the convention of {@code numpy.rot90} and {@code scipy.ndimage.rotate}. The centre of an h x w image is
 * ((h-1)/2, (w-1)/2) in (row, col) coordinates, so it lies on a pixel for odd sizes and between pixels
 * for even sizes. Output pixel (y, x) takes the value of the input at the inverse-rotated position
 * <pre>
 *   sx = cx + cos(t) (x - cx) - sin(t) (y - cy)
 *   sy = cy + sin(t) (x - cx) + cos(t) (y - cy)
 * </pre>
 * interpolated bilinearly from its four neighbours; neighbours outside the image count as 0.
 *
 * <p>Multiples of 90 degrees use exact cosines and sines (0, +-1), so on square images (odd or even
 * size) they are exact index permutations: 90 degrees gives out[y][x] = in[x][n-1-y].
 */
public final class Rotation {
    private Rotation() {}

    /** Rotates one (height, width) plane stored row-major at src[offset..]; writes dst[dstOffset..]. */
    public static void rotatePlane(float[] src, int offset, float[] dst, int dstOffset, int height, int width, double degrees) {
        double[] cs = cosSin(degrees);
        double c = cs[0], s = cs[1];
        double cy = (height - 1) / 2.0, cx = (width - 1) / 2.0;
        for (int y = 0; y < height; y++) {
            double dy = y - cy;
            for (int x = 0; x < width; x++) {
                double dx = x - cx;
                double sx = cx + c * dx - s * dy;
                double sy = cy + s * dx + c * dy;
                dst[dstOffset + y * width + x] = sample(src, offset, height, width, sy, sx);
            }
        }
    }

    /** A rotated copy of one (height, width) plane. */
    public static float[] rotate(float[] plane, int height, int width, double degrees) {
        if (plane.length != height * width)
            throw new IllegalArgumentException(plane.length + " values do not make a " + height + " x " + width + " plane");
        float[] out = new float[plane.length];
        rotatePlane(plane, 0, out, 0, height, width, degrees);
        return out;
    }

    /** Every image of `d` rotated by its own angle degrees[i] (all channels alike); labels are kept. */
    public static ImageDataset rotate(ImageDataset d, double[] degrees) {
        if (degrees.length != d.count)
            throw new IllegalArgumentException(degrees.length + " angles for " + d.count + " images");
        int plane = d.height * d.width, size = d.imageSize();
        float[] px = new float[d.pixels.length];
        for (int i = 0; i < d.count; i++)
            for (int ch = 0; ch < d.channels; ch++) {
                int at = i * size + ch * plane;
                rotatePlane(d.pixels, at, px, at, d.height, d.width, degrees[i]);
            }
        return new ImageDataset(px, d.labels.clone(), d.channels, d.height, d.width, d.classes);
    }

    /** cos and sin of the angle, exact at multiples of 90 degrees. */
    static double[] cosSin(double degrees) {
        double r = degrees % 360.0;
        if (r < 0) r += 360.0;
        if (r == 0) return new double[] {1, 0};
        if (r == 90) return new double[] {0, 1};
        if (r == 180) return new double[] {-1, 0};
        if (r == 270) return new double[] {0, -1};
        double t = Math.toRadians(r);
        return new double[] {Math.cos(t), Math.sin(t)};
    }

    private static float sample(float[] src, int offset, int height, int width, double sy, double sx) {
        double fy0 = Math.floor(sy), fx0 = Math.floor(sx);
        if (fy0 < -1 || fx0 < -1 || fy0 > height - 1 || fx0 > width - 1) return 0f;   // all four neighbours outside
        int y0 = (int) fy0, x0 = (int) fx0;
        double ty = sy - fy0, tx = sx - fx0;
        double v = 0;
        if (ty < 1) {
            double wy = 1 - ty;
            if (tx < 1) v += wy * (1 - tx) * at(src, offset, height, width, y0, x0);
            if (tx > 0) v += wy * tx * at(src, offset, height, width, y0, x0 + 1);
        }
        if (ty > 0) {
            if (tx < 1) v += ty * (1 - tx) * at(src, offset, height, width, y0 + 1, x0);
            if (tx > 0) v += ty * tx * at(src, offset, height, width, y0 + 1, x0 + 1);
        }
        return (float) v;
    }

    private static float at(float[] src, int offset, int height, int width, int y, int x) {
        return y < 0 || x < 0 || y >= height || x >= width ? 0f : src[offset + y * width + x];
    }
}
