package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.jni.SymkernNative.sk_buffer;
import org.symkern.tensor.DType;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The linear layer tied by 2-orbits (catalog K13, ASEN EquiMLP), over n points with features, x (..., n, din):
 * <pre>
 *   full:      y[b,i,:] = sum_j x[b,j,:] W[c(i,j)] + bias[o(i)]                   W (K, din, dout)
 *   separable: y[b,i,:] = sum_j alpha[c(i,j)] (x[b,j,:] W) + bias[o(i)]         alpha (K), W (din, dout)
 * </pre>
 * with the category map c (int32 (n, n), c(i, j) = cat[i*n + j] in [0, K)), the node orbits o (int32 (n)) and
 * bias (O, dout) optional. Leading axes of x are batch axes; y is (..., n, dout).
 * Backward, with G = dy:
 * <pre>
 *   dx[b,j,:]  = sum_i G[b,i,:] W[c(i,j)]^T                  (separable: sum_i alpha[c(i,j)] G[b,i,:] W^T)
 *   dW[k]      = sum_{b, c(i,j)=k} x[b,j,:]^T G[b,i,:]         (separable: dW = sum_{b,i,j} alpha[c(i,j)] x[b,j,:]^T G[b,i,:])
 *   dalpha[k]  = sum_{b, c(i,j)=k} G[b,i,:] . (x[b,j,:] W)
 *   dbias[o]   = sum_{b, o(i)=o} G[b,i,:]
 * </pre>
 * The int tables take no gradient. Equivariance: for every permutation g with c(g i, g j) = c(i, j) and
 * o(g i) = o(i), permuting the points of x by g permutes y by g.
 */
public final class OrbitLinear extends Function {
    private final boolean separable;
    private final boolean hasBias;
    private long batch, n, din, dout, numCat, numOrbits;
    private boolean needX, needAlpha, needW, needBias;

    private OrbitLinear(boolean separable, boolean hasBias) {
        this.separable = separable;
        this.hasBias = hasBias;
    }

    /** Full variant; bias and nodeOrbit may both be null (no bias). */
    public static Tensor full(Tensor x, Tensor w, Tensor bias, Tensor cat, Tensor nodeOrbit) {
        return new OrbitLinear(false, bias != null).apply(inputs(x, null, w, bias, cat, nodeOrbit));
    }

    /** Separable variant; bias and nodeOrbit may both be null (no bias). */
    public static Tensor separable(Tensor x, Tensor alpha, Tensor w, Tensor bias, Tensor cat, Tensor nodeOrbit) {
        if (alpha == null) throw new IllegalArgumentException("orbit_linear: the separable variant needs alpha");
        return new OrbitLinear(true, bias != null).apply(inputs(x, alpha, w, bias, cat, nodeOrbit));
    }

    /** Input order: x, [alpha], w, cat, [bias, nodeOrbit]. */
    private static Tensor[] inputs(Tensor x, Tensor alpha, Tensor w, Tensor bias, Tensor cat, Tensor nodeOrbit) {
        if (bias != null && nodeOrbit == null) throw new IllegalArgumentException("orbit_linear: a bias needs nodeOrbit");
        java.util.List<Tensor> in = new java.util.ArrayList<>(java.util.Arrays.asList(x));
        if (alpha != null) in.add(alpha);
        in.add(w);
        in.add(cat);
        if (bias != null) {
            in.add(bias);
            in.add(nodeOrbit);
        }
        return in.toArray(new Tensor[0]);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        int p = 0;
        Tensor x = in[p++].requireFloat(name() + " x");
        Tensor alpha = separable ? in[p++].requireFloat(name() + " alpha") : null;
        Tensor w = in[p++].requireFloat(name() + " w");
        Tensor cat = in[p++];
        Tensor bias = hasBias ? in[p++].requireFloat(name() + " bias") : null;
        Tensor orbit = hasBias ? in[p] : null;
        checkShapes(x, alpha, w, cat, bias, orbit);
        long[] outDims = x.dims();
        outDims[outDims.length - 1] = dout;
        Tensor y = Tensor.zeros(Shape.of(outDims), x.device());
        sk_buffer bb = bias == null ? null : bias.buffer(), ob = orbit == null ? null : orbit.buffer();
        if (separable)
            Native.check(SymkernNative.sk_orbit_linear_sep_forward(y.buffer(), x.buffer(), alpha.buffer(), w.buffer(), bb,
                    cat.buffer(), ob, batch, n, din, dout, numCat, numOrbits));
        else
            Native.check(SymkernNative.sk_orbit_linear_forward(y.buffer(), x.buffer(), w.buffer(), bb, cat.buffer(), ob,
                    batch, n, din, dout, numCat, numOrbits));
        needX = x.requiresGrad();
        needAlpha = alpha != null && alpha.requiresGrad();
        needW = w.requiresGrad();
        needBias = bias != null && bias.requiresGrad();
        save(x, alpha, w, cat, orbit);
        return y;
    }

    private void checkShapes(Tensor x, Tensor alpha, Tensor w, Tensor cat, Tensor bias, Tensor orbit) {
        if (x.rank() < 2) throw new IllegalArgumentException("orbit_linear: x must be (..., n, din), got " + x.shape());
        n = x.dim(-2);
        din = x.dim(-1);
        batch = x.shape().prod(0, x.rank() - 2);
        if (cat.dtype() != DType.INT32 || !cat.shape().equals(Shape.of(n, n)))
            throw new IllegalArgumentException("orbit_linear: cat must be int32 [" + n + ", " + n + "] for x " + x.shape()
                    + ", got " + cat.describe());
        if (separable) {
            if (alpha.rank() != 1) throw new IllegalArgumentException("orbit_linear: alpha must be (K), got " + alpha.shape());
            numCat = alpha.dim(0);
            if (w.rank() != 2 || w.dim(0) != din)
                throw new IllegalArgumentException("orbit_linear: separable w must be [" + din + ", dout] for x " + x.shape()
                        + ", got " + w.shape());
            dout = w.dim(1);
        } else {
            if (w.rank() != 3 || w.dim(1) != din)
                throw new IllegalArgumentException("orbit_linear: w must be [K, " + din + ", dout] for x " + x.shape()
                        + ", got " + w.shape());
            numCat = w.dim(0);
            dout = w.dim(2);
        }
        numOrbits = 0;
        if (bias != null) {
            if (bias.rank() != 2 || bias.dim(1) != dout)
                throw new IllegalArgumentException("orbit_linear: bias must be [O, " + dout + "], got " + bias.shape());
            if (orbit.dtype() != DType.INT32 || !orbit.shape().equals(Shape.of(n)))
                throw new IllegalArgumentException("orbit_linear: nodeOrbit must be int32 [" + n + "], got " + orbit.describe());
            numOrbits = bias.dim(0);
        }
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor x = saved(0), alpha = saved(1), w = saved(2), cat = saved(3), orbit = saved(4);
        Tensor dx = needX ? Tensor.zerosLike(x) : null;
        Tensor dalpha = needAlpha ? Tensor.zerosLike(alpha) : null;
        Tensor dw = needW ? Tensor.zerosLike(w) : null;
        Tensor dbias = needBias ? Tensor.zeros(Shape.of(numOrbits, dout), x.device()) : null;
        if (separable)
            Native.check(SymkernNative.sk_orbit_linear_sep_backward(buf(dx), buf(dalpha), buf(dw), buf(dbias), dy.buffer(),
                    x.buffer(), alpha.buffer(), w.buffer(), cat.buffer(), buf(orbit), batch, n, din, dout, numCat,
                    numOrbits));
        else
            Native.check(SymkernNative.sk_orbit_linear_backward(buf(dx), buf(dw), buf(dbias), dy.buffer(), x.buffer(),
                    w.buffer(), cat.buffer(), buf(orbit), batch, n, din, dout, numCat, numOrbits));
        java.util.List<Tensor> grads = new java.util.ArrayList<>();
        grads.add(dx);
        if (separable) grads.add(dalpha);
        grads.add(dw);
        grads.add(null);   // cat
        if (hasBias) {
            grads.add(dbias);
            grads.add(null);   // nodeOrbit
        }
        return grads.toArray(new Tensor[0]);
    }

    static sk_buffer buf(Tensor t) {
        return t == null ? null : t.buffer();
    }

    @Override
    public String name() {
        return separable ? "OrbitLinear(separable)" : "OrbitLinear";
    }
}
