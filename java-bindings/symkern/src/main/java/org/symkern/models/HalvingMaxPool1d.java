package org.symkern.models;

import org.symkern.nn.Module;
import org.symkern.ops.MaxPool2d;
import org.symkern.tensor.Tensor;

/**
 * Max pooling that halves the last (time) axis of (..., T) — a signal (B, C, T) or a time-reversal map
 * (B, C, 2, T) — with a tiling that time reversal maps onto itself for either parity of T (catalog K10, a 1 x k
 * window of {@link MaxPool2d}):
 * <pre>
 *   T even:  window 2, stride 2, no padding       y[j] = max(x[2j], x[2j+1])               T' = T / 2
 *   T odd:   window 3, stride 2, padding 1 (-inf) y[j] = max(x[2j-1], x[2j], x[2j+1])      T' = (T + 1) / 2
 * </pre>
 * Reversal x[p] -> x[T-1-p] maps window j onto window T'-1-j in both cases (even T: [2j, 2j+1] -> [T-2-2j, T-1-2j],
 * which starts at an even index; odd T: the centre 2j -> T-1-2j, again even), so pooling commutes with reversal
 * exactly: pool(R x) = R pool(x). A fixed window would lose that at the first odd length (181 -> 90 drops the last
 * sample), which is why the window follows the parity.
 */
public final class HalvingMaxPool1d extends Module {
    /** A pooling layer with no parameters. */
    public HalvingMaxPool1d() {
        super("HalvingMaxPool1d");
    }

    /** ceil(T / 2). */
    public static long outLength(long t) {
        return (t + 1) / 2;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 3) throw new IllegalArgumentException(name() + ": input " + x.shape() + " must be (B, C, T) or (B, C, 2, T)");
        boolean odd = x.dim(-1) % 2 == 1;
        return MaxPool2d.apply(x, 1, odd ? 3 : 2, 1, 2, 0, odd ? 1 : 0);
    }
}
