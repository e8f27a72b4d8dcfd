package org.symkern.pointcloud;

import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * A model of the N-body task: maps a batch of systems (positions, velocities, charges, field) to predicted positions
 * (B, n, 3) at the target time. Inputs are built from the batch's float arrays on the Java side (they carry no
 * gradient); {@link #predict} runs the differentiable part on {@link #device()}.
 */
public abstract class DynamicsModel extends Module {
    private final Device device;

    protected DynamicsModel(String name, Device device) {
        super(name);
        this.device = device;
    }

    public final Device device() {
        return device;
    }

    /** Predicted positions (B, n, 3) for the systems of `batch`. */
    public abstract Tensor predict(NBodySet batch);

    /** Use {@link #predict(NBodySet)}. */
    @Override
    public final Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(name() + ": call predict(NBodySet)");
    }

    /** A (B, n, 3) tensor of a packed float array. */
    protected final Tensor points(NBodySet b, float[] a) {
        return Tensor.of(a, Shape.of(b.count(), b.n(), 3), device);
    }

    /** |v_i| (B n). */
    static float[] speeds(NBodySet b) {
        float[] s = new float[b.count() * b.n()];
        for (int i = 0; i < s.length; i++) {
            float x = b.v()[3 * i], y = b.v()[3 * i + 1], z = b.v()[3 * i + 2];
            s[i] = (float) Math.sqrt(x * x + y * y + z * z);
        }
        return s;
    }

    /** u_i . e_s for the 3-vectors u of every particle of sample s against the sample's field e_s (B n). */
    static float[] dotField(NBodySet b, float[] u) {
        float[] d = new float[b.count() * b.n()];
        for (int s = 0; s < b.count(); s++)
            for (int i = 0; i < b.n(); i++) {
                int p = 3 * (s * b.n() + i);
                d[s * b.n() + i] = u[p] * b.field()[3 * s] + u[p + 1] * b.field()[3 * s + 1] + u[p + 2] * b.field()[3 * s + 2];
            }
        return d;
    }

    /** Interleaves per-node columns into a (B n, sum of widths) row-major block. */
    static float[] columns(int rows, float[][] cols, int[] widths) {
        int w = 0;
        for (int c : widths) w += c;
        float[] out = new float[rows * w];
        for (int r = 0; r < rows; r++) {
            int at = r * w;
            for (int c = 0; c < cols.length; c++) {
                System.arraycopy(cols[c], r * widths[c], out, at, widths[c]);
                at += widths[c];
            }
        }
        return out;
    }

    static int sum(int[] a) {
        int s = 0;
        for (int v : a) s += v;
        return s;
    }
}
