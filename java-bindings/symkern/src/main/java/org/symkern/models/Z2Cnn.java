package org.symkern.models;

import org.symkern.nn.Activation;
import org.symkern.nn.Conv2d;
import org.symkern.nn.Dropout;
import org.symkern.nn.GlobalPool;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.Module;
import org.symkern.nn.PlaneMaxPool;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * Z2CNN of gconv_experiments for MNIST-rot (docs/models.md, section MNIST-rot CNNs), the plain-CNN twin of {@link P4Cnn}; valid
 * 3x3 convolutions, stride 1:
 * <pre>
 *   l1      Conv2d(cIn -> C)  BatchNorm  ReLU  Dropout(p)      28 -> 26
 *   l2      Conv2d(C -> C)    BatchNorm  ReLU                  26 -> 24
 *           MaxPool 2x2 stride 2                               24 -> 12
 *   l3..l6  Conv2d(C -> C)    BatchNorm  ReLU  Dropout(p)      12 -> 10 -> 8 -> 6 -> 4
 *   top     Conv2d(C -> classes, 4x4)                          4 -> 1
 *           GlobalPool max                                     -> logits (B, classes)
 * </pre>
 * with C = 20 and p = 0.3 in the reference. Equivariant only to translations (not rotations).
 */
public final class Z2Cnn extends Module {
    private final Sequential body;

    /** Z2CNN with {@code channels} channels per layer. */
    public Z2Cnn(long cIn, long channels, long classes, float dropout, Device device, long seed) {
        super("Z2Cnn");
        Sequential s = new Sequential();
        for (int l = 0; l < 6; l++) {
            s.add(new Conv2d(l == 0 ? cIn : channels, channels, 3, 1, 0, device, seed * 100 + l))
             .add(new InnerBatchNorm(channels, 1, device)).add(Activation.relu());
            if (l != 1 && dropout > 0) s.add(new Dropout(dropout, seed * 100 + 50 + l));
            if (l == 1) s.add(new PlaneMaxPool(2, 2, 0));
        }
        s.add(new Conv2d(channels, classes, 4, 1, 0, device, seed * 100 + 6)).add(GlobalPool.max());
        this.body = child("body", s);
    }

    /** The reference model: 1 input channel, 20 channels, 10 classes, dropout 0.3. */
    public Z2Cnn(Device device, long seed) {
        this(1, 20, 10, 0.3f, device, seed);
    }

    /** x (B, cIn, 28, 28) -> logits (B, classes). */
    @Override
    public Tensor forward(Tensor x) {
        return body.call(x);
    }
}
