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

    public Sequential(Module... modules) {
        super("Sequential");
        for (Module m : modules) add(m);
    }

    public Sequential add(Module m) {
        layers.add(child(Integer.toString(layers.size()), m));
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : layers) x = m.call(x);
        return x;
    }

    public int size() {
        return layers.size();
    }
}
