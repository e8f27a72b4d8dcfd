package org.symkern.explain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.symkern.nn.Module;
import org.symkern.tensor.Tensor;

/**
 * Kernel SHAP (Lundberg and Lee, NeurIPS 2017): Shapley values phi of a {@link CoalitionGame} v as the solution of
 * a weighted least-squares problem over coalitions z in {0,1}^M,
 * <pre>
 *   minimise  sum_z pi(z) ( v(z) - phi_0 - sum_j z_j phi_j )^2      pi(z) = (M - 1) / ( C(M, |z|) |z| (M - |z|) )
 *   subject to phi_0 = v(empty) = E f(background),   sum_j phi_j = v(full) - v(empty)   (efficiency)
 * </pre>
 * The constraint is eliminated exactly: phi_{M-1} = Delta - sum_{j &lt; M-1} phi_j with Delta = v(full) - v(empty), and
 * the remaining M - 1 unknowns solve the normal equations of
 * y_z - phi_0 - z_{M-1} Delta = sum_{j &lt; M-1} (z_j - z_{M-1}) phi_j (in double precision), so efficiency holds to
 * rounding whatever the sample. When every proper coalition is evaluated this is exactly the Shapley value. A budget
 * whose coalitions do not determine the M - 1 unknowns (a singular system) is an {@link IllegalStateException}
 * asking for more samples.
 *
 * <p>Coalitions follow shap's KernelExplainer: with a budget of N coalitions (default 2M + 2048, at most 2^M - 2),
 * the kernel mass of size s (and M - s, "paired") is w_s proportional to (M - 1) / (s (M - s)), doubled for
 * s != M - s; sizes s = 1, 2, ... are enumerated completely while the budget left times their share of the
 * remaining mass covers all their C(M, s) (times 2) coalitions, each then weighted w_s / C(M, s) (halved when
 * paired). The rest of the budget is sampled: a size from the remaining mass, a uniformly random coalition of
 * that size and its complement (paired sampling); a repeated coalition adds 1 to its count; the sampled weights
 * are then scaled to the remaining mass. The random stream is {@link SplittableRandom}(seed), so the same seed
 * gives the same values.
 *
 * <p>All coalitions are evaluated in calls of {@link #batch(int)} coalitions each (one batched forward pass
 * per call for {@link MaskedInputGame}); the empty and full coalitions travel in the first call.
 */
public final class KernelShap {
    private int samples;
    private int batch = 64;
    private long seed;

    /** The number of coalitions evaluated besides the empty and full ones (0: shap's auto, 2M + 2048). */
    public KernelShap samples(int n) {
        if (n < 0) throw new IllegalArgumentException("KernelShap: samples must be >= 0, got " + n);
        samples = n;
        return this;
    }

    /** Coalitions per game evaluation (default 64). */
    public KernelShap batch(int b) {
        if (b < 1) throw new IllegalArgumentException("KernelShap: batch must be >= 1, got " + b);
        batch = b;
        return this;
    }

    /** Seed of the coalition sampling; returns this. */
    public KernelShap seed(long s) {
        seed = s;
        return this;
    }

    /**
     * Shapley values of the game.
     *
     * @param phi         phi_1..phi_M
     * @param base        phi_0 = v(empty)
     * @param full        v(full) = f(x)
     * @param coalitions  coalitions evaluated (including empty and full)
     * @param exact       whether all 2^M coalitions were evaluated (then phi are the exact Shapley values)
     * @param calls       game evaluations (batched forward passes)
     */
    public record Result(double[] phi, double base, double full, int coalitions, boolean exact, int calls) {
        /** sum phi - (full - base): zero up to rounding. */
        public double efficiencyGap() {
            double s = 0;
            for (double p : phi) s += p;
            return s - (full - base);
        }

        /**
         * The values spread over the sample's elements: element e gets phi[p] / |p| for its player p (0 for -1),
         * so the map sums to sum phi.
         */
        public float[] map(int[] assignment) {
            int[] size = new int[phi.length];
            for (int a : assignment) if (a >= 0) size[a]++;
            float[] out = new float[assignment.length];
            for (int e = 0; e < out.length; e++) if (assignment[e] >= 0) out[e] = (float) (phi[assignment[e]] / size[assignment[e]]);
            return out;
        }
    }

    /** Kernel SHAP of class `cls` for x (1, *sample) of a tensor model. */
    public Result explain(Module model, Tensor x, int cls, Output output, Players players, Background background) {
        return explain(new MaskedInputGame(model, x, cls, output, players, background));
    }

    /** Kernel SHAP of any game. */
    public Result explain(CoalitionGame game) {
        int m = game.players();
        if (m < 1) throw new IllegalArgumentException("KernelShap: the game has no players");
        List<boolean[]> zs = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        boolean exact = plan(m, zs, ws);
        // evaluate: empty, full, then the planned coalitions, in chunks of `batch`
        List<boolean[]> all = new ArrayList<>(zs.size() + 2);
        all.add(new boolean[m]);
        boolean[] fullZ = new boolean[m];
        java.util.Arrays.fill(fullZ, true);
        all.add(fullZ);
        all.addAll(zs);
        double[] y = new double[all.size()];
        int calls = 0;
        for (int from = 0; from < all.size(); from += batch) {
            int to = Math.min(all.size(), from + batch);
            double[] v = game.values(all.subList(from, to).toArray(new boolean[0][]));
            if (v.length != to - from) throw new IllegalStateException("game returned " + v.length + " values for " + (to - from) + " coalitions");
            System.arraycopy(v, 0, y, from, v.length);
            calls++;
        }
        double base = y[0], full = y[1];
        double[] phi = solve(m, zs, ws, y, base, full);
        return new Result(phi, base, full, all.size(), exact, calls);
    }

    /** Fills the coalitions and their kernel weights; true when every proper coalition is included. */
    private boolean plan(int m, List<boolean[]> zs, List<Double> ws) {
        if (m == 1) return true;
        long maxProper = m >= 62 ? Long.MAX_VALUE : (1L << m) - 2;
        long budget = samples == 0 ? 2L * m + 2048 : samples;
        budget = Math.min(budget, maxProper);
        int sizes = m / 2;                                              // ceil((M - 1) / 2) = floor(M / 2)
        int paired = (m - 1) / 2;                                       // floor((M - 1) / 2)
        double[] w = new double[sizes + 1];
        double total = 0;
        for (int s = 1; s <= sizes; s++) {
            w[s] = (m - 1.0) / (s * (double) (m - s));
            if (s <= paired) w[s] *= 2;
            total += w[s];
        }
        for (int s = 1; s <= sizes; s++) w[s] /= total;
        double[] left = w.clone();
        double leftBudget = budget;
        int fullSizes = 0;
        for (int s = 1; s <= sizes; s++) {
            double subsets = binom(m, s) * (s <= paired ? 2 : 1);
            if (leftBudget * left[s] / subsets < 1 - 1e-8) break;
            fullSizes++;
            leftBudget -= subsets;
            if (left[s] < 1) {
                double scale = 1 - left[s];
                for (int t = 1; t <= sizes; t++) left[t] /= scale;
            }
            double each = w[s] / binom(m, s) / (s <= paired ? 2 : 1);
            int[] idx = new int[s];
            for (int i = 0; i < s; i++) idx[i] = i;
            while (true) {
                boolean[] z = new boolean[m];
                for (int i : idx) z[i] = true;
                zs.add(z);
                ws.add(each);
                if (s <= paired) {
                    zs.add(complement(z));
                    ws.add(each);
                }
                int i = s - 1;
                while (i >= 0 && idx[i] == m - s + i) i--;
                if (i < 0) break;
                idx[i]++;
                for (int j = i + 1; j < s; j++) idx[j] = idx[j - 1] + 1;
            }
        }
        if (fullSizes == sizes) return true;
        int fixed = zs.size();
        long toDraw = budget - fixed;
        if (toDraw <= 0) return false;
        double[] p = new double[sizes - fullSizes];
        double ps = 0;
        for (int s = fullSizes + 1; s <= sizes; s++) {
            p[s - fullSizes - 1] = w[s] / (s <= paired ? 2 : 1);
            ps += p[s - fullSizes - 1];
        }
        for (int i = 0; i < p.length; i++) p[i] /= ps;
        SplittableRandom rng = new SplittableRandom(seed);
        Map<BitSet, Integer> used = new HashMap<>();
        long draws = 4 * toDraw;
        int[] perm = new int[m];
        for (long d = 0; d < draws && toDraw > 0; d++) {
            double u = rng.nextDouble(), c = 0;
            int k = p.length - 1;
            for (int i = 0; i < p.length; i++) {
                c += p[i];
                if (u < c) {
                    k = i;
                    break;
                }
            }
            int s = k + fullSizes + 1;
            for (int i = 0; i < m; i++) perm[i] = i;
            boolean[] z = new boolean[m];
            for (int i = 0; i < s; i++) {                                // partial Fisher-Yates: s random players
                int j = i + rng.nextInt(m - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                z[perm[i]] = true;
            }
            BitSet key = bits(z);
            Integer at = used.get(key);
            if (at == null) {
                used.put(key, zs.size());
                zs.add(z);
                ws.add(1.0);
                toDraw--;
                if (toDraw > 0 && s <= paired) {
                    zs.add(complement(z));
                    ws.add(1.0);
                    toDraw--;
                }
            } else {
                ws.set(at, ws.get(at) + 1);
                if (s <= paired && at + 1 < zs.size() && bits(zs.get(at + 1)).equals(bits(complement(z))))
                    ws.set(at + 1, ws.get(at + 1) + 1);
            }
        }
        double massLeft = 0, sampled = 0;
        for (int s = fullSizes + 1; s <= sizes; s++) massLeft += w[s];
        for (int i = fixed; i < ws.size(); i++) sampled += ws.get(i);
        for (int i = fixed; i < ws.size(); i++) ws.set(i, ws.get(i) * massLeft / sampled);
        return false;
    }

    /** The constrained weighted least squares described in the class comment. */
    private static double[] solve(int m, List<boolean[]> zs, List<Double> ws, double[] y, double base, double full) {
        double delta = full - base;
        double[] phi = new double[m];
        if (m == 1) {
            phi[0] = delta;
            return phi;
        }
        int q = m - 1;
        double[][] a = new double[q][q];
        double[] rhs = new double[q];
        double[] row = new double[q];
        for (int i = 0; i < zs.size(); i++) {
            boolean[] z = zs.get(i);
            double w = ws.get(i);
            double last = z[q] ? 1 : 0;
            for (int j = 0; j < q; j++) row[j] = (z[j] ? 1 : 0) - last;
            double t = y[i + 2] - base - last * delta;
            for (int j = 0; j < q; j++) {
                if (row[j] == 0) continue;
                double wr = w * row[j];
                rhs[j] += wr * t;
                for (int k = 0; k < q; k++) a[j][k] += wr * row[k];
            }
        }
        double[] sol = gauss(a, rhs);
        double sum = 0;
        for (int j = 0; j < q; j++) {
            phi[j] = sol[j];
            sum += sol[j];
        }
        phi[q] = delta - sum;
        return phi;
    }

    /** Solves a x = b by Gaussian elimination with partial pivoting; a singular system is an error. */
    static double[] gauss(double[][] a, double[] b) {
        int n = b.length;
        double scale = 0;
        for (double[] r : a) for (double v : r) scale = Math.max(scale, Math.abs(v));
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            if (Math.abs(a[piv][c]) <= 1e-13 * Math.max(scale, 1e-300))
                throw new IllegalStateException("KernelShap: the weighted least-squares system is singular (too few coalitions for "
                        + (n + 1) + " players); raise samples()");
            double[] tr = a[c];
            a[c] = a[piv];
            a[piv] = tr;
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                if (f == 0) continue;
                for (int k = c; k < n; k++) a[r][k] -= f * a[c][k];
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) s -= a[r][k] * x[k];
            x[r] = s / a[r][r];
        }
        return x;
    }

    private static boolean[] complement(boolean[] z) {
        boolean[] c = new boolean[z.length];
        for (int i = 0; i < z.length; i++) c[i] = !z[i];
        return c;
    }

    private static BitSet bits(boolean[] z) {
        BitSet b = new BitSet(z.length);
        for (int i = 0; i < z.length; i++) if (z[i]) b.set(i);
        return b;
    }

    static double binom(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r > 1e15 ? r : Math.rint(r);
    }
}
