package org.symkern.nn;

import java.util.Arrays;

import org.symkern.group.NodeOrbits;
import org.symkern.group.PairOrbits;
import org.symkern.ops.Random;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The G-equivariant linear layer on n points by 2-orbit weight tying (ASEN EquiMLP, docs/groups.md, section Permutation groups and 2-orbits), on
 * {@link org.symkern.ops.OrbitLinear}: for x (..., n, in),
 * <pre>
 *   full:      y_i = sum_j x_j W[c(i,j)] + b[o(i)]              W (K, in, out)
 *   separable: y_i = sum_j alpha[c(i,j)] (x_j W) + b[o(i)]      alpha (K), W (in, out)
 * </pre>
 * where c is the 2-orbit category map of G and o(i) the node orbit of point i (the rank of the diagonal
 * category c(i, i), so it numbers node orbits by their smallest point). Initialisation as EquiMLP: alpha ~
 * N(0, 1)/sqrt(n), W xavier-uniform (U(+-sqrt(6/(in + out))) for each category's matrix); the bias starts at 0.
 *
 * <p>Equivariance: for every permutation g of the points with c(g i, g j) = c(i, j) for all i, j (every g in G,
 * and in fact every g in the 2-closure of G), y(g.x) = g.y(x) with (g.x)_{g(i)} = x_i. Such a g also maps each
 * diagonal category to itself, so o(g i) = o(i) and the bias term is preserved.
 */
public final class OrbitLinear extends Module {
    private final Tensor alpha;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor cat;
    private final Tensor nodeOrbit;
    private final Scope tables;
    private final long in;
    private final long n;

    /** The orbit-tied linear layer for {@code orbits}: one weight (separable: one scalar and a shared weight) per 2-orbit. */
    public OrbitLinear(PairOrbits orbits, long in, long out, boolean separable, boolean bias, Device device, long seed) {
        super((separable ? "OrbitLinear(separable, " : "OrbitLinear(") + in + "->" + out + ", K=" + orbits.count() + ")");
        if (in <= 0 || out <= 0) throw new IllegalArgumentException(name() + ": sizes must be positive");
        this.in = in;
        final long pts = orbits.degree(), k = orbits.count();
        this.n = pts;
        float bound = (float) Math.sqrt(6.0 / (in + out));
        this.weight = separable
                ? parameter("weight", Shape.of(in, out), device, () -> Random.uniform(Shape.of(in, out), device, -bound, bound, seed, 0))
                : parameter("weight", Shape.of(k, in, out), device,
                        () -> Random.uniform(Shape.of(k, in, out), device, -bound, bound, seed, 0));
        this.alpha = separable ? parameter("alpha", Shape.of(k), device,
                () -> Random.normal(Shape.of(k), device, 0f, (float) (1.0 / Math.sqrt(pts)), seed, 1L << 40)) : null;
        NodeOrbits o = nodeOrbits(orbits);
        this.bias = bias ? parameter("bias", Shape.of(o.count(), out), device, () -> Tensor.zeros(Shape.of(o.count(), out), device))
                : null;
        this.tables = Scope.standalone(name() + " tables");
        try (Scope.Activation a = tables.activate()) {
            this.cat = Tensor.ofInts(orbits.categories(), Shape.of(pts, pts), device);
            this.nodeOrbit = Tensor.ofInts(o.ids(), Shape.of(pts), device);
        }
    }

    /** The node orbits implied by the 2-orbits: o(i) = rank of c(i, i) among the diagonal categories. */
    public static NodeOrbits nodeOrbits(PairOrbits orbits) {
        int n = orbits.degree();
        int[] diag = new int[n];
        for (int i = 0; i < n; ++i) diag[i] = orbits.category(i, i);
        int[] distinct = Arrays.stream(diag).distinct().sorted().toArray();
        int[] ids = new int[n];
        for (int i = 0; i < n; ++i) ids[i] = Arrays.binarySearch(distinct, diag[i]);
        return NodeOrbits.fromIds(ids, distinct.length);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.dim(-2) != n || x.dim(-1) != in)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must end in [" + n + ", " + in + "]");
        return alpha != null ? org.symkern.ops.OrbitLinear.separable(x, alpha, weight, bias, cat, bias != null ? nodeOrbit : null)
                : org.symkern.ops.OrbitLinear.full(x, weight, bias, cat, bias != null ? nodeOrbit : null);
    }

    /** The weights, one per 2-orbit (separable: the shared weight). */
    public Tensor weight() {
        return weight;
    }

    /** The per-category scalars of the separable variant (null for the full one). */
    public Tensor alpha() {
        return alpha;
    }

    /** The bias, one per node orbit, or null. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public void close() {
        tables.close();
        super.close();
    }
}
