package org.symkern.nn;

import org.symkern.tensor.Tensor;

/**
 * Flattens every axis after the first (PyTorch's nn.Flatten() with start_dim 1): x (B, d_1, ..., d_k) becomes
 * y (B, d_1 ... d_k) with y[b, j] = x[b, ...] at flat row-major position j of the example. A view; the gradient is
 * dy viewed back. A rank-1 input is returned as (B, 1).
 */
public final class Flatten extends Module {
    public Flatten() {
        super("Flatten");
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1) throw new IllegalArgumentException("Flatten: input " + x.shape() + " has no batch axis");
        return x.reshape(x.dim(0), x.rank() == 1 ? 1 : x.shape().prod(1, x.rank()));
    }
}
