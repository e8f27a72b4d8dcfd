package org.symkern.nn;

import java.util.ArrayList;
import java.util.List;

import org.symkern.tensor.Tensor;

/**
 * Applies its modules in order: y = m_k(... m_2(m_1(x))). Children are named "0", "1", ... and are run through
 * {@link Module#call}, so their forward hooks fire.
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** The modules applied in order. */
    public Sequential(Module... modules) {
        super("Sequential");
        for (Module m : modules) add(m);
    }

    /** Appends {@code m}; returns this. */
    public Sequential add(Module m) {
        layers.add(child(Integer.toString(layers.size()), m));
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : layers) x = m.call(x);
        return x;
    }

    /** Number of modules. */
    public int size() {
        return layers.size();
    }

    /**
     * The i-th module (0-based, the child named "i"); negative i counts from the end (-1 is the last).
     *
     * @throws IndexOutOfBoundsException naming i and the size
     */
    public Module get(int i) {
        int k = i < 0 ? i + layers.size() : i;
        if (k < 0 || k >= layers.size())
            throw new IndexOutOfBoundsException("Sequential.get(" + i + "): the Sequential has " + layers.size() + " modules");
        return layers.get(k);
    }

    /** The modules in order (an unmodifiable copy). */
    public List<Module> modules() {
        return List.copyOf(layers);
    }
}
