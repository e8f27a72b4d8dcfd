package org.symkern.models;

import java.util.ArrayList;
import java.util.List;

import org.symkern.nn.Activation;
import org.symkern.nn.GSpace;
import org.symkern.nn.GlobalPool;
import org.symkern.nn.GroupConv2d;
import org.symkern.nn.GroupConvLayer;
import org.symkern.nn.GroupPool;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.LiftingConv2d;
import org.symkern.nn.Module;
import org.symkern.nn.PlaneMaxPool;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * P4CNN of gconv_experiments for MNIST-rot (Cohen and Welling 2016; docs/models.md, section MNIST-rot CNNs), valid padding and
 * stride 1 throughout:
 * <pre>
 *   l1      LiftingConv2d(p4, cIn -> F, 3x3)  InnerBatchNorm  ReLU      28 -> 26
 *   l2      GroupConv2d(p4, F -> F, 3x3)      InnerBatchNorm  ReLU      26 -> 24
 *           PlaneMaxPool 2x2 stride 2                                   24 -> 12
 *   l3..l6  GroupConv2d(p4, F -> F, 3x3)      InnerBatchNorm  ReLU      12 -> 10 -> 8 -> 6 -> 4
 *   top     GroupConv2d(p4, F -> classes, 4x4)                          4 -> 1
 *           GroupPool max (over rotations), GlobalPool max (over space)  -> logits (B, classes)
 * </pre>
 * with F = 10 fields of 4 channels (about sqrt(4) fewer channels than Z2CNN's 20) and no dropout. Every conv has
 * a bias shared over the group axis (GrouPy's default; the batch norm that follows makes it redundant but
 * harmless). The top conv is even-sized: p4's half-shift rotation about the 4x4 kernel centre.
 *
 * <p>Invariance: every block is p4-equivariant (rot90 of the input = rot90 of the map and a roll of its
 * group axis, docs/groups.md, section Equivariance laws; the 2x2 pooling on the even 24x24 map keeps it exact), and the two max
 * pools remove both actions, so logits(rot90 x) = logits(x) up to float rounding, for 28x28 (any input whose
 * sizes keep the pooled map even and end at 1x1 or a square) inputs. Batch norm in training mode uses batch
 * statistics shared over (batch, group, space), which also commute with the action.
 */
public final class P4Cnn extends Module {
    private final Sequential body;
    private final List<GroupConvLayer> convs = new ArrayList<>();

    /**
     * @param cIn     input channels (1 for MNIST)
     * @param fields  hidden p4 fields F (10 in the reference)
     * @param classes output fields of the top conv, i.e. logits
     */
    public P4Cnn(long cIn, long fields, long classes, Device device, long seed) {
        super("P4Cnn");
        Sequential s = new Sequential();
        for (int l = 0; l < 6; l++) {
            GroupConvLayer c = l == 0 ? new LiftingConv2d(GSpace.P4, cIn, fields, 3, device, seed * 100 + l)
                                      : new GroupConv2d(GSpace.P4, fields, fields, 3, device, seed * 100 + l);
            convs.add(c);
            s.add(c).add(new InnerBatchNorm(fields, 4, device)).add(Activation.relu());
            if (l == 1) s.add(new PlaneMaxPool(2, 2, 0));
        }
        GroupConvLayer top = new GroupConv2d(GSpace.P4, fields, classes, 4, device, seed * 100 + 6);
        convs.add(top);
        s.add(top).add(GroupPool.max()).add(GlobalPool.max());
        this.body = child("body", s);
    }

    /** The reference model: 1 input channel, 10 fields, 10 classes. */
    public P4Cnn(Device device, long seed) {
        this(1, 10, 10, device, seed);
    }

    /** x (B, cIn, 28, 28) -> logits (B, classes). */
    @Override
    public Tensor forward(Tensor x) {
        return body.call(x);
    }

    /** The layers in order (the table above), e.g. for export. */
    public Sequential body() {
        return body;
    }

    /** The seven convolutions in order (lifting, five 3x3 group convs, the 4x4 top). */
    public List<GroupConvLayer> convolutions() {
        return List.copyOf(convs);
    }

    /**
     * Forward FLOPs of each convolution (2 per multiply-add) for a batch of h x w inputs, following the spatial
     * trace above (the pool halves the size after the second conv).
     */
    public double[] convFlops(long batch, long h, long w) {
        double[] out = new double[convs.size()];
        for (int l = 0; l < out.length; l++) {
            GroupConvLayer c = convs.get(l);
            out[l] = c.flops(batch, h, w);
            h = (h + 2L * c.padding() - c.kernelSize()) / c.stride() + 1;
            w = (w + 2L * c.padding() - c.kernelSize()) / c.stride() + 1;
            if (l == 1) {
                h /= 2;
                w /= 2;
            }
        }
        return out;
    }

    /**
     * FLOPs of the convolutions in one training step: forward, input gradient (every layer but the first, whose
     * input needs none) and weight gradient, each as many as the forward. Elementwise ops, batch norm and pooling
     * (a few MFLOP) are not counted.
     */
    public double trainStepConvFlops(long batch, long h, long w) {
        double[] f = convFlops(batch, h, w);
        double sum = 0;
        for (int l = 0; l < f.length; l++) sum += f[l] * (l == 0 ? 2 : 3);
        return sum;
    }
}
