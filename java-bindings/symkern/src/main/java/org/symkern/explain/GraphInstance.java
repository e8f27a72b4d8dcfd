package org.symkern.explain;

import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * One graph on the host, as the graph explainers take it: node features x (nodes x featureDim, row-major) and directed
 * edges src[e] -&gt; dst[e] (an undirected edge is stored as both directions). Explanations index these edges and
 * nodes. The arrays are not copied; callers must not change them while an explainer runs.
 */
public record GraphInstance(int nodes, int featureDim, float[] x, int[] src, int[] dst) {
    public GraphInstance {
        if (nodes < 0 || featureDim <= 0) throw new IllegalArgumentException("graph: " + nodes + " nodes and feature width " + featureDim + " (must be >= 0 and > 0)");
        if (x == null || x.length != (long) nodes * featureDim)
            throw new IllegalArgumentException("graph: " + (x == null ? "no" : x.length) + " feature values for " + nodes + " nodes x " + featureDim + " features");
        if (src == null || dst == null || src.length != dst.length)
            throw new IllegalArgumentException("graph: src and dst must be edge lists of equal length");
        for (int e = 0; e < src.length; e++)
            if (src[e] < 0 || src[e] >= nodes || dst[e] < 0 || dst[e] >= nodes)
                throw new IllegalArgumentException("graph: edge " + e + " (" + src[e] + " -> " + dst[e] + ") leaves the node range [0, " + nodes + ")");
    }

    public int edges() {
        return src.length;
    }

    /** x as a (nodes, featureDim) tensor in the current scope. */
    public Tensor features(Device device) {
        return Tensor.of(x, Shape.of(nodes, featureDim), device);
    }

    public Tensor srcTensor(Device device) {
        return Tensor.ofInts(src, Shape.of(src.length), device);
    }

    public Tensor dstTensor(Device device) {
        return Tensor.ofInts(dst, Shape.of(dst.length), device);
    }
}
