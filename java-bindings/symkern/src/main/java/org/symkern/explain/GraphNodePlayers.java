package org.symkern.explain;

/**
 * Graph nodes as the players of Kernel SHAP ({@link KernelShap}, {@link Players}): for a node-feature sample
 * (N, F) every node is one player holding all of its F features, assignment[v F + f] = v (M = N players). A missing
 * player's features are filled from the background as for any other player type, so with a zero background a
 * missing node keeps its edges but carries zero features.
 */
public final class GraphNodePlayers {
    private GraphNodePlayers() {}

    /** Nodes of a (N, F) feature sample as players. */
    public static Players nodes() {
        return new Players() {
            @Override
            public int[] assign(long[] d) {
                if (d.length != 2) throw new IllegalArgumentException("graph node players need node-feature samples (N, F), got " + java.util.Arrays.toString(d));
                int n = Math.toIntExact(d[0]), f = Math.toIntExact(d[1]);
                int[] a = new int[n * f];
                for (int v = 0; v < n; v++)
                    for (int k = 0; k < f; k++) a[v * f + k] = v;
                return a;
            }

            @Override
            public String describe() {
                return "graph nodes";
            }
        };
    }
}
