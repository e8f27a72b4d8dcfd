package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The pairwise terms of an E(n)-equivariant GNN layer (catalog K15; Satorras et al., docs/kernels.md, section EGNN) on
 * fully connected point sets, x (..., n, dim) (leading axes are batch axes):
 * <pre>
 *   squaredDistances: d2[b,i,j] = ||x_i - x_j||^2                        (..., n, n)
 *       dx_i = sum_j 2 (dd2_ij + dd2_ji)(x_i - x_j)
 *   coordUpdate:      xout_i = x_i + scale sum_{j != i} (x_i - x_j) phi_ij      phi (..., n, n), the diagonal ignored
 *       dx_i = dxout_i (1 + scale sum_{j != i} phi_ij) - scale sum_{j != i} phi_ji dxout_j
 *       dphi_ij = scale dxout_i . (x_i - x_j)  (j != i),  dphi_ii = 0
 * </pre>
 * The EGNN code aggregates with a mean, scale = 1/(n-1). Both are E(n)-equivariant when phi is invariant:
 * d2 is invariant under x -> x Q + t, and xout -> xout Q + t.
 */
public final class EgnnEdge {
    private EgnnEdge() {}

    /** d2[..., i, j] = ||x_i - x_j||^2. */
    public static Tensor squaredDistances(Tensor x) {
        return new SquaredDistances().apply(new Tensor[] {x});
    }

    /** x_i + scale sum_{j != i} (x_i - x_j) phi_ij. */
    public static Tensor coordUpdate(Tensor x, Tensor phi, float scale) {
        return new CoordUpdate(scale).apply(new Tensor[] {x, phi});
    }

    /** (batch, n, dim) of x (..., n, dim). */
    static long[] dims(Tensor x, String what) {
        if (x.rank() < 2) throw new IllegalArgumentException(what + ": x must be (..., n, dim), got " + x.shape());
        return new long[] {x.shape().prod(0, x.rank() - 2), x.dim(-2), x.dim(-1)};
    }

    static Shape pairShape(Tensor x) {
        long[] d = x.dims();
        d[d.length - 1] = x.dim(-2);
        return Shape.of(d);
    }

    static final class SquaredDistances extends Function {
        private long[] bnd;

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0].requireFloat(name());
            bnd = dims(x, "egnn squaredDistances");
            Tensor d2 = Tensor.zeros(pairShape(x), x.device());
            Native.check(SymkernNative.sk_egnn_edge_forward(d2.buffer(), null, x.buffer(), bnd[0], bnd[1], bnd[2]));
            save(x);
            return d2;
        }

        @Override
        protected Tensor[] backward(Tensor dd2) {
            Tensor x = saved(0);
            Tensor dx = Tensor.zerosLike(x);
            Native.check(SymkernNative.sk_egnn_edge_backward(dx.buffer(), dd2.buffer(), null, x.buffer(), bnd[0], bnd[1], bnd[2]));
            return new Tensor[] {dx};
        }

        @Override
        public String name() {
            return "EgnnEdge(d2)";
        }
    }

    static final class CoordUpdate extends Function {
        private final float scale;
        private long[] bnd;
        private boolean needX, needPhi;

        CoordUpdate(float scale) {
            this.scale = scale;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0].requireFloat(name() + " x"), phi = in[1].requireFloat(name() + " phi");
            bnd = dims(x, "egnn coordUpdate");
            if (!phi.shape().equals(pairShape(x)))
                throw new IllegalArgumentException("egnn coordUpdate: phi must be " + pairShape(x) + " for x " + x.shape()
                        + ", got " + phi.shape());
            Tensor out = Tensor.zerosLike(x);
            Native.check(SymkernNative.sk_egnn_coord_forward(out.buffer(), x.buffer(), phi.buffer(), bnd[0], bnd[1], bnd[2],
                    scale));
            needX = x.requiresGrad();
            needPhi = phi.requiresGrad();
            save(x, phi);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor x = saved(0), phi = saved(1);
            Tensor dx = needX ? Tensor.zerosLike(x) : null, dphi = needPhi ? Tensor.zerosLike(phi) : null;
            Native.check(SymkernNative.sk_egnn_coord_backward(OrbitLinear.buf(dx), OrbitLinear.buf(dphi), g.buffer(),
                    x.buffer(), phi.buffer(), bnd[0], bnd[1], bnd[2], scale));
            return new Tensor[] {dx, dphi};
        }

        @Override
        public String name() {
            return "EgnnEdge(coordUpdate)";
        }
    }
}
