package org.symkern.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.symkern.autograd.GradMode;
import org.symkern.tensor.DType;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * Stochastic gradient descent with optional momentum (Polyak's heavy ball as in Sutskever et al. 2013), Nesterov
 * momentum and L2 weight decay, with PyTorch's {@code torch.optim.SGD} update. For a parameter p with gradient
 * grad at its t-th update (t = 1, 2, ...), learning rate lr, momentum mu, dampening d and weight decay lambda:
 * <pre>
 *   g = grad + lambda p
 *   if mu != 0:  b = (t == 1) ? g : mu b + (1 - d) g          (the momentum buffer, one per parameter)
 *                g = nesterov ? g + mu b : b
 *   p = p - lr g
 * </pre>
 * Nesterov needs mu &gt; 0 and d = 0. The buffers b are allocated at a parameter's first update on its device, in this
 * optimizer's own standalone {@link Scope}, and freed by {@link #close()}. The update is composed from the K2
 * elementwise kernels (no kernel of its own). Not thread-safe.
 *
 * <pre>{@code
 * try (Sgd opt = Sgd.builder(model.parameters()).lr(0.1f).momentum(0.9f).nesterov(true).weightDecay(5e-4f).build()) {
 *     ...  // opt.zeroGrad(); loss.backward(); opt.step();
 * }
 * }</pre>
 */
public final class Sgd implements Optimizer {
    private final List<Tensor> params;
    private float lr;
    private final float momentum, dampening, weightDecay;
    private final boolean nesterov;
    private final Scope stateScope = Scope.standalone("sgd");
    private final Map<Tensor, Tensor> buffers = new IdentityHashMap<>();
    private long steps;
    private boolean closed;

    /** Plain SGD: p = p - lr grad. */
    public Sgd(List<Tensor> params, float lr) {
        this(builder(params).lr(lr));
    }

    private Sgd(Builder b) {
        if (!(b.lr >= 0f && Float.isFinite(b.lr))) throw new IllegalArgumentException("Sgd: lr = " + b.lr + " must be finite and >= 0");
        if (!(b.momentum >= 0f && b.momentum < 1f)) throw new IllegalArgumentException("Sgd: momentum = " + b.momentum + " is outside [0, 1)");
        if (!(b.dampening >= 0f && b.dampening <= 1f))
            throw new IllegalArgumentException("Sgd: dampening = " + b.dampening + " is outside [0, 1]");
        if (!(b.weightDecay >= 0f && Float.isFinite(b.weightDecay)))
            throw new IllegalArgumentException("Sgd: weightDecay = " + b.weightDecay + " must be finite and >= 0");
        if (b.nesterov && (b.momentum == 0f || b.dampening != 0f))
            throw new IllegalArgumentException("Sgd: Nesterov momentum needs momentum > 0 and dampening 0 (got momentum "
                    + b.momentum + ", dampening " + b.dampening + ")");
        this.params = checkParams(b.params);
        this.lr = b.lr;
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.weightDecay = b.weightDecay;
        this.nesterov = b.nesterov;
    }

    /** Options of {@link Sgd}: lr 0.01, no momentum, no dampening, no Nesterov, no weight decay by default. */
    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    /** Options of {@link Sgd}; {@link #build()} validates them. */
    public static final class Builder {
        private final List<Tensor> params;
        private float lr = 0.01f, momentum = 0f, dampening = 0f, weightDecay = 0f;
        private boolean nesterov;

        private Builder(List<Tensor> params) {
            this.params = Objects.requireNonNull(params, "params");
        }

        /** Learning rate lr (finite, &gt;= 0). */
        public Builder lr(float lr) {
            this.lr = lr;
            return this;
        }

        /** Momentum mu in [0, 1); 0 disables the buffer. */
        public Builder momentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Dampening d in [0, 1] of the momentum update. */
        public Builder dampening(float dampening) {
            this.dampening = dampening;
            return this;
        }

        /** L2 weight decay lambda (added to the gradient). */
        public Builder weightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Nesterov momentum (needs momentum &gt; 0 and dampening 0). */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public Sgd build() {
            return new Sgd(this);
        }
    }

    private static List<Tensor> checkParams(List<Tensor> params) {
        if (params.isEmpty()) throw new IllegalArgumentException("Sgd: the parameter list is empty");
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) throw new IllegalArgumentException("Sgd: parameter " + i + " is null");
            if (p.isClosed()) throw new IllegalArgumentException("Sgd: parameter " + i + " (" + p.shape() + ") was closed");
            if (p.dtype() != DType.FLOAT32 || !p.requiresGrad() || p.gradFn() != null)
                throw new IllegalArgumentException("Sgd: parameter " + i + " (" + p.describe() + ") is not a float32 leaf requiring grad");
            if (seen.put(p, Boolean.TRUE) != null)
                throw new IllegalArgumentException("Sgd: parameter " + i + " (" + p.describe() + ") appears twice");
        }
        return Collections.unmodifiableList(new ArrayList<>(params));
    }

    @Override
    public void step() {
        checkOpen();
        steps++;
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor grad = p.grad();
                if (grad == null) continue;
                if (p.isClosed()) throw new IllegalStateException("Sgd: parameter " + i + " (" + p.shape() + ") was closed");
                if (!grad.shape().equals(p.shape()) || !grad.device().equals(p.device()))
                    throw new IllegalStateException("Sgd: gradient " + grad.describe() + " does not match parameter " + i + " " + p.describe());
                Tensor u = weightDecay != 0f ? grad.add(p.detach().mul(weightDecay)) : grad.detach();
                if (momentum != 0f) {
                    Tensor b = buffers.get(p);
                    if (b == null) {
                        try (Scope.Activation a = stateScope.activate()) {
                            b = u.copy();
                        }
                        buffers.put(p, b);
                    } else {
                        b.copyFrom(b.mul(momentum).add(dampening == 0f ? u : u.mul(1f - dampening)));
                    }
                    u = nesterov ? u.add(b.mul(momentum)) : b;
                }
                p.copyFrom(p.detach().sub(u.mul(lr)));
            }
        }
    }

    @Override
    public void zeroGrad() {
        checkOpen();
        for (Tensor p : params) p.zeroGrad();
    }

    @Override
    public float lr() {
        return lr;
    }

    @Override
    public void setLr(float lr) {
        if (!(lr >= 0f && Float.isFinite(lr))) throw new IllegalArgumentException("Sgd: lr = " + lr + " must be finite and >= 0");
        this.lr = lr;
    }

    /** Momentum mu (0: plain SGD). */
    public float momentum() {
        return momentum;
    }

    /** Dampening d of the momentum update b = mu b + (1 - d) g. */
    public float dampening() {
        return dampening;
    }

    /** L2 weight decay lambda (g = grad + lambda p). */
    public float weightDecay() {
        return weightDecay;
    }

    /** Whether the step uses g + mu b (Nesterov) instead of b. */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public List<Tensor> parameters() {
        return params;
    }

    /** Number of {@link #step()} calls so far. */
    public long steps() {
        return steps;
    }

    /** A host copy of parameter i's momentum buffer b, or null before its first update (or without momentum). */
    public float[] momentumBuffer(int i) {
        checkOpen();
        Tensor b = buffers.get(params.get(i));
        return b == null ? null : b.toFloatArray();
    }

    /** Frees the momentum buffers; idempotent. The parameters are not touched. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        buffers.clear();
        stateScope.close();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("Sgd: the optimizer was closed");
    }
}
