package org.symkern.explain;

/**
 * A cooperative game for Shapley-value attribution: M players and the value v(S) of coalitions S (the explained
 * output when only the players in S are "present"). {@link KernelShap} hands its coalitions over in chunks of its
 * batch size and expects one batched model evaluation per call, never one per coalition.
 *
 * <p>Tensor inputs use {@link MaskedInputGame} (players = superpixels, signal windows or single features; absent
 * players filled from a {@link Background}); other inputs (graphs: players = nodes whose features are masked)
 * implement this interface to build their masked inputs.
 */
public interface CoalitionGame {
    /** M, the number of players. */
    int players();

    /**
     * v(S) for each coalition, coalitions[i][j] true when player j is present; the empty coalition gives the
     * base value E f(background) and the full one f(x).
     */
    double[] values(boolean[][] coalitions);
}
