package org.symkern.explain;

/**
 * An explanation of one prediction of a graph model, over the edges and nodes of the graph it was asked about.
 *
 * @param index       the explained node, or -1 for a graph-level explanation
 * @param target      the explained class (the model's own prediction unless a target was given)
 * @param edgeMask    one score per edge of the input graph (for a node-level explanation 0 on the edges outside the
 *                    node's computation subgraph, as PyG does); null when the method learned no edge mask
 * @param featureMask the node-feature mask, laid out as {@code featureMaskType} says ({@link FeatureMaskType#COMMON}:
 *                    (featureDim); {@link FeatureMaskType#PER_NODE}: (nodes x featureDim) of the input graph, 0 outside
 *                    the subgraph; {@link FeatureMaskType#NODE}: (nodes)); null for {@link FeatureMaskType#NONE}
 * @param subgraph    the computation subgraph the node-level explanation was computed on (null for graph level)
 */
public record GraphExplanation(int index, int target, float[] edgeMask, float[] featureMask, FeatureMaskType featureMaskType,
                               ComputationSubgraph subgraph) {
    /** The shape of a learned node-feature mask (PyG's common_attributes, attributes, object). */
    public enum FeatureMaskType {
        /** No feature mask. */
        NONE,
        /** One weight per feature channel, shared by all nodes (the GNNExplainer paper's feature mask). */
        COMMON,
        /** One weight per node and channel. */
        PER_NODE,
        /** One weight per node (a soft node mask). */
        NODE
    }

    /** The edge scores restricted to the computation subgraph (all of them for a graph-level explanation). */
    public float[] subgraphEdgeMask() {
        if (edgeMask == null || subgraph == null) return edgeMask;
        float[] out = new float[subgraph.edges.length];
        for (int k = 0; k < out.length; k++) out[k] = edgeMask[subgraph.edges[k]];
        return out;
    }
}
