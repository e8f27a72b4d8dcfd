package org.symkern.explain.metrics;

import java.util.ArrayList;
import java.util.List;

import org.symkern.autograd.GradMode;
import org.symkern.ops.Gather;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The grid-exact symmetries of images and signals as {@link GroupAction}s on tensors (B, C, n, n) / (B, C, L) and
 * on explanation arrays whose trailing axes are the same n x n plane (or length-L signal):
 * <ul>
 *   <li>{@link #rotations(int)}: the quarter turns r, r^2, r^3 of p4 (r = numpy rot90, counter-clockwise:
 *       out[y, x] = in[x, n-1-y]);</li>
 *   <li>{@link #dihedral(int)}: those and the four reflections m, m r, m r^2, m r^3 of p4m (m = flipud:
 *       out[y, x] = in[n-1-y, x]; "m r" applies r first);</li>
 *   <li>{@link #timeReversal(int)}: out[p] = in[L-1-p].</li>
 * </ul>
 * The identity is left out (it adds cos = 1 to every mean). Inputs are permuted on their own device by one
 * gather of a precomputed index; explanations on the host.
 */
public final class GridActions {
    private GridActions() {}

    /** r, r^2, r^3 on n x n planes. */
    public static List<GroupAction<Tensor>> rotations(int n) {
        List<GroupAction<Tensor>> out = new ArrayList<>();
        int[] r = rot90(identity(n * n), n);
        int[] p = r;
        for (int k = 1; k <= 3; k++) {
            out.add(new PlaneAction(k == 1 ? "rot90" : "rot90^" + k, p, n * n, true));
            p = rot90(p, n);
        }
        return out;
    }

    /** The seven non-identity elements of p4m on n x n planes. */
    public static List<GroupAction<Tensor>> dihedral(int n) {
        List<GroupAction<Tensor>> out = new ArrayList<>(rotations(n));
        int[] p = identity(n * n);
        for (int k = 0; k <= 3; k++) {
            out.add(new PlaneAction(k == 0 ? "flipud" : "flipud o rot90" + (k == 1 ? "" : "^" + k), flipud(p, n), n * n, true));
            p = rot90(p, n);
        }
        return out;
    }

    /** Time reversal of length-L signals. */
    public static List<GroupAction<Tensor>> timeReversal(int len) {
        int[] p = new int[len];
        for (int i = 0; i < len; i++) p[i] = len - 1 - i;
        return List.of(new PlaneAction("reverse", p, len, false));
    }

    /** out[i] = in[src[i]] on every trailing block of `block` entries. */
    private static final class PlaneAction implements GroupAction<Tensor> {
        private final String name;
        private final int[] src;
        private final int block;
        private final boolean plane;

        PlaneAction(String name, int[] src, int block, boolean plane) {
            this.name = name;
            this.src = src;
            this.block = block;
            this.plane = plane;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Tensor onInput(Tensor x) {
            long n = x.numel();
            int r = x.rank();
            boolean fits = plane ? r >= 2 && x.dim(r - 1) == x.dim(r - 2) && x.dim(r - 1) * x.dim(r - 2) == block
                                 : r >= 1 && x.dim(r - 1) == block;
            if (!fits)
                throw new IllegalArgumentException("GridActions." + name + ": input " + x.shape() + " does not end in the action's "
                        + (plane ? "square plane of " + block + " pixels" : "signal of " + block + " samples"));
            int[] idx = new int[Math.toIntExact(n)];
            for (int base = 0; base < n; base += block)
                for (int i = 0; i < block; i++) idx[base + i] = base + src[i];
            try (GradMode.Guard off = GradMode.disable()) {
                return Gather.apply(x.detach().reshape(n, 1), Tensor.ofInts(idx, Shape.of(n), x.device())).reshape(x.dims());
            }
        }

        @Override
        public float[] onExplanation(float[] e) {
            if (e.length % block != 0)
                throw new IllegalArgumentException("GridActions." + name + ": explanation of " + e.length + " entries is not a stack of " + block);
            float[] out = new float[e.length];
            for (int base = 0; base < e.length; base += block)
                for (int i = 0; i < block; i++) out[base + i] = e[base + src[i]];
            return out;
        }
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    /** numpy rot90 of a plane of source indices: out[y, x] = in[x, n-1-y]. */
    static int[] rot90(int[] a, int n) {
        int[] out = new int[n * n];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) out[y * n + x] = a[x * n + n - 1 - y];
        return out;
    }

    /** numpy flipud: out[y, x] = in[n-1-y, x]. */
    static int[] flipud(int[] a, int n) {
        int[] out = new int[n * n];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) out[y * n + x] = a[(n - 1 - y) * n + x];
        return out;
    }
}
