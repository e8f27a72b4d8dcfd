package org.symkern.explain;

import org.symkern.autograd.GradMode;
import org.symkern.nn.Module;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The {@link CoalitionGame} of a tensor input x (1, *sample) for a classifier: players group the sample's
 * elements ({@link Players}), and with z_S[e] = 1 when the player of element e is in S (or e belongs to no
 * player) and r_1..r_K the {@link Background} references,
 * <pre>
 *   v(S) = (1/K) sum_k f( z_S * x + (1 - z_S) * r_k )          f = logit or probability of class c ({@link Output})
 * </pre>
 * One call evaluates n coalitions as one model batch of n K rows, built on x's device; the model runs in
 * evaluation mode with frozen parameters and without gradient recording.
 */
public final class MaskedInputGame implements CoalitionGame {
    private final Module model;
    private final Tensor x;
    private final int cls;
    private final Output output;
    private final Background background;
    private final int[] assignment;
    private final int players;
    private final long[] sample;

    /** The game of input {@code x} (1, *sample) for class {@code cls} of {@code model}, with the given players and references. */
    public MaskedInputGame(Module model, Tensor x, int cls, Output output, Players players, Background background) {
        if (model == null) throw new IllegalArgumentException("MaskedInputGame: model is null");
        Scores.checkSingle("MaskedInputGame", x);
        if (players == null || background == null || output == null)
            throw new IllegalArgumentException("MaskedInputGame: players, background and output must be given");
        this.model = model;
        this.x = x.detach();
        this.cls = cls;
        this.output = output;
        this.background = background;
        this.sample = java.util.Arrays.copyOfRange(x.dims(), 1, x.rank());
        this.assignment = players.assign(sample);
        this.players = Players.count(assignment);
        if (this.players < 1) throw new IllegalArgumentException("MaskedInputGame: " + players.describe() + " gives no player for sample " + java.util.Arrays.toString(sample));
        try (Scope s = Scope.open(); ModelGuard g = ModelGuard.eval(model); GradMode.Guard off = GradMode.disable()) {
            Scores.checkClass("MaskedInputGame", cls, Scores.forward(model, this.x, output).dim(1));
        }
    }

    @Override
    public int players() {
        return players;
    }

    /** Element e's player (-1: never masked). */
    public int[] assignment() {
        return assignment.clone();
    }

    @Override
    public double[] values(boolean[][] coalitions) {
        int n = coalitions.length;
        double[] out = new double[n];
        if (n == 0) return out;
        int d = assignment.length;
        float[] mask = new float[n * d];
        for (int i = 0; i < n; i++) {
            boolean[] z = coalitions[i];
            if (z.length != players)
                throw new IllegalArgumentException("coalition " + i + " has " + z.length + " entries for " + players + " players");
            for (int e = 0; e < d; e++) {
                int p = assignment[e];
                mask[i * d + e] = p < 0 || z[p] ? 1f : 0f;
            }
        }
        try (Scope s = Scope.open(); ModelGuard g = ModelGuard.eval(model); GradMode.Guard off = GradMode.disable()) {
            Tensor refs = background.references(x);                          // (K, *sample)
            long k = refs.dim(0);
            Tensor r = refs.reshape(1, k, d);
            Tensor diff = x.reshape(1, 1, d).sub(r);                         // (1, K, d)
            Tensor m = Tensor.of(mask, Shape.of(n, 1, d), x.device());
            long[] dims = Scores.rows(x, n * k);
            Tensor in = m.mul(diff).add(r).reshape(dims);                    // (n K, *sample)
            float[] f = Scores.forward(model, in, output).toFloatArray();
            long classes = f.length / (n * k);
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < k; j++) sum += f[(int) ((i * k + j) * classes + cls)];
                out[i] = sum / k;
            }
        }
        return out;
    }
}
