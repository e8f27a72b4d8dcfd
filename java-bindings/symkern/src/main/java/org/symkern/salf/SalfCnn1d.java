package org.symkern.salf;

import org.symkern.tensor.Device;

/**
 * SALF for heartbeats (docs/salf.md, section symkern's reading): {@link GCnn1d}'s time-reversal encoder, the gated {@link AsymmetryHead}
 * with G = 2 and a linear classifier. With h (B, F, 2, T') the encoder's map:
 * <pre>
 *   z      = [ max_(g,p) h[b, f, g, p] ,  gamma_f (mean_p h[b, f, g, p] - mean_(g', p) h[b, f, g', p]) ]    (B, 3F)
 *   logits = Linear(3F -> classes)(z)
 * </pre>
 * For G = 2 the asymmetric block of a field is (d, -d), d = gamma_f (mean_p h[f, 0] - mean_p h[f, 1]) / 2: how
 * differently the field responds to the beat and to its reversal, the cue a time-reversal invariant model cannot
 * see. Built with {@code symmetricOnly}, gamma is fixed at 0, z is the invariant block and the network is GCnn1d's
 * (same seed, same weights). Under time reversal the invariant block is unchanged and every asymmetric pair is
 * swapped (exactly, up to the order of float sums; see GCnn1d for why the encoder is exact at every length).
 */
public final class SalfCnn1d extends SalfClassifier {
    /** SALF for signals: the time-reversal encoder, the head (gamma starting at {@code gammaInit}) and a linear classifier. */
    public SalfCnn1d(long cIn, long fields, long classes, int blocks, int kernel, float gammaInit, boolean symmetricOnly,
                     Device device, long seed) {
        super("SalfCnn1d", GCnn1d.encoder(cIn, fields, blocks, kernel, device, seed),
                new AsymmetryHead(fields, 2, 1, gammaInit, symmetricOnly, device), classes, device, seed * 100 + blocks + 1);
    }

    /** {@link GCnn1d#BLOCKS} blocks of kernel {@link GCnn1d#KERNEL}. */
    public SalfCnn1d(long cIn, long fields, long classes, float gammaInit, boolean symmetricOnly, Device device, long seed) {
        this(cIn, fields, classes, GCnn1d.BLOCKS, GCnn1d.KERNEL, gammaInit, symmetricOnly, device, seed);
    }
}
