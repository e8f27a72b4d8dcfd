package org.symkern.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.symkern.jni.SymkernNative;
import org.symkern.tensor.DType;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * The Adam optimizer (Kingma and Ba, 2015) and its decoupled-weight-decay variant AdamW (Loshchilov and
 * Hutter, 2019), one fused native kernel per parameter (catalog K16, {@code sk_adam_step}). For a
 * parameter p with gradient grad at its t-th update (t = 1, 2, ...):
 * <pre>
 *   g = grad + (decoupled ? 0 : weightDecay * p)
 *   m = beta1 m + (1 - beta1) g
 *   v = beta2 v + (1 - beta2) g^2
 *   p = p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps) - (decoupled ? lr * weightDecay * p : 0)
 * </pre>
 * The moments m and v start at zero and are allocated on the parameter's device at its first update, in
 * this optimizer's own standalone {@link Scope}; {@link #close()} frees them. Each parameter counts its
 * own updates t (a parameter skipped because it had no gradient does not advance), so the bias
 * correction is right for parameters that join late; {@link #steps()} counts calls of {@link #step()}.
 * {@link #state()} and {@link #loadState} copy all of this out to the host and back (checkpoints), so that an
 * optimizer built again over parameters of the same shapes continues exactly.
 *
 * <pre>{@code
 * try (Adam opt = Adam.builder(model.parameters()).lr(3e-4f).weightDecay(0.01f).decoupled(true).build()) {
 *     for (...) {
 *         try (Scope s = Scope.open()) {
 *             opt.zeroGrad();
 *             loss(model).backward();
 *             opt.step();
 *         }
 *     }
 * }
 * }</pre>
 * Not thread-safe.
 */
public final class Adam implements Optimizer {
    private final List<Tensor> params;
    private float lr;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;

    private final Scope stateScope = Scope.standalone("adam");
    private final Map<Tensor, Moments> moments = new IdentityHashMap<>();
    private long steps;
    private boolean closed;

    /** Per-parameter state: the two moments and the number of updates applied. */
    private static final class Moments {
        final Tensor m;
        final Tensor v;
        long t;

        Moments(Tensor m, Tensor v) {
            this.m = m;
            this.v = v;
        }
    }

    /** Adam with the defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Tensor> params) {
        this(builder(params));
    }

    /** Adam with learning rate lr and the other defaults. */
    public Adam(List<Tensor> params, float lr) {
        this(builder(params).lr(lr));
    }

    private Adam(Builder b) {
        checkHyper(b.lr, b.beta1, b.beta2, b.eps, b.weightDecay);
        this.params = checkParams(b.params);
        this.lr = b.lr;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.decoupled = b.decoupled;
    }

    /** A builder for Adam on {@code params}. */
    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    /** Options of {@link Adam}; every setter validates its argument when {@link #build()} runs. */
    public static final class Builder {
        private final List<Tensor> params;
        private float lr = 1e-3f;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float eps = 1e-8f;
        private float weightDecay = 0f;
        private boolean decoupled = false;

        private Builder(List<Tensor> params) {
            this.params = Objects.requireNonNull(params, "params");
        }

        /** The learning rate. */
        public Builder lr(float lr) {
            this.lr = lr;
            return this;
        }

        /** The moment decay rates. */
        public Builder betas(float beta1, float beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** The denominator term eps. */
        public Builder eps(float eps) {
            this.eps = eps;
            return this;
        }

        /** The weight decay (L2 for Adam, decoupled for AdamW). */
        public Builder weightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** true: AdamW (decay applied to the parameter directly); false: L2 decay added to the gradient. */
        public Builder decoupled(boolean decoupled) {
            this.decoupled = decoupled;
            return this;
        }

        /** The optimiser. */
        public Adam build() {
            return new Adam(this);
        }
    }

    private static void checkHyper(float lr, float beta1, float beta2, float eps, float weightDecay) {
        checkLr(lr);
        if (!(beta1 >= 0f && beta1 < 1f)) throw new IllegalArgumentException("Adam: beta1 = " + beta1 + " is outside [0, 1)");
        if (!(beta2 >= 0f && beta2 < 1f)) throw new IllegalArgumentException("Adam: beta2 = " + beta2 + " is outside [0, 1)");
        if (!(eps > 0f && Float.isFinite(eps))) throw new IllegalArgumentException("Adam: eps = " + eps + " must be finite and > 0");
        if (!(weightDecay >= 0f && Float.isFinite(weightDecay)))
            throw new IllegalArgumentException("Adam: weightDecay = " + weightDecay + " must be finite and >= 0");
    }

    private static void checkLr(float lr) {
        if (!(lr >= 0f && Float.isFinite(lr))) throw new IllegalArgumentException("Adam: lr = " + lr + " must be finite and >= 0");
    }

    private static List<Tensor> checkParams(List<Tensor> params) {
        if (params.isEmpty()) throw new IllegalArgumentException("Adam: the parameter list is empty");
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) throw new IllegalArgumentException("Adam: parameter " + i + " is null");
            if (p.isClosed()) throw new IllegalArgumentException("Adam: parameter " + i + " (" + p.shape() + ") was closed");
            if (p.dtype() != DType.FLOAT32)
                throw new IllegalArgumentException("Adam: parameter " + i + " is " + p.describe() + ", not float32");
            if (!p.requiresGrad())
                throw new IllegalArgumentException("Adam: parameter " + i + " (" + p.describe() + ") does not require grad");
            if (p.gradFn() != null)
                throw new IllegalArgumentException("Adam: parameter " + i + " (" + p.describe() + ") is not a leaf");
            if (seen.put(p, Boolean.TRUE) != null)
                throw new IllegalArgumentException("Adam: parameter " + i + " (" + p.describe() + ") appears twice");
        }
        return Collections.unmodifiableList(new ArrayList<>(params));
    }

    /**
     * One update of every parameter that has a gradient (parameters whose grad is null are skipped);
     * gradients are left in place (see {@link #zeroGrad()}).
     */
    public void step() {
        checkOpen();
        steps++;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.isClosed())
                throw new IllegalStateException("Adam.step(): parameter " + i + " " + p.shape() + " was closed (released with scope '" + p.owner().name()
                        + "'): close the optimizer before the module it trains");
            Tensor g = p.grad();
            if (g == null) continue;
            if (!g.shape().equals(p.shape()) || g.dtype() != DType.FLOAT32 || !g.device().equals(p.device()))
                throw new IllegalStateException("Adam: gradient " + g.describe() + " does not match parameter " + i + " "
                        + p.describe());
            Moments s = moments.get(p);
            if (s == null) {
                try (Scope.Activation a = stateScope.activate()) {
                    s = new Moments(Tensor.zerosLike(p), Tensor.zerosLike(p));
                }
                moments.put(p, s);
            }
            s.t++;
            Native.check(SymkernNative.sk_adam_step(p.buffer(), s.m.buffer(), s.v.buffer(), g.buffer(), p.numel(), lr,
                    beta1, beta2, eps, weightDecay, s.t, decoupled ? 1 : 0));
        }
    }

    /** Frees every parameter's gradient (they become null until the next backward). */
    public void zeroGrad() {
        checkOpen();
        for (Tensor p : params) p.zeroGrad();
    }

    /** The learning rate used by the next {@link #step()}. */
    public float lr() {
        return lr;
    }

    /** Changes the learning rate (for schedules); lr must be finite and >= 0. */
    public void setLr(float lr) {
        checkLr(lr);
        this.lr = lr;
    }

    /** The first-moment decay rate. */
    public float beta1() {
        return beta1;
    }

    /** The second-moment decay rate. */
    public float beta2() {
        return beta2;
    }

    /** The denominator term eps. */
    public float eps() {
        return eps;
    }

    /** The weight decay. */
    public float weightDecay() {
        return weightDecay;
    }

    /** true for AdamW (decoupled weight decay). */
    public boolean decoupled() {
        return decoupled;
    }

    /** The parameters, in the order given. */
    public List<Tensor> parameters() {
        return params;
    }

    /** Number of {@link #step()} calls so far. */
    public long steps() {
        return steps;
    }

    /**
     * The state of one parameter as host copies: its update count t and the moments m, v (flattened like the
     * parameter). A parameter that has not been updated yet has t = 0 and m = v = null.
     */
    public record ParamState(long t, float[] m, float[] v) {
        /** Checks that the moments exist exactly when t &gt; 0 and have equal lengths. */
        public ParamState {
            if (t < 0) throw new IllegalArgumentException("Adam: update count t = " + t + " is negative");
            if ((t == 0) != (m == null) || (m == null) != (v == null))
                throw new IllegalArgumentException("Adam: a parameter state has moments exactly when t > 0 (t = " + t + ")");
            if (m != null && m.length != v.length)
                throw new IllegalArgumentException("Adam: moments of " + m.length + " and " + v.length + " elements");
        }

        /** The state of a parameter that has not been updated yet. */
        public static ParamState fresh() {
            return new ParamState(0, null, null);
        }
    }

    /** The whole optimizer state: the {@link #steps()} count and one {@link ParamState} per parameter, in order. */
    public record State(long steps, List<ParamState> params) {
        /** Checks the step count and copies the list. */
        public State {
            if (steps < 0) throw new IllegalArgumentException("Adam: step count " + steps + " is negative");
            params = List.copyOf(params);
        }
    }

    /** A host copy of the optimizer state (for checkpoints); the hyper-parameters and lr are not part of it. */
    public State state() {
        checkOpen();
        List<ParamState> out = new ArrayList<>(params.size());
        for (Tensor p : params) {
            Moments s = moments.get(p);
            out.add(s == null ? ParamState.fresh() : new ParamState(s.t, s.m.toFloatArray(), s.v.toFloatArray()));
        }
        return new State(steps, out);
    }

    /**
     * Replaces the optimizer state with `state` (as returned by {@link #state()} of an optimizer over parameters
     * of the same shapes): the next {@link #step()} continues exactly where that optimizer left off.
     */
    public void loadState(State state) {
        checkOpen();
        if (state.params().size() != params.size())
            throw new IllegalArgumentException("Adam: state has " + state.params().size() + " parameters, the optimizer " + params.size());
        for (int i = 0; i < params.size(); i++) {
            ParamState ps = state.params().get(i);
            if (ps.m() != null && ps.m().length != params.get(i).numel())
                throw new IllegalArgumentException("Adam: state of parameter " + i + " has " + ps.m().length
                        + " elements, the parameter " + params.get(i).describe());
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            ParamState ps = state.params().get(i);
            Moments old = moments.remove(p);
            if (old != null) {
                old.m.close();
                old.v.close();
            }
            if (ps.t() == 0) continue;
            Moments s;
            try (Scope.Activation a = stateScope.activate()) {
                s = new Moments(Tensor.of(ps.m(), p.shape(), p.device()), Tensor.of(ps.v(), p.shape(), p.device()));
            }
            s.t = ps.t();
            moments.put(p, s);
        }
        steps = state.steps();
    }

    /** Frees the optimizer state (m and v of every parameter); idempotent. The parameters are not touched. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        moments.clear();
        stateScope.close();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("Adam: the optimizer was closed");
    }
}
