package org.symkern.salf;

import org.symkern.models.Cnn1d;
import org.symkern.models.HalvingMaxPool1d;

import org.symkern.nn.Activation;
import org.symkern.nn.GroupConv1d;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;

/**
 * The symmetric 1D CNN for heartbeats (SALF's "Symmetric 1D-CNN" row): {@link Cnn1d} with time-reversal group
 * convolutions ({@link GroupConv1d}, the group Z2 = {e, r} of docs/groups.md, section Time reversal) and invariant logits:
 * <pre>
 *   block 1        GroupConv1d lifting (cIn -> F, k, padding (k-1)/2)  InnerBatchNorm  ReLU  HalvingMaxPool1d
 *   blocks 2..L    GroupConv1d group   (F -> F,   k, padding (k-1)/2)  InnerBatchNorm  ReLU  HalvingMaxPool1d
 *                  features h (B, F, 2, T')
 *   head           z[b, f] = max over (g, p) of h[b, f, g, p]        ({@link AsymmetryHead}, symmetric only)
 *   logits         Linear(F -> classes)
 * </pre>
 * Defaults: L = {@link #BLOCKS} = 4, k = {@link #KERNEL} = 5; lengths as Cnn1d's (181 -> ... -> 12). Parameters:
 * F (cIn k + 1) + (L - 1) F (2 F k + 1) + 2 F L + (F + 1) classes; F = 22 (Cnn1d's 32 over sqrt 2), one lead, two
 * classes: 14,940, against Cnn1d's 15,970 at C = 32 (SalfCnn1d: 15,050).
 *
 * <p>Invariance, exact for every length T: with R the reversal x[..., p] -> x[..., T-1-p] and S the swap of the
 * group axis, the lifting block gives h1(R x) = S R h1(x) and every later block maps S R h to S R of its output
 * (GroupConv1d with stride 1 and symmetric padding; the batch norm's statistics are sums over (b, g, p); ReLU is
 * pointwise; {@link HalvingMaxPool1d} picks a reversal-symmetric tiling for either parity). The head's max over
 * (g, p) removes S and R, so logits(R x) = logits(x) up to the order of float sums.
 */
public final class GCnn1d extends SalfClassifier {
    /** Default number of blocks and kernel size. */
    public static final int BLOCKS = Cnn1d.BLOCKS, KERNEL = Cnn1d.KERNEL;

    /** The time-reversal G-CNN with {@code blocks} blocks of {@code fields} fields. */
    public GCnn1d(long cIn, long fields, long classes, int blocks, int kernel, Device device, long seed) {
        super("GCnn1d", encoder(cIn, fields, blocks, kernel, device, seed), AsymmetryHead.symmetricOnly(fields, 2, 1, device),
                classes, device, seed * 100 + blocks + 1);
    }

    /** {@link #BLOCKS} blocks of kernel {@link #KERNEL}. */
    public GCnn1d(long cIn, long fields, long classes, Device device, long seed) {
        this(cIn, fields, classes, BLOCKS, KERNEL, device, seed);
    }

    /** The encoder x (B, cIn, T) -> h (B, F, 2, T'); block l's filters come from seed 100 seed + l. */
    public static Sequential encoder(long cIn, long fields, int blocks, int kernel, Device device, long seed) {
        Cnn1d.checkShape("GCnn1d", blocks, kernel);
        Sequential s = new Sequential();
        for (int l = 0; l < blocks; l++)
            s.add(l == 0 ? GroupConv1d.lifting(cIn, fields, kernel, 1, (kernel - 1) / 2, true, device, seed * 100 + l)
                         : GroupConv1d.group(fields, fields, kernel, 1, (kernel - 1) / 2, true, device, seed * 100 + l))
             .add(new InnerBatchNorm(fields, 2, device)).add(Activation.relu()).add(new HalvingMaxPool1d());
        return s;
    }

    /** Length-preserving padding needs an odd kernel; at least one block. */
}
