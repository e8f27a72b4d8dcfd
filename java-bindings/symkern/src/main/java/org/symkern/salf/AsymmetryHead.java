package org.symkern.salf;

import org.symkern.nn.GlobalPool;
import org.symkern.nn.GroupPool;
import org.symkern.nn.Module;
import org.symkern.ops.Reduce;
import org.symkern.ops.ScatterAdd;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * SALF's head (docs/salf.md, section symkern's reading): from an equivariant feature map h (B, C, G, *space) — G the
 * group axis (4 for p4, 8 for p4m / C8, 2 for time reversal), `space` one axis (signals) or two (images) — the
 * embedding
 * <pre>
 *   inv[b, c]      = max_p max_g h[b, c, g, p]                                   (B, C)     invariant part
 *   s[b, c, g]     = mean_p h[b, c, g, p]                                        (B, C, G)  orientation profile
 *   asym[b, c, g]  = gamma_c (s[b, c, g] - mean_g' s[b, c, g'])                  (B, C, G)  asymmetric part
 *   z[b]           = [ inv[b, 0..C-1] , asym[b, 0, 0..G-1], ..., asym[b, C-1, 0..G-1] ]   (B, C + C G)
 * </pre>
 * with gamma (C) a learned per-field gate broadcast over the group axis. Because mean_p is linear, asym equals
 * gamma * mean_p(h - mean_G h), the spatially pooled deviation of h from its group mean (docs/salf.md, section symkern's reading); it is
 * computed on the pooled profile s, which is cheaper.
 *
 * <p>Pooling choices. The invariant part pools the group axis by max (coset pooling, GrouPy / escnn GroupPooling)
 * and space by max (P4CNN's global max; escnn's adaptive max pool): one strongest response per field wherever it
 * lies. The asymmetric part pools space by mean: the deviation from the group mean is signed and sums to zero over
 * the group axis, a mean keeps that (and is linear, so pooling before or after subtracting the group mean agrees),
 * sees every position, and passes gradient to all of them, where a max would keep one outlier.
 *
 * <p>gamma starts at {@link #DEFAULT_GAMMA_INIT} = 0.1 unless told otherwise: small, so that the untrained model
 * is close to its invariant twin (the invariant block dominates ||z|| and the first logits) and the asymmetric
 * channel opens only as far as the losses ask; not zero, so that the classifier's weights on the asymmetric block
 * receive gradient from the first step (their gradient is proportional to gamma). With {@code symmetricOnly} gamma
 * is fixed at 0 and is no parameter; the asymmetric block, identically zero, is then left out: z = inv (B, C). A
 * classifier on z and the L2-normalised z of {@link AsymmetryLoss} are the same as with the zero block kept.
 *
 * <p>Equivariance. Let g act on h by the regular representation on the group axis and by a permutation of the
 * positions (rot90 / flips of the plane, reversal of time): h'[b, c, t, p] = h[b, c, perm[t], g^{-1} p] with
 * perm = {@link org.symkern.group.FiniteGroup#groupAxisPermutation}(g) (a roll by +1 for p4's rot90, the swap for
 * time reversal). Then inv' = inv (invariant) and asym'[b, c, t] = asym[b, c, perm[t]]: the asymmetric block of
 * every field is permuted like the group axis. Both hold exactly up to the order of float sums (max is exact).
 */
public final class AsymmetryHead extends Module {
    /** gamma's initial value when none is given. */
    public static final float DEFAULT_GAMMA_INIT = 0.1f;

    private final long channels;
    private final int groupOrder, spatialAxes;
    private final Tensor gamma;
    private final GroupPool groupMax = child("groupMax", GroupPool.max());
    private final GlobalPool spaceMax, spaceMean;

    /**
     * @param channels      fields C of h (axis 1)
     * @param groupOrder    |G| of h's group axis (axis 2)
     * @param spatialAxes   1 for signals (B, C, G, T), 2 for images (B, C, G, H, W)
     * @param gammaInit     initial gate of every field (ignored when symmetricOnly)
     * @param symmetricOnly gamma fixed at 0, no parameter, z = inv only
     */
    public AsymmetryHead(long channels, int groupOrder, int spatialAxes, float gammaInit, boolean symmetricOnly, Device device) {
        super("AsymmetryHead(" + channels + "x" + groupOrder + (symmetricOnly ? ", symmetric only" : "") + ")");
        if (channels <= 0 || groupOrder <= 0 || spatialAxes < 1)
            throw new IllegalArgumentException(name() + ": channels " + channels + ", group order " + groupOrder + " and spatial axes "
                    + spatialAxes + " must be positive");
        if (!Float.isFinite(gammaInit)) throw new IllegalArgumentException(name() + ": gamma init " + gammaInit + " is not finite");
        this.channels = channels;
        this.groupOrder = groupOrder;
        this.spatialAxes = spatialAxes;
        this.spaceMax = child("spaceMax", new GlobalPool(Reduce.Op.MAX, spatialAxes));
        this.spaceMean = child("spaceMean", new GlobalPool(Reduce.Op.MEAN, spatialAxes));
        Shape c = Shape.of(channels);
        this.gamma = symmetricOnly ? null : parameter("gamma", c, device, () -> Tensor.full(c, gammaInit, device));
    }

    /** The symmetric-only head: z = inv (B, C), no parameter. */
    public static AsymmetryHead symmetricOnly(long channels, int groupOrder, int spatialAxes, Device device) {
        return new AsymmetryHead(channels, groupOrder, spatialAxes, 0f, true, device);
    }

    /** z (B, {@link #outDim()}) of h (B, C, G, *space). */
    @Override
    public Tensor forward(Tensor h) {
        Tensor inv = invariantPart(h);
        return gamma == null ? inv : concatColumns(inv, asymmetricPart(h).reshape(h.dim(0), channels * groupOrder));
    }

    /** inv (B, C): max over the group axis, then over space; invariant under the group. */
    public Tensor invariantPart(Tensor h) {
        check(h);
        return spaceMax.forward(groupMax.forward(h));
    }

    /**
     * asym (B, C, G) = gamma (mean over space of h minus its mean over the group axis); permuted like the group axis.
     * Throws for a symmetric-only head (its asymmetric part is identically 0 and left out).
     */
    public Tensor asymmetricPart(Tensor h) {
        if (gamma == null) throw new IllegalStateException(name() + ": a symmetric-only head has no asymmetric part");
        check(h);
        Tensor s = spaceMean.forward(h);                                       // (B, C, G)
        return s.sub(s.mean(2, true)).mul(gamma.reshape(channels, 1));
    }

    /** Width of z: C + C G, or C for a symmetric-only head. */
    public long outDim() {
        return gamma == null ? channels : channels + channels * groupOrder;
    }

    /** The gate (C), or null for a symmetric-only head. */
    public Tensor gamma() {
        return gamma;
    }

    /** true when the asymmetric block is dropped (an exactly invariant head). */
    public boolean isSymmetricOnly() {
        return gamma == null;
    }

    /** Channels C of the input map. */
    public long channels() {
        return channels;
    }

    /** The group order |G| of the input map. */
    public int groupOrder() {
        return groupOrder;
    }

    private void check(Tensor h) {
        if (h.rank() != 3 + spatialAxes || h.dim(1) != channels || h.dim(2) != groupOrder)
            throw new IllegalArgumentException(name() + ": input " + h.shape() + " must be (B, " + channels + ", " + groupOrder
                    + (spatialAxes == 1 ? ", T)" : spatialAxes == 2 ? ", H, W)" : ", " + spatialAxes + " spatial axes)"));
    }

    /**
     * [a, b] along axis 1 for a (B, m) and b (B, n): two row scatter-adds (K12) of the single elements into the
     * (B (m + n), 1) result, one source per destination, so the values are copied exactly and the gradient of each
     * part is the matching gather.
     */
    static Tensor concatColumns(Tensor a, Tensor b) {
        long rows = a.dim(0), m = a.dim(1), n = b.dim(1), w = m + n;
        if (b.dim(0) != rows) throw new IllegalArgumentException("concat: " + a.shape() + " and " + b.shape() + " differ in rows");
        int[] ia = new int[Math.toIntExact(rows * m)], ib = new int[Math.toIntExact(rows * n)];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < m; j++) ia[(int) (r * m + j)] = (int) (r * w + j);
            for (int j = 0; j < n; j++) ib[(int) (r * n + j)] = (int) (r * w + m + j);
        }
        Device d = a.device();
        Tensor pa = ScatterAdd.apply(a.reshape(rows * m, 1), Tensor.ofInts(ia, Shape.of(ia.length), d), rows * w);
        Tensor pb = ScatterAdd.apply(b.reshape(rows * n, 1), Tensor.ofInts(ib, Shape.of(ib.length), d), rows * w);
        return pa.add(pb).reshape(rows, w);
    }
}
