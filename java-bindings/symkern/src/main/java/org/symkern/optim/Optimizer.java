package org.symkern.optim;

import java.util.List;

import org.symkern.tensor.Tensor;

/**
 * What the optimizers ({@link Adam}, {@link Sgd}) have in common: an update p &lt;- p - lr * u(grad, state) of every
 * parameter that has a gradient, a settable learning rate lr (for schedules), and state freed by {@link #close()}.
 * A training step is
 * <pre>{@code
 * try (Scope step = Scope.open()) {
 *     opt.zeroGrad();
 *     loss(model).backward();
 *     opt.step();
 * }
 * }</pre>
 */
public interface Optimizer extends AutoCloseable {
    /** One update of every parameter whose gradient is not null; gradients are left in place. */
    void step();

    /** Frees every parameter's gradient (they become null until the next backward). */
    void zeroGrad();

    /** The learning rate of the next {@link #step()}. */
    float lr();

    /** Changes the learning rate; it must be finite and &gt;= 0. */
    void setLr(float lr);

    /** The parameters, in the order given. */
    List<Tensor> parameters();

    /** Frees the optimizer's state (not the parameters). */
    @Override
    void close();
}
