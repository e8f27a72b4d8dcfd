package org.symkern.pointcloud;

import org.symkern.nn.Linear;
import org.symkern.ops.Random;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/** Re-initialisation helpers: a Linear's weight and bias redrawn from U(-bound, bound). */
final class Init {
    private Init() {}

    static void uniform(Linear l, double bound, long seed) {
        float b = (float) bound;
        try (Scope sc = Scope.open()) {
            Tensor w = l.weight();
            w.copyFrom(Random.uniform(w.shape(), w.device(), -b, b, seed, 0));
            if (l.bias() != null) l.bias().copyFrom(Random.uniform(l.bias().shape(), w.device(), -b, b, seed, 1L << 48));
        }
    }
}
