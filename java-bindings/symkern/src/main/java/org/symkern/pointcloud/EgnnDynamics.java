package org.symkern.pointcloud;

import java.util.ArrayList;
import java.util.List;

import org.symkern.nn.Linear;
import org.symkern.ops.Random;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The EGNN N-body model (Satorras, Hoogeboom &amp; Welling 2021, section 5.1) with optional external and internal
 * symmetry breaking (Vadgama et al. 2025). L {@link EgnnVelocityLayer}s with their own weights act on
 * <pre>
 *   h_i^0 = Linear(node inputs)    node inputs  = |v_i|  [, q_i]  [, v_i . e]  [, alpha x_i]
 *   a_ij                           edge inputs  = q_i q_j, |x_i - x_j|^2  [, (x_i - x_j) . e]
 *   references                                  = [e]  [, alpha g]
 * </pre>
 * and the prediction is the last layer's coordinates x^L (x^0 = the input positions).
 * <ul>
 * <li><b>plain</b>: only |v_i| (and q_i when {@code charges}), q_i q_j and distances: E(3)-equivariant
 *     (rotations, reflections, translations) and permutation-equivariant.</li>
 * <li><b>external</b> breaking: the field vector e (or any given reference direction) enters as a geometric input
 *     that transforms with the system: the invariants v_i . e and (x_i - x_j) . e and the coordinate term
 *     phi_r(h_i) e. The map (x, v, e) -> x' is still E(3)-equivariant when e is transformed too; with e held fixed
 *     only the rotations about e (and translations) remain symmetries.</li>
 * <li><b>internal</b> breaking with weight alpha &gt; 0: the absolute coordinates alpha x_i as node inputs and a
 *     learned global vector g (a parameter, not an input) in the coordinate update, alpha phi_g(h_i) g. No
 *     transformation of the inputs compensates these, so the model is not equivariant; alpha scales the
 *     non-equivariant paths (alpha = 0 is exactly the plain model).</li>
 * </ul>
 */
public final class EgnnDynamics extends DynamicsModel {
    /** Architecture and breaking options. */
    public record Options(int hidden, int layers, boolean charges, boolean external, double internal) {
        public Options {
            if (hidden <= 0 || layers <= 0 || internal < 0)
                throw new IllegalArgumentException("EgnnDynamics: bad options hidden=" + hidden + " layers=" + layers + " internal=" + internal);
        }

        /** The benchmark model: 4 layers of width 64, no charges as node input, no breaking. */
        public static Options benchmark() {
            return new Options(64, 4, false, false, 0);
        }

        public Options withCharges(boolean c) { return new Options(hidden, layers, c, external, internal); }
        public Options withExternal(boolean e) { return new Options(hidden, layers, charges, e, internal); }
        public Options withInternal(double a) { return new Options(hidden, layers, charges, external, a); }
    }

    private final Options opt;
    private final int[] nodeWidths;
    private final int edgeWidth;
    private final Linear embed;
    private final List<EgnnVelocityLayer> layers = new ArrayList<>();
    private final Tensor g;

    public EgnnDynamics(Options opt, Device device, long seed) {
        super("EgnnDynamics(" + (opt.external() ? "external" : opt.internal() > 0 ? "internal " + opt.internal() : "plain") + ")", device);
        this.opt = opt;
        List<Integer> w = new ArrayList<>(List.of(1));
        if (opt.charges()) w.add(1);
        if (opt.external()) w.add(1);
        if (opt.internal() > 0) w.add(3);
        nodeWidths = w.stream().mapToInt(Integer::intValue).toArray();
        edgeWidth = opt.external() ? 3 : 2;
        int refs = (opt.external() ? 1 : 0) + (opt.internal() > 0 ? 1 : 0);
        embed = child("embedding", new Linear(sum(nodeWidths), opt.hidden(), device, seed * 7919 + 1));
        for (int l = 0; l < opt.layers(); l++)
            layers.add(child("layer" + l, new EgnnVelocityLayer(opt.hidden(), edgeWidth, refs, true, device, seed * 7919 + 10 + l)));
        g = opt.internal() > 0 ? parameter("g", Shape.of(1, 1, 3), device,
                () -> Random.normal(Shape.of(1, 1, 3), device, 0f, (float) (1 / Math.sqrt(3)), seed * 7919 + 5, 0)) : null;
    }

    public Options options() {
        return opt;
    }

    /** The learned global vector of the internal breaking (null without it). */
    public Tensor globalVector() {
        return g;
    }

    @Override
    public Tensor predict(NBodySet b) {
        int rows = b.count() * b.n(), n = b.n();
        List<float[]> cols = new ArrayList<>(List.of(speeds(b)));
        if (opt.charges()) cols.add(b.q());
        if (opt.external()) cols.add(dotField(b, b.v()));
        if (opt.internal() > 0) {
            float[] ax = b.x().clone();
            for (int k = 0; k < ax.length; k++) ax[k] *= (float) opt.internal();
            cols.add(ax);
        }
        Tensor h = embed.forward(Tensor.of(columns(rows, cols.toArray(new float[0][]), nodeWidths),
                Shape.of(b.count(), n, sum(nodeWidths)), device()));
        float[] px = opt.external() ? dotField(b, b.x()) : null;
        float[] a = new float[b.count() * n * n * edgeWidth];
        for (int s = 0; s < b.count(); s++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    int at = ((s * n + i) * n + j) * edgeWidth, pi = 3 * (s * n + i), pj = 3 * (s * n + j);
                    float dx = b.x()[pi] - b.x()[pj], dy = b.x()[pi + 1] - b.x()[pj + 1], dz = b.x()[pi + 2] - b.x()[pj + 2];
                    a[at] = b.q()[s * n + i] * b.q()[s * n + j];
                    a[at + 1] = dx * dx + dy * dy + dz * dz;
                    if (px != null) a[at + 2] = px[s * n + i] - px[s * n + j];
                }
        Tensor edges = Tensor.of(a, Shape.of(b.count(), n, n, edgeWidth), device());
        Tensor x = points(b, b.x()), v = points(b, b.v());
        List<Tensor> refs = new ArrayList<>();
        if (opt.external()) refs.add(Tensor.of(b.field(), Shape.of(b.count(), 1, 3), device()));
        if (g != null) refs.add(g.mul((float) opt.internal()));
        for (EgnnVelocityLayer layer : layers) {
            EgnnVelocityLayer.Output o = layer.forward(h, x, v, edges, refs);
            h = o.h();
            x = o.x();
        }
        return x;
    }
}
