package org.symkern.salf;

import org.symkern.nn.GSpace;
import org.symkern.tensor.Device;

/**
 * SALF for images (docs/salf.md, section symkern's reading): {@link GCnn}'s encoder, the gated {@link AsymmetryHead} and a linear classifier.
 * With h (B, F, |G|, 4, 4) the encoder's map on 28x28 inputs:
 * <pre>
 *   z      = [ max_(g,p) h[b, f, g, p] ,  gamma_f (mean_p h[b, f, g, p] - mean_(g', p) h[b, f, g', p]) ]   (B, F + F |G|)
 *   logits = Linear(F + F |G| -> classes)(z)
 * </pre>
 * {@link #logitsAndEmbedding} returns z with the logits for the asymmetry loss. It differs from GCnn only in the
 * head: built with {@code symmetricOnly}, gamma is fixed at 0, z = the invariant block and the network is GCnn's
 * (same seed, same weights). Parameters beyond GCnn's: F (gamma) + F |G| classes (the classifier's extra inputs);
 * with 10 classes P4, F = 10: 18,790; P4M, F = 7: 18,476; C8, F = 9: 20,485.
 *
 * <p>Equivariance (square inputs of even size, the grid symmetries g of the GSpace, as for GCnn): the invariant block
 * of z is invariant, and the asymmetric block of every field is permuted like the group axis,
 * z(L_g x)[b, F + f |G| + t] = z(x)[b, F + f |G| + perm[t]], perm = groupAxisPermutation(g) (for p4's rot90 a roll
 * by +1). The logits are therefore not invariant once gamma is not 0: that is the point of the asymmetric channel.
 */
public final class SalfCnn extends SalfClassifier {
    /**
     * @param gammaInit     initial gate of the asymmetric block ({@link AsymmetryHead#DEFAULT_GAMMA_INIT} = 0.1)
     * @param symmetricOnly gamma fixed at 0 (no parameter): exactly invariant, the same network as GCnn
     */
    public SalfCnn(GSpace gspace, long cIn, long fields, long classes, float gammaInit, boolean symmetricOnly, Device device,
                   long seed) {
        super("SalfCnn(" + gspace + ")", GCnn.encoder(gspace, cIn, fields, device, seed),
                new AsymmetryHead(fields, gspace.order(), 2, gammaInit, symmetricOnly, device), classes, device,
                seed * 100 + GCnn.LAYERS + 1);
    }

    /** Gated head with gamma starting at {@link AsymmetryHead#DEFAULT_GAMMA_INIT}. */
    public SalfCnn(GSpace gspace, long cIn, long fields, long classes, Device device, long seed) {
        this(gspace, cIn, fields, classes, AsymmetryHead.DEFAULT_GAMMA_INIT, false, device, seed);
    }
}
