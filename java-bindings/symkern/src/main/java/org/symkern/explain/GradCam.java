package org.symkern.explain;

import org.symkern.autograd.GradMode;
import org.symkern.nn.ActivationCapture;
import org.symkern.nn.Module;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * Grad-CAM (Selvaraju et al., ICCV 2017) for image models x (B, cIn, H, W) and signal models x (B, cIn, L), with
 * plain feature maps A (B, C, *S) or group-equivariant ones A (B, C, |G|, *S) (the layout of the group
 * convolutions: C fields of |G| channels; a layer that folds the group axis into its channels, (B, C |G|, *S),
 * is read as (B, C, |G|, *S) after {@link #groupOrder(int)}). The layer is chosen by its module name
 * ({@link Module#module(String)}); y^c is the logit of class c.
 * <pre>
 *   alpha_c        = mean over (t, p) of  d y^c / d A[c, t, p]              (global-average-pooled gradient)
 *   M_t(p)         = sum_c alpha_c A[c, t, p]                                  (one map per group element t)
 *   CAM(p)         = ReLU( mean_t M_t(p) )                                      (group axis pooled)
 *   orientation t  = ReLU( M_t(p) )                                             (orientation-resolved Grad-CAM)
 * </pre>
 * For a plain map |G| = 1 and this is the original Grad-CAM. The ReLU is on by default ({@link #relu(boolean)});
 * the maps are then resized to the input's spatial size by {@link Bilinear} (off with {@link #upsample(boolean)}).
 * Cost: one forward and one backward pass for a whole batch.
 *
 * <p>Equivariance: if A(g x) = g.A(x) (space transformed, group axis permuted) and y^c is invariant, then
 * dy/dA transforms the same way, the alpha_c are invariant, the pooled CAM satisfies CAM(g x) = g CAM(x) exactly
 * for the grid-exact elements (rot90, flips, time reversal), and the orientation maps are permuted:
 * M_t(g x) = g M_{g^{-1} t}(x). The resizing commutes with these actions.
 *
 * <p>The model runs in evaluation mode with its parameters frozen ({@link ModelGuard}); the input is detached, so
 * neither parameters nor the caller's tensors receive gradients. All arithmetic happens on the input's device.
 */
public final class GradCam {
    private final Module model;
    private final String layer;
    private boolean relu = true;
    private boolean upsample = true;
    private int groupOrder;

    /** Grad-CAM at the output of the module named `layer` (an unknown name throws, listing the valid ones). */
    public GradCam(Module model, String layer) {
        if (model == null) throw new IllegalArgumentException("GradCam: model is null");
        model.module(layer);
        this.model = model;
        this.layer = layer;
    }

    /** Whether the ReLU is applied to the maps (default true). */
    public GradCam relu(boolean on) {
        relu = on;
        return this;
    }

    /** Whether the maps are resized bilinearly to the input's spatial size (default true). */
    public GradCam upsample(boolean on) {
        upsample = on;
        return this;
    }

    /**
     * For a layer whose output folds the group axis into its channels, (B, C |G|, *S) with channel index c |G| + t:
     * |G|. The default 0 reads a map with one more axis than the input as (B, C, |G|, *S) and any other as plain.
     */
    public GradCam groupOrder(int order) {
        if (order < 0) throw new IllegalArgumentException("GradCam: group order must be >= 0, got " + order);
        groupOrder = order;
        return this;
    }

    /**
     * The maps of Grad-CAM.
     *
     * @param cam          the pooled map (B, H, W) or (B, L) (layer size when not upsampled)
     * @param orientations the orientation-resolved maps (B, |G|, H, W) or (B, |G|, L); |G| = 1 for a plain layer
     * @param weights      alpha (B, C)
     */
    public record Maps(Tensor cam, Tensor orientations, Tensor weights) {}

    /** The pooled Grad-CAM of class `cls` for every input of the batch. */
    public Tensor explain(Tensor x, int cls) {
        return compute(x, Scores.repeat(cls, x.dim(0))).cam();
    }

    /** The orientation-resolved Grad-CAM (B, |G|, *space) of class `cls`; throws for a layer without a group axis. */
    public Tensor orientations(Tensor x, int cls) {
        Maps m = compute(x, Scores.repeat(cls, x.dim(0)));
        if (m.orientations().dim(1) == 1)
            throw new IllegalArgumentException("GradCam: orientation-resolved maps need a layer with a group axis; '" + layer
                    + "' gives a plain feature map (set groupOrder for a folded group axis)");
        return m.orientations();
    }

    /**
     * Grad-CAM of class classes[b] for input b, in one forward and one backward pass. The results live in the
     * caller's current scope, on x's device.
     */
    public Maps compute(Tensor x, int[] classes) {
        if (x == null) throw new IllegalArgumentException("GradCam: input is null");
        x.requireFloat("GradCam");
        int spatial = x.rank() - 2;
        if (spatial != 1 && spatial != 2)
            throw new IllegalArgumentException("GradCam: input must be (B, C, H, W) or (B, C, L), got " + x.shape());
        if (classes == null || classes.length != x.dim(0))
            throw new IllegalArgumentException("GradCam: need one class per input (" + x.dim(0) + "), got "
                    + (classes == null ? "null" : classes.length));
        long b = x.dim(0);
        try (Scope outer = Scope.open(); ModelGuard g = ModelGuard.eval(model);
             ActivationCapture cap = ActivationCapture.of(model, layer);
             GradMode.Guard on = GradMode.enable()) {
            Tensor logits = Scores.forward(model, x.detach(), Output.LOGIT);
            for (int c : classes) Scores.checkClass("GradCam", c, logits.dim(1));
            Tensor a = cap.output();
            if (!logits.requiresGrad())
                throw new IllegalArgumentException("GradCam: the logits do not depend on layer '" + layer + "'");
            logits.backward(Scores.oneHot(classes, logits.dim(1), x.device()));
            Tensor grad = cap.gradient();
            long[] d = a.dims();
            long ch, order;
            if (a.rank() == 3 + spatial && groupOrder == 0) {
                ch = d[1];
                order = d[2];
            } else if (a.rank() == 2 + spatial) {
                order = Math.max(1, groupOrder);
                if (d[1] % order != 0)
                    throw new IllegalArgumentException("GradCam: layer '" + layer + "' has " + d[1] + " channels, not a multiple of |G| = " + order);
                ch = d[1] / order;
            } else {
                throw new IllegalArgumentException("GradCam: layer '" + layer + "' gives " + a.shape() + ", not a feature map (B, C"
                        + (groupOrder > 0 ? "*" + groupOrder : "[, |G|]") + ", " + (spatial == 2 ? "H, W" : "L") + ") for input " + x.shape()
                        + "; pick a convolutional layer");
            }
            if (d[0] != b) throw new IllegalArgumentException("GradCam: layer '" + layer + "' gives batch " + d[0] + " for " + b + " inputs");
            long[] space = java.util.Arrays.copyOfRange(d, d.length - spatial, d.length);
            long s = 1;
            for (long v : space) s *= v;
            Maps out;
            try (GradMode.Guard off = GradMode.disable()) {
                Tensor a4 = a.reshape(b, ch, order, s);
                Tensor alpha = grad.reshape(b, ch, order * s).mean(2, false);                 // (B, C)
                Tensor orient = a4.mul(alpha.reshape(b, ch, 1, 1)).sum(1, false);            // (B, |G|, S)
                Tensor pooled = orient.mean(1, false);                                         // (B, S)
                if (relu) {
                    orient = orient.relu();
                    pooled = pooled.relu();
                }
                Tensor cam = resize(pooled, b, space, x);
                Tensor ori = resize(orient.reshape(b * order, s), b * order, space, x);
                ori = ori.reshape(concat(b, order, ori.dims()));
                out = new Maps(outer.keep(cam.copy()), outer.keep(ori.copy()), outer.keep(alpha.copy()));
            }
            return out;
        }
    }

    /** m (n, S) -> (n, *input space) or (n, *layer space). */
    private Tensor resize(Tensor m, long n, long[] space, Tensor x) {
        if (space.length == 2) {
            Tensor r = m.reshape(n, space[0], space[1]);
            return upsample ? Bilinear.resize2d(r, (int) x.dim(2), (int) x.dim(3)) : r;
        }
        return upsample ? Bilinear.resize1d(m, (int) x.dim(2)) : m;
    }

    private static long[] concat(long b, long order, long[] nd) {
        long[] out = new long[nd.length + 1];
        out[0] = b;
        out[1] = order;
        System.arraycopy(nd, 1, out, 2, nd.length - 1);
        return out;
    }

    /** The path of the captured layer. */
    public String layer() {
        return layer;
    }
}
