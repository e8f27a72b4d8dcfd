package org.symkern.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * A layer or model: named parameters (leaf tensors requiring gradients, owned by this module's own
 * standalone {@link Scope}), named buffers (state without gradients in the same scope: batch-norm running
 * statistics, random-number offsets), named child modules, and a train/eval flag. {@link #close()} frees the
 * parameters and buffers of this module and its children. Parameters are created on the module's device when
 * the module is constructed.
 *
 * <p>Parameters and buffers together are the module's whole state: a checkpoint that saves both (see
 * {@code org.symkern.train.Checkpoint}) restores a module that computes exactly what the saved one would
 * have. State a layer keeps anywhere else would be lost on resume, so a layer with mutable state puts it in a
 * buffer.
 *
 * <p>Modules are addressed by dotted paths ({@link #namedModules()}, {@link #module(String)}: "body.3"). Parents
 * that run a child through {@link #call} (rather than {@code forward}) let forward hooks observe or replace the
 * child's output ({@link #addForwardHook}); {@link ActivationCapture} uses this to read an intermediate activation
 * and its gradient.
 */
public abstract class Module implements AutoCloseable {
    private final String name;
    private final Scope scope;
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    private final List<java.util.function.UnaryOperator<Tensor>> forwardHooks = new ArrayList<>();

    /** A module named {@code name}. */
    protected Module(String name) {
        this.name = name;
        this.scope = Scope.standalone(name);
    }

    /** Computes the module's output. */
    public abstract Tensor forward(Tensor x);

    /**
     * {@link #forward} followed by this module's forward hooks, y = h_k(... h_1(forward(x))), in the order they
     * were added. Containers call their children through this method ({@link Sequential} does), so a hook on a
     * child sees (and may replace) the child's output; a module whose parent calls {@code forward} directly is
     * not seen by its hooks.
     */
    public final Tensor call(Tensor x) {
        Tensor y = forward(x);
        if (!forwardHooks.isEmpty())
            for (java.util.function.UnaryOperator<Tensor> h : List.copyOf(forwardHooks)) y = h.apply(y);
        return y;
    }

    /**
     * Adds a hook that receives this module's output in {@link #call} and returns the tensor passed on (the
     * same tensor to observe only). Closing the returned handle removes the hook.
     */
    public final AutoCloseable addForwardHook(java.util.function.UnaryOperator<Tensor> hook) {
        java.util.Objects.requireNonNull(hook, "hook");
        forwardHooks.add(hook);
        return () -> forwardHooks.removeIf(h -> h == hook);
    }

    /**
     * This module ("" ) and every descendant keyed by dotted path ("body", "body.0", ...), parents before their
     * children (pre-order), children in registration order.
     */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        out.put("", this);
        for (Map.Entry<String, Module> c : children.entrySet())
            for (Map.Entry<String, Module> d : c.getValue().namedModules().entrySet())
                out.put(d.getKey().isEmpty() ? c.getKey() : c.getKey() + "." + d.getKey(), d.getValue());
        return out;
    }

    /**
     * The descendant at a dotted path ("" = this module); an unknown path is an {@link IllegalArgumentException}
     * that lists the valid ones.
     */
    public final Module module(String path) {
        Map<String, Module> all = namedModules();
        Module m = all.get(path);
        if (m == null) {
            List<String> valid = new ArrayList<>();
            for (Map.Entry<String, Module> e : all.entrySet())
                if (!e.getKey().isEmpty()) valid.add(e.getKey() + " (" + e.getValue().name() + ")");
            throw new IllegalArgumentException(name + ": no module named '" + path + "'; valid names: " + String.join(", ", valid));
        }
        return m;
    }

    /** Creates a parameter in this module's scope with the given initial values (a copy is kept). */
    protected final Tensor parameter(String pname, Shape shape, Device device, java.util.function.Supplier<Tensor> init) {
        checkNewName(pname);
        Tensor p;
        try (Scope.Activation a = scope.activate()) {
            Tensor v = init.get();
            if (!v.shape().equals(shape) || !v.device().equals(device))
                throw new IllegalStateException(name + "." + pname + ": initializer gave " + v.describe() + ", wanted " + shape + " on " + device);
            p = v.requiresGrad(true);
        }
        params.put(pname, p);
        return p;
    }

    /**
     * Creates a buffer in this module's scope: a tensor without gradient (any dtype and device) that is part of
     * the module's state, updated in place by the layer (running statistics, counters) and saved with its
     * parameters. `init` runs with the module's scope active.
     */
    protected final Tensor buffer(String bname, java.util.function.Supplier<Tensor> init) {
        checkNewName(bname);
        Tensor b;
        try (Scope.Activation a = scope.activate()) {
            b = init.get();
        }
        if (b.requiresGrad() || b.owner() != scope)
            throw new IllegalStateException(name + "." + bname + ": a buffer must be a new tensor without gradient, got " + b.describe());
        buffers.put(bname, b);
        return b;
    }

    private void checkNewName(String n) {
        if (n == null || n.isEmpty()) throw new IllegalArgumentException(name + ": bad state name '" + n + "'");
        if (params.containsKey(n) || buffers.containsKey(n))
            throw new IllegalArgumentException(name + ": duplicate parameter or buffer '" + n + "'");
    }

    /** Registers a child module (its parameters appear under "name.child"). Returns it. */
    protected final <M extends Module> M child(String cname, M module) {
        if (children.containsKey(cname)) throw new IllegalArgumentException(name + ": duplicate child '" + cname + "'");
        children.put(cname, module);
        return module;
    }

    /** All parameters of this module and its children, in registration order. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters keyed by dotted path ("0.weight", "1.bias", ...). */
    public final Map<String, Tensor> namedParameters() {
        return named(m -> m.params);
    }

    /** Buffers of this module and its children keyed by dotted path ("1.running_mean", ...), in registration order. */
    public final Map<String, Tensor> namedBuffers() {
        return named(m -> m.buffers);
    }

    /** The tensors `own` picks from this module, then those of the children under "child.". */
    private Map<String, Tensor> named(java.util.function.Function<Module, Map<String, Tensor>> own) {
        Map<String, Tensor> out = new LinkedHashMap<>(own.apply(this));
        for (Map.Entry<String, Module> c : children.entrySet())
            for (Map.Entry<String, Tensor> t : c.getValue().named(own).entrySet())
                out.put(c.getKey() + "." + t.getKey(), t.getValue());
        return out;
    }

    /** Total number of parameter elements. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    /** Sets training (true) or evaluation (false) mode here and in all children. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) c.train(on);
        return this;
    }

    /** true in training mode (dropout active, batch statistics), false in evaluation mode. */
    public final boolean isTraining() {
        return training;
    }

    /** Frees every parameter's gradient. */
    public final void zeroGrad() {
        for (Tensor p : parameters()) p.zeroGrad();
    }

    /** The module's name. */
    public final String name() {
        return name;
    }

    /** Frees the parameters and buffers of this module and its children. */
    @Override
    public void close() {
        for (Module c : children.values()) c.close();
        scope.close();
    }
}
