package org.symkern.salf;

import org.symkern.nn.Activation;
import org.symkern.nn.GSpace;
import org.symkern.nn.GroupConv2d;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.LiftingConv2d;
import org.symkern.nn.PlaneMaxPool;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;

/**
 * The symmetry-only image classifier of SALF's ablation (docs/salf.md, section symkern's reading, "baseline 2: G-CNN without asymmetry
 * loss"): {@link org.symkern.models.P4Cnn}'s encoder for any {@link GSpace} (P4, P4M, C8, C16, D8), then group pooling, global
 * spatial pooling and a linear classifier. Valid 3x3 convolutions, stride 1:
 * <pre>
 *   l1      LiftingConv2d(G, cIn -> F, 3x3)  InnerBatchNorm  ReLU    28 -> 26
 *   l2      GroupConv2d(G, F -> F, 3x3)      InnerBatchNorm  ReLU    26 -> 24
 *           PlaneMaxPool 2x2 stride 2                                24 -> 12
 *   l3..l6  GroupConv2d(G, F -> F, 3x3)      InnerBatchNorm  ReLU    12 -> 10 -> 8 -> 6 -> 4
 *           features h (B, F, |G|, 4, 4)
 *   head    z[b, f] = max over (g, p) of h[b, f, g, p]                (B, F)   ({@link AsymmetryHead}, symmetric only)
 *   logits  Linear(F -> classes)
 * </pre>
 * P4Cnn's 4x4 top convolution is replaced by the pooled head and a linear layer (even kernels exist only for p4),
 * so that {@link SalfCnn} differs from this model in the head alone: with the same seed, SalfCnn built
 * symmetric-only is this network. Parameters for 1 input channel and 10 classes: 5 (|G| nb F^2 + F) in the group
 * convs, (nb + 1) F in the lifting conv, 12 F in the batch norms and 10 F + 10 in the classifier, nb the filter
 * size (9 pixels for P4 / P4M, 6 basis images of the 3x3 steerable basis for C8): P4 180 F^2 + 37 F + 10 (F = 10:
 * 18,380), P4M 360 F^2 + 37 F + 10 (F = 7: 17,909), C8 240 F^2 + 34 F + 10 (F = 9: 19,756). These F roughly
 * match {@link org.symkern.models.Z2Cnn} at its reference 20 channels (21,750 parameters), as the sqrt(|G|) rule of docs/models.md, section MNIST-rot CNNs
 * does for P4CNN.
 *
 * <p>Invariance: for square inputs of even size (at least 22; the pooled map must be even), each block is
 * equivariant under the grid symmetries of the GSpace (rot90; flipud for P4M, fliplr for D8): rot90 of the input
 * rotates every plane of h and permutes its group axis ({@link org.symkern.group.FiniteGroup#groupAxisPermutation};
 * a roll by |G|/4 for the cyclic groups), and the head's max over (g, p) removes both, so logits(rot90 x) =
 * logits(x) up to float rounding. For the other rotations of C8 / C16 / D8 it holds only approximately.
 */
public final class GCnn extends SalfClassifier {
    /** Convolutions in the encoder (lifting + 5 group convs). */
    public static final int LAYERS = 6;

    /**
     * @param cIn     input channels (1 for MNIST)
     * @param fields  hidden fields F (|G| channels each)
     * @param classes logits
     */
    public GCnn(GSpace gspace, long cIn, long fields, long classes, Device device, long seed) {
        super("GCnn(" + gspace + ")", encoder(gspace, cIn, fields, device, seed),
                AsymmetryHead.symmetricOnly(fields, gspace.order(), 2, device), classes, device, seed * 100 + LAYERS + 1);
    }

    /**
     * The encoder x (B, cIn, H, W) -> h (B, F, |G|, (H - 4) / 2 - 8, ...) of the table above; layer l's filters come
     * from seed 100 seed + l (as in {@link org.symkern.models.P4Cnn}).
     */
    public static Sequential encoder(GSpace gspace, long cIn, long fields, Device device, long seed) {
        if (gspace == null) throw new IllegalArgumentException("GCnn: gspace is null");
        Sequential s = new Sequential();
        for (int l = 0; l < LAYERS; l++) {
            s.add(l == 0 ? new LiftingConv2d(gspace, cIn, fields, 3, device, seed * 100 + l)
                         : new GroupConv2d(gspace, fields, fields, 3, device, seed * 100 + l))
             .add(new InnerBatchNorm(fields, gspace.order(), device)).add(Activation.relu());
            if (l == 1) s.add(new PlaneMaxPool(2, 2, 0));
        }
        return s;
    }
}
