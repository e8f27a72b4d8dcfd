package org.symkern.models;


import org.symkern.nn.Activation;
import org.symkern.nn.Conv1d;
import org.symkern.nn.GlobalPool;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.nn.Sequential;
import org.symkern.ops.Reduce;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * The plain 1D CNN baseline for single-lead heartbeats (SALF's "1D-CNN (Baseline)" row): x (B, cIn, T) ->
 * logits (B, classes) through `blocks` blocks
 * <pre>
 *   Conv1d(k, stride 1, padding (k-1)/2)  BatchNorm  ReLU  HalvingMaxPool1d      T -> ceil(T / 2)
 * </pre>
 * (channels cIn -> C, then C -> C), a global max over time and Linear(C -> classes). With the defaults (4 blocks,
 * k = 5) a 181-sample beat goes 181 -> 91 -> 46 -> 23 -> 12 and a 187-sample one 187 -> 94 -> 47 -> 24 -> 12.
 * Parameters: C (cIn k + 1) + (blocks - 1) C (C k + 1) + 2 C blocks + (C + 1) classes; C = 32, one lead, two classes:
 * 15,970. Equivariant to time shifts (up to the pooling grid) but not to time reversal; {@link org.symkern.salf.GCnn1d} is its
 * time-reversal twin.
 */
public final class Cnn1d extends Module {
    /** Default depth and kernel of the 1D encoders (Cnn1d and the SALF 1D G-CNNs share them). */
    public static final int BLOCKS = 4, KERNEL = 5;

    private final Sequential body;
    private final GlobalPool pool = child("pool", new GlobalPool(Reduce.Op.MAX, 1));
    private final Linear classifier;

    /**
     * @param channels C, every block's width
     * @param blocks   conv blocks (each halves T)
     * @param kernel   odd kernel size
     */
    public Cnn1d(long cIn, long channels, long classes, int blocks, int kernel, Device device, long seed) {
        super("Cnn1d");
        checkShape("Cnn1d", blocks, kernel);
        Sequential s = new Sequential();
        for (int l = 0; l < blocks; l++)
            s.add(new Conv1d(l == 0 ? cIn : channels, channels, kernel, 1, (kernel - 1) / 2, device, seed * 100 + l))
             .add(new InnerBatchNorm(channels, 1, device)).add(Activation.relu()).add(new HalvingMaxPool1d());
        this.body = child("body", s);
        this.classifier = child("classifier", new Linear(channels, classes, device, seed * 100 + blocks + 1));
    }

    /** 4 blocks of kernel 5 (the kernel of Kachuee et al. 2018's residual blocks, docs/models.md, section MIT-BIH heartbeats). */
    public Cnn1d(long cIn, long channels, long classes, Device device, long seed) {
        this(cIn, channels, classes, BLOCKS, KERNEL, device, seed);
    }

    /** The last block's map (B, C, T'). */
    public Tensor features(Tensor x) {
        return body.call(x);
    }

    /** x (B, cIn, T) -> logits (B, classes). */
    @Override
    public Tensor forward(Tensor x) {
        return classifier.call(pool.call(features(x)));
    }

    /** Rejects blocks &lt; 1 and even kernels (padding (k-1)/2 keeps the length only for odd k), naming `model`. */
    public static void checkShape(String model, int blocks, int kernel) {
        if (blocks < 1) throw new IllegalArgumentException(model + ": blocks " + blocks + " must be at least 1");
        if (kernel < 1 || kernel % 2 == 0)
            throw new IllegalArgumentException(model + ": kernel " + kernel + " must be odd (padding (k-1)/2 keeps the length)");
    }
}
