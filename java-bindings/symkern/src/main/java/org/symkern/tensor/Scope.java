package org.symkern.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Owner of native memory, opened with try-with-resources. Every tensor belongs to exactly one scope; new
 * tensors join the innermost scope open on the current thread, and closing a scope frees its tensors in
 * reverse order of creation. Using a tensor after its scope closed throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (Scope step = Scope.open()) {
 *     Tensor loss = model.forward(x).crossEntropy(labels);
 *     loss.backward();
 *     optimizer.step();
 *     lastLoss = loss.item();          // copy scalars out, or step.keep(t) to hand t to the enclosing scope
 * }                                    // activations and temporaries freed here
 * }</pre>
 *
 * A <em>standalone</em> scope (modules, optimizers) is not on the thread's stack; it is made current for
 * a block with {@link #activate()} and freed by its owner's {@code close()}. Scopes are not thread-safe.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Deque<Scope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final String name;
    private final Set<Tensor> owned = new LinkedHashSet<>();
    private boolean closed;

    private Scope(String name) {
        this.name = name;
    }

    private static final java.util.concurrent.atomic.AtomicLong OPENED = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Opens a scope on this thread's stack; it becomes the target of new tensors until closed. Its name in messages is
     * "scope #k (thread T)", k counting the scopes opened by this process.
     */
    public static Scope open() {
        return open("scope #" + OPENED.incrementAndGet() + " (thread " + Thread.currentThread().getName() + ")");
    }

    /** Opens a scope named `name` (used in error messages) on this thread's stack. */
    public static Scope open(String name) {
        Scope s = new Scope(java.util.Objects.requireNonNull(name, "name"));
        STACK.get().push(s);
        return s;
    }

    /** The name used in messages: the module or optimizer owning a standalone scope, or "scope #k (thread T)". */
    public String name() {
        return name;
    }

    /** A scope that is not on the stack: its owner decides when it closes. */
    public static Scope standalone(String name) {
        return new Scope(name);
    }

    /** The innermost open scope of this thread. */
    public static Scope current() {
        Scope s = STACK.get().peek();
        if (s == null)
            throw new IllegalStateException("no open Scope: create tensors inside try (Scope s = Scope.open()) { ... }");
        return s;
    }

    /** Makes this scope the target of new tensors until the returned handle is closed. */
    public Activation activate() {
        checkOpen();
        STACK.get().push(this);
        return new Activation(this);
    }

    /** Handle returned by {@link #activate()}; closing it restores the previous target. */
    public static final class Activation implements AutoCloseable {
        private final Scope scope;
        private boolean done;

        private Activation(Scope scope) {
            this.scope = scope;
        }

        @Override
        public void close() {
            if (done) return;
            done = true;
            STACK.get().removeFirstOccurrence(scope);
        }
    }

    /** Moves `t` (and the memory it keeps alive) from its current scope into this one and returns it. */
    public Tensor adopt(Tensor t) {
        checkOpen();
        t.checkOpen();
        Scope from = t.owner();
        if (from != this) {
            from.owned.remove(t);
            owned.add(t);
            t.setOwner(this);
        }
        return t;
    }

    /** Hands `t` to the scope below this one on the thread's stack, so that it outlives this scope. */
    public Tensor keep(Tensor t) {
        Deque<Scope> stack = STACK.get();
        Scope outer = null;
        boolean seen = false;
        for (Scope s : stack) {
            if (seen) {
                outer = s;
                break;
            }
            if (s == this) seen = true;
        }
        if (outer == null) throw new IllegalStateException("keep(): no enclosing scope below '" + name + "'");
        return outer.adopt(t);
    }

    /** Number of live tensors owned. */
    public int size() {
        return owned.size();
    }

    /** true after {@link #close()}. */
    public boolean isClosed() {
        return closed;
    }

    void register(Tensor t) {
        checkOpen();
        owned.add(t);
    }

    void forget(Tensor t) {
        owned.remove(t);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("scope '" + name + "' is closed");
    }

    /** Frees every tensor owned, newest first; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        List<Tensor> all = new ArrayList<>(owned);
        owned.clear();
        RuntimeException first = null;
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).release();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        closed = true;
        STACK.get().removeFirstOccurrence(this);
        if (first != null) throw first;
    }

    @Override
    public String toString() {
        return "Scope[" + name + ", " + owned.size() + " tensors" + (closed ? ", closed" : "") + "]";
    }
}
