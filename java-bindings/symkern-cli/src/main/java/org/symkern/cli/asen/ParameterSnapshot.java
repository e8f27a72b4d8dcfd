package org.symkern.cli.asen;

import java.util.LinkedHashMap;
import java.util.Map;

import org.symkern.nn.Module;
import org.symkern.tensor.Tensor;

/**
 * A host copy of a module's parameter values, keyed by parameter path. ASEN modules hold parameters only (no running
 * statistics or other buffers: LayerNorm and Dropout keep no state), so the parameters are the whole model state.
 */
public final class ParameterSnapshot {
    private final Map<String, float[]> values = new LinkedHashMap<>();

    private ParameterSnapshot() {}

    /** The current values of every parameter of {@code module}. */
    public static ParameterSnapshot of(Module module) {
        ParameterSnapshot s = new ParameterSnapshot();
        for (Map.Entry<String, Tensor> e : module.namedParameters().entrySet()) s.values.put(e.getKey(), e.getValue().toFloatArray());
        return s;
    }

    /** Writes the stored values back into {@code module}'s parameters (same paths and sizes). */
    public void restore(Module module) {
        Map<String, Tensor> params = module.namedParameters();
        if (!params.keySet().equals(values.keySet()))
            throw new IllegalArgumentException("snapshot of " + values.keySet() + " cannot restore " + module.name() + " with " + params.keySet());
        for (Map.Entry<String, Tensor> e : params.entrySet()) copy(e.getKey(), values.get(e.getKey()), e.getValue());
    }

    /** The stored values of parameter {@code path} (a copy). */
    public float[] values(String path) {
        float[] v = values.get(path);
        if (v == null) throw new IllegalArgumentException("snapshot has no parameter '" + path + "'");
        return v.clone();
    }

    static void copy(String path, float[] from, Tensor to) {
        if (from.length != to.numel())
            throw new IllegalArgumentException("parameter " + path + ": " + from.length + " stored values for " + to.describe());
        to.copyFrom(from);
    }
}
