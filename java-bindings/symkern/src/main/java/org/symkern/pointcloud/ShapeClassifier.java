package org.symkern.pointcloud;

import org.symkern.nn.Activation;
import org.symkern.nn.DeepSets;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.nn.Sequential;
import org.symkern.ops.Reduce;
import org.symkern.ops.SegmentReduce;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * A {@link DeepSets} classifier of point clouds, logits = rho(mean_i phi(f_i)), on per-point features f_i of the
 * centred points scaled to unit RMS radius, p_i = (x_i - c) / sqrt(mean_j |x_j - c|^2) with c = mean_j x_j (so the
 * features are translation- and scale-invariant), and the cloud's up vector u:
 * <pre>
 *   INVARIANT  f_i = s_i = (|p_i|, p_i^T C p_i, p_i^T C^2 p_i, tr C^2, tr C^3)   invariant under E(3) and scaling
 *   FRAME      f_i = (s_i, p_i . u, |p_i - (p_i . u) u|)                        external breaking: invariant under
 *                                                                             E(3) acting on cloud and u together
 *   INTERNAL   f_i = (s_i, alpha p_i)                                            internal breaking, weight alpha
 *   RAW        f_i = p_i                                                        non-equivariant baseline
 * </pre>
 * phi = Linear(k, H), SiLU, Linear(H, H), SiLU; rho = Linear(H, H), SiLU, Linear(H, C). The INVARIANT model cannot
 * tell a shape from its mirror or upside-down copy; FRAME can, and stays invariant when the whole system (cloud and
 * u) is rotated; INTERNAL and RAW see absolute directions, so they can learn "up" from the training distribution
 * but are not invariant.
 */
public final class ShapeClassifier extends CloudClassifier {
    /** The per-point feature set. */
    public enum Features { INVARIANT, FRAME, INTERNAL, RAW }

    private final Features features;
    private final double alpha;
    private final DeepSets net;
    private final Device device;

    public ShapeClassifier(Features features, double alpha, int hidden, int classes, Device device, long seed) {
        super("ShapeClassifier(" + features + (features == Features.INTERNAL ? " " + alpha : "") + ")");
        this.features = features;
        this.alpha = alpha;
        this.device = device;
        int k = width(features);
        Module phi = new Sequential(new Linear(k, hidden, device, seed * 31 + 1), Activation.silu(),
                new Linear(hidden, hidden, device, seed * 31 + 2), Activation.silu());
        Module rho = new Sequential(new Linear(hidden, hidden, device, seed * 31 + 3), Activation.silu(),
                new Linear(hidden, classes, device, seed * 31 + 4));
        net = child("deepsets", new DeepSets(phi, Reduce.Op.MEAN, rho));
    }

    static int width(Features f) {
        return switch (f) {
            case INVARIANT -> 5;
            case FRAME -> 7;
            case INTERNAL -> 8;
            case RAW -> 3;
        };
    }

    public Features features() {
        return features;
    }

    /** Logits (clouds, classes). */
    @Override
    public Tensor logits(ShapeSet b) {
        float[] f = features(b, features, alpha);
        int rows = (int) b.offsets()[b.count()];
        Tensor x = Tensor.of(f, Shape.of(rows, width(features)), device);
        return net.forward(x, Tensor.ofLongs(b.offsets(), Shape.of(b.count() + 1), device));
    }

    /** The per-point features (rows x k) of every cloud. */
    public static float[] features(ShapeSet b, Features mode, double alpha) {
        int k = width(mode), rows = (int) b.offsets()[b.count()];
        float[] out = new float[rows * k];
        for (int c = 0; c < b.count(); c++) {
            int from = (int) b.offsets()[c], n = b.size(c);
            double[] p = centredUnitRms(b, c);
            /* second moments C = (1/n) sum p p^T (trace 1 after the scaling), C^2, and the invariants tr C^2, tr C^3 */
            double[] cm = new double[9];
            for (int i = 0; i < n; i++)
                for (int r = 0; r < 3; r++) for (int q = 0; q < 3; q++) cm[3 * r + q] += p[3 * i + r] * p[3 * i + q] / n;
            double[] c2 = mul(cm, cm), c3 = mul(c2, cm);
            double tr2 = c2[0] + c2[4] + c2[8], tr3 = c3[0] + c3[4] + c3[8];
            double ux = b.up()[3 * c], uy = b.up()[3 * c + 1], uz = b.up()[3 * c + 2];
            for (int i = 0; i < n; i++) {
                int at = (from + i) * k;
                double px = p[3 * i], py = p[3 * i + 1], pz = p[3 * i + 2];
                if (mode == Features.RAW) {
                    out[at] = (float) px;
                    out[at + 1] = (float) py;
                    out[at + 2] = (float) pz;
                    continue;
                }
                out[at] = (float) Math.sqrt(px * px + py * py + pz * pz);
                out[at + 1] = (float) quad(cm, px, py, pz);
                out[at + 2] = (float) quad(c2, px, py, pz);
                out[at + 3] = (float) tr2;
                out[at + 4] = (float) tr3;
                if (mode == Features.FRAME) {
                    double h = px * ux + py * uy + pz * uz, rx = px - h * ux, ry = py - h * uy, rz = pz - h * uz;
                    out[at + 5] = (float) h;
                    out[at + 6] = (float) Math.sqrt(rx * rx + ry * ry + rz * rz);
                } else if (mode == Features.INTERNAL) {
                    out[at + 5] = (float) (alpha * px);
                    out[at + 6] = (float) (alpha * py);
                    out[at + 7] = (float) (alpha * pz);
                }
            }
        }
        return out;
    }

    /**
     * Cloud c's points centred and scaled to unit RMS radius, p_i = (x_i - m) / sqrt(mean_j |x_j - m|^2) with m the
     * centroid (unscaled when all points coincide), as 3 n doubles.
     */
    static double[] centredUnitRms(ShapeSet b, int c) {
        int from = (int) b.offsets()[c], n = b.size(c);
        double[] mean = new double[3];
        for (int i = 0; i < n; i++) for (int d = 0; d < 3; d++) mean[d] += b.points()[3 * (from + i) + d] / (double) n;
        double[] p = new double[3 * n];
        for (int i = 0; i < n; i++) for (int d = 0; d < 3; d++) p[3 * i + d] = b.points()[3 * (from + i) + d] - mean[d];
        double rms = 0;
        for (double v : p) rms += v * v / n;
        rms = Math.sqrt(rms);
        if (rms > 0) for (int i = 0; i < p.length; i++) p[i] /= rms;
        return p;
    }

    private static double[] mul(double[] a, double[] b) {
        double[] m = new double[9];
        for (int r = 0; r < 3; r++) for (int q = 0; q < 3; q++) for (int t = 0; t < 3; t++) m[3 * r + q] += a[3 * r + t] * b[3 * t + q];
        return m;
    }

    private static double quad(double[] m, double x, double y, double z) {
        return x * (m[0] * x + m[1] * y + m[2] * z) + y * (m[3] * x + m[4] * y + m[5] * z) + z * (m[6] * x + m[7] * y + m[8] * z);
    }
}
