package org.symkern.nn;

import java.util.ArrayList;
import java.util.List;

import org.symkern.ops.Reduce;
import org.symkern.ops.SegmentReduce;
import org.symkern.tensor.Tensor;

/**
 * The DeepSets invariant model (Zaheer et al. 2017, Theorem 2; docs/kernels.md, section DeepSets):
 * <pre>
 *   f(X) = rho( pool_{x in X} phi(x) ),   pool = sum (the theorem), mean or max
 * </pre>
 * over a batch of variable-size sets given as CSR rows: x (rows, features) with int64 offsets (sets + 1)
 * (set s = rows offsets[s] .. offsets[s+1]-1), output (sets, ...) from rho. phi is a list of stages applied
 * in order: a stage that is a {@link SetLayer} (e.g. {@link PermEquivariant}) gets the offsets, any other
 * {@link Module} is applied to all rows at once and must act row by row (Linear, Activation, Sequential of
 * those). rho acts on the pooled (sets, hidden) rows. Children: "phi0", "phi1", ..., "rho".
 *
 * <p><b>Invariance.</b> If every phi stage is permutation-equivariant within each set (row-wise maps are;
 * PermEquivariant is), then f(P X) = f(X) for every permutation P that maps each set onto itself: the pool
 * ({@link SegmentReduce}) does not see the order of a set's rows. The max pool is exactly invariant; sum and
 * mean are invariant up to float rounding. An empty set pools to 0, so its output is rho(0).
 */
public final class DeepSets extends Module implements SetLayer {
    private final List<Module> phi = new ArrayList<>();
    private final Reduce.Op pool;
    private final Module rho;

    /** rho(pool(phi(x))) with phi a stack of set layers. */
    public DeepSets(List<? extends Module> phi, Reduce.Op pool, Module rho) {
        super("DeepSets(" + pool.name().toLowerCase() + ")");
        for (Module m : phi) this.phi.add(child("phi" + this.phi.size(), m));
        this.pool = pool;
        this.rho = child("rho", rho);
    }

    /** rho(pool(phi(x))) with one per-element map phi. */
    public DeepSets(Module phi, Reduce.Op pool, Module rho) {
        this(List.of(phi), pool, rho);
    }

    /** All rows of x form one set; the output has one row. */
    @Override
    public Tensor forward(Tensor x) {
        return forwardOneSet(x);
    }

    @Override
    public Tensor forward(Tensor x, Tensor offsets) {
        return rho.forward(SegmentReduce.apply(embed(x, offsets), offsets, pool));
    }

    /** phi applied to every row (the equivariant part), before pooling: (rows, hidden). */
    public Tensor embed(Tensor x, Tensor offsets) {
        for (Module m : phi) x = m instanceof SetLayer s ? s.forward(x, offsets) : m.forward(x);
        return x;
    }

    /** The pooling over each set. */
    public Reduce.Op pool() {
        return pool;
    }
}
