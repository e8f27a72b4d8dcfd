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
 * standalone {@link Scope}), named child modules, and a train/eval flag. {@link #close()} frees the
 * parameters of this module and its children. Parameters are created on the module's device when the
 * module is constructed.
 */
public abstract class Module implements AutoCloseable {
    private final String name;
    private final Scope scope;
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    protected Module(String name) {
        this.name = name;
        this.scope = Scope.standalone(name);
    }

    /** Computes the module's output. */
    public abstract Tensor forward(Tensor x);

    /** Creates a parameter in this module's scope with the given initial values (a copy is kept). */
    protected final Tensor parameter(String pname, Shape shape, Device device, java.util.function.Supplier<Tensor> init) {
        if (params.containsKey(pname)) throw new IllegalArgumentException(name + ": duplicate parameter '" + pname + "'");
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
        Map<String, Tensor> out = new LinkedHashMap<>(params);
        for (Map.Entry<String, Module> c : children.entrySet())
            for (Map.Entry<String, Tensor> p : c.getValue().namedParameters().entrySet())
                out.put(c.getKey() + "." + p.getKey(), p.getValue());
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

    public final boolean isTraining() {
        return training;
    }

    /** Frees every parameter's gradient. */
    public final void zeroGrad() {
        for (Tensor p : parameters()) p.zeroGrad();
    }

    public final String name() {
        return name;
    }

    /** Frees the parameters of this module and its children. */
    @Override
    public void close() {
        for (Module c : children.values()) c.close();
        scope.close();
    }
}
